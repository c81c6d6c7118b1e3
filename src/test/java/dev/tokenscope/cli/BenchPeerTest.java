package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --peer}: recall on rule examples in the layout other scanners publish. The rule
 * files here are written by this test, in that layout, with our own fake values.
 */
class BenchPeerTest {
  private static final String URL =
      "postgresql://billing:Fq7Lw3Nx5Rt8Vy2AbK@db.fake.invalid:5432/prod";

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void countsFoundExamplesAndReportedNegativesPerFolderAndNamesTheMostMissed(@TempDir Path dir)
      throws IOException {
    write(
        dir.resolve("one/rules/postgres.yml"),
        "rules:\n"
            + "  - name: Postgres URL\n"
            + "    id: peer.postgres.1\n"
            + "    examples:\n"
            + "      - 'DATABASE_URL="
            + URL
            + "'\n"
            + "      - 'no credential in this line at all'\n"
            + "    negative_examples:\n"
            + "      - 'DATABASE_URL=${DATABASE_URL}'\n"
            + "      - 'backup_url: "
            + URL.replace("prod", "backup")
            + "'\n");
    write(
        dir.resolve("two/other.yaml"),
        "rules:\n  - id: peer.widget.1\n    examples: ['widget token here']\n"
            + "  - id: peer.stripe.1\n    examples: ['STRIPE_KEY=sk_live_1234567890qWeRtYuIoPaSdF']\n");
    write(dir.resolve("two/ruleset.yml"), "rulesets:\n  - id: default\n");

    Cli cli =
        Cli.run(
            "bench",
            "--rules",
            "rules/detectors",
            "--peer",
            dir.resolve("one").toString(),
            "--peer",
            dir.resolve("two").toString());

    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(cli.out())
        .containsPattern(
            "(?m)one +recall 0\\.500 \\(1/2; 0\\.500 counting info\\)"
                + "  negatives reported 0\\.500 \\(1/2; 1 counting info\\)$")
        // A stand-in (a typed run in a Stripe key) is shown as info: counted only beside.
        .containsPattern(
            "(?m)two +recall 0\\.000 \\(0/2; 0\\.500 counting info\\)"
                + "  negatives reported 0\\.000 \\(0/0; 0 counting info\\)$")
        .containsPattern("(?m)^all +recall 0\\.250 \\(1/4; 0\\.500 counting info\\)")
        .contains("most missed: postgres 1 stripe 1 widget 1");
  }

  @Test
  void aFileThatIsNotYamlIsNamedAndTheOthersAreStillMeasured(@TempDir Path dir) throws IOException {
    write(dir.resolve("rules/broken.yml"), "rules: [ {id: x\n");
    write(
        dir.resolve("rules/good.yml"),
        "rules:\n  - id: peer.postgres.1\n    examples: ['DATABASE_URL=" + URL + "']\n");

    Cli cli = Cli.run("bench", "--rules", "rules/detectors", "--peer", dir.toString());

    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(cli.err()).contains("broken.yml: not YAML");
    assertThat(cli.out()).containsPattern("recall 1\\.000 \\(1/1;");
  }

  @Test
  void aMissingFolderIsAClearError(@TempDir Path dir) {
    Cli cli = Cli.run("bench", "--peer", dir.resolve("absent").toString());

    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(cli.err()).contains("absent: not a folder");
  }
}
