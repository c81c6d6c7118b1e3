package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.store.StoreUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled scans and pre-merge checks, through the CLI as users run it. */
class ScanHistoryCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Fake AWS access key ids, well-formed for the bundled aws.access-key-id rule.
  static final String KEY_A = "AKIAQYLPMN5HHHFPZAM2";
  static final String KEY_B = "AKIAZ7XK2MPQ4RTV6WYB";
  static final String KEY_C = "AKIA3HJ5NB7VC2XZ4LKQ";

  @TempDir Path dir;
  Path project;
  String store;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(dir.resolve("project"));
    store = StoreUrls.embedded(dir.resolve("store"));
  }

  private void write(String file, String... lines) throws Exception {
    Path path = project.resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, List.of(lines));
  }

  private Cli scan(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "scan",
                project.toString(),
                "--store",
                store,
                "--format",
                "json",
                "--target",
                "project"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<String> secrets(Cli run) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode f : JSON.readTree(run.out()).get("findings")) {
      out.add(f.get("secret").asText());
    }
    return out;
  }

  @Test
  void newOnlyReportsJustTheTokenThatAppearedSinceTheLastScanAndExitsOne() throws Exception {
    write("app.env", "AWS_ACCESS_KEY_ID=" + KEY_A);
    Cli first = scan("--new-only");
    assertThat(first.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(secrets(first)).hasSize(1);
    assertThat(first.err()).contains("1 new").contains("first scan of this target");

    write("deploy/ci.env", "KEY=" + KEY_B);
    Cli second = scan("--new-only");
    assertThat(second.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(secrets(second)).singleElement().asString().startsWith(KEY_B.substring(0, 5));

    Cli third = scan("--new-only");
    assertThat(third.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(secrets(third)).isEmpty();
  }

  @Test
  void aTokenMovedToAnotherLineAndFileIsNotNew() throws Exception {
    write("app.env", "AWS_ACCESS_KEY_ID=" + KEY_A);
    scan("--record");
    Files.delete(project.resolve("app.env"));
    write("config/moved.env", "# moved", "", "", "AWS_ACCESS_KEY_ID=" + KEY_A);
    Cli after = scan("--new-only");
    assertThat(after.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(secrets(after)).isEmpty();
  }

  @Test
  void diffShowsNewAndGoneTokensAndExitsOneWhenATokenAppeared() throws Exception {
    write("a.env", "ID=" + KEY_A);
    write("b.env", "ID=" + KEY_B);
    scan("--record");
    Files.delete(project.resolve("a.env"));
    write("c.env", "ID=" + KEY_C);
    scan("--record");

    Cli diff = Cli.run("diff", "--store", store, "--format", "json");
    assertThat(diff.exit()).isEqualTo(ExitCode.FINDINGS);
    JsonNode target = JSON.readTree(diff.out()).get(0);
    assertThat(target.get("target").asText()).isEqualTo("project");
    assertThat(target.get("new")).hasSize(1);
    assertThat(target.get("new").get(0).get("secret").asText()).startsWith(KEY_C.substring(0, 5));
    assertThat(target.get("gone")).hasSize(1);
    assertThat(target.get("gone").get(0).get("secret").asText()).startsWith(KEY_A.substring(0, 5));
    assertThat(diff.out()).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(KEY_C);

    Cli text = Cli.run("diff", "--store", store, "--target", "project", "--format", "text");
    assertThat(text.out()).contains("NEW").contains("GONE");

    scan("--record");
    assertThat(Cli.run("diff", "--store", store, "--format", "text").exit())
        .isEqualTo(ExitCode.CLEAN);
  }

  @Test
  void diffFailsOnlyOnNewCredentialsAtOrAboveFailOnAndWritesToOutput() throws Exception {
    write("a.env", "ID=" + KEY_A);
    scan("--record");
    Files.delete(project.resolve("a.env"));
    write("b.env", "ID=" + KEY_B); // a new medium finding; KEY_A gone
    scan("--record");

    assertThat(Cli.run("diff", "--store", store).exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(Cli.run("diff", "--store", store, "--fail-on", "medium").exit())
        .isEqualTo(ExitCode.FINDINGS);
    assertThat(Cli.run("diff", "--store", store, "--fail-on", "high").exit())
        .isEqualTo(ExitCode.CLEAN);
    assertThat(Cli.run("diff", "--store", store, "--fail-on", "none").exit())
        .isEqualTo(ExitCode.CLEAN);
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "fail_on: critical\n");
    assertThat(Cli.run("diff", "--store", store, "--config", config.toString()).exit())
        .as("the config's fail_on is the default threshold, as on scan")
        .isEqualTo(ExitCode.CLEAN);

    Path report = dir.resolve("diff.json");
    Cli written = Cli.run("diff", "--store", store, "-o", report.toString());
    assertThat(written.out()).isEmpty();
    assertThat(written.err()).contains("1 new (1 at or above --fail-on), 1 gone");
    JsonNode target = JSON.readTree(report.toFile()).get(0);
    assertThat(target.get("new")).hasSize(1);
    assertThat(target.get("gone")).hasSize(1);
    assertThat(Cli.run("diff", "--store", store, "-o", report.toString(), "-q").err()).isEmpty();

    Cli sarif = Cli.run("diff", "--store", store, "--format", "sarif");
    assertThat(sarif.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(sarif.err()).contains("use text or json");
  }

  @Test
  void historyFailsOnlyWhenAskedAndOnTheRunItShowsFirst() throws Exception {
    write("a.env", "ID=" + KEY_A);
    scan("--record");
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "fail_on: info\n");

    assertThat(Cli.run("history", "--store", store, "--config", config.toString()).exit())
        .as("a listing does not fail on the config's fail_on")
        .isEqualTo(ExitCode.CLEAN);
    Cli medium = Cli.run("history", "--store", store, "--fail-on", "medium", "--format", "text");
    assertThat(medium.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(medium.err()).contains("saw 1 credentials at or above --fail-on medium");
    assertThat(Cli.run("history", "--store", store, "--fail-on", "high").exit())
        .isEqualTo(ExitCode.CLEAN);
    assertThat(Cli.run("history", "--store", store, "--scans", "--fail-on", "medium").exit())
        .isEqualTo(ExitCode.FINDINGS);

    Files.delete(project.resolve("a.env"));
    scan("--record");
    assertThat(Cli.run("history", "--store", store, "--fail-on", "info").exit())
        .as("only the newest run counts, and it found nothing")
        .isEqualTo(ExitCode.CLEAN);

    Path report = dir.resolve("history.json");
    Cli written = Cli.run("history", "--store", store, "--format", "json", "-o", report.toString());
    assertThat(written.out()).isEmpty();
    assertThat(JSON.readTree(report.toFile())).hasSize(2);
  }

  @Test
  void failOnNoneNeverFailsAScan() throws Exception {
    write("a.env", "ID=" + KEY_A);
    assertThat(scan("--fail-on", "none").exit()).isEqualTo(ExitCode.CLEAN);
    Cli wrong = scan("--fail-on", "nope");
    assertThat(wrong.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(wrong.err()).contains("unknown severity 'nope'").contains("or none");
  }

  @Test
  void historyListsRecordedScansNewestFirst() throws Exception {
    write("a.env", "ID=" + KEY_A);
    scan("--record");
    write("b.env", "ID=" + KEY_B);
    scan("--record");
    JsonNode runs = JSON.readTree(Cli.run("history", "--store", store, "--format", "json").out());
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("state").asText()).isEqualTo("complete");
    assertThat(runs.get(0).get("findings").asInt()).isEqualTo(2);
    assertThat(Cli.run("history", "--store", store, "--format", "text").out())
        .contains("RUN")
        .contains("complete");
    Cli history = Cli.run("history", "--store", store, "--scans", "--format", "json");
    assertThat(history.exit()).isEqualTo(ExitCode.CLEAN);
    JsonNode scans = JSON.readTree(history.out());
    assertThat(scans).hasSize(2);
    assertThat(scans.get(0).get("findings").asInt()).isEqualTo(2);
    assertThat(scans.get(1).get("findings").asInt()).isEqualTo(1);
    assertThat(scans.get(0).get("tool_version").asText()).isNotBlank();
    assertThat(Cli.run("history", "--store", store, "--scans", "--format", "text").out())
        .contains("SCAN")
        .contains("project");
  }

  @Test
  void diffOfAnUnknownTargetIsAClearError() {
    Cli run = Cli.run("diff", "--store", store, "--target", "nowhere", "--format", "text");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("no scan of 'nowhere'").contains("tokenscope history");
  }

  @Test
  void baselineAcceptsTodaysTokensSoOnlyANewOneIsReported() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Path baseline = dir.resolve("baseline.json");
    Cli create = Cli.run("baseline", "create", project.toString(), "-o", baseline.toString());
    assertThat(create.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(Files.readString(baseline)).contains("fp:").doesNotContain(KEY_A);

    Cli clean =
        Cli.run("scan", project.toString(), "--baseline", baseline.toString(), "--format", "json");
    assertThat(clean.exit()).isEqualTo(ExitCode.CLEAN);
    write("b.env", "ID=" + KEY_B);
    Cli dirty =
        Cli.run("scan", project.toString(), "--baseline", baseline.toString(), "--format", "json");
    assertThat(dirty.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(secrets(dirty)).singleElement().asString().startsWith(KEY_B.substring(0, 5));
  }

  @Test
  void movingALineDoesNotChangeTheBaselineFile() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Path before = dir.resolve("before.json");
    Cli.run("baseline", "create", project.toString(), "-o", before.toString());
    Files.delete(project.resolve("a.env"));
    write("sub/other.env", "", "", "ID=" + KEY_A);
    Path after = dir.resolve("after.json");
    Cli.run("baseline", "create", project.toString(), "-o", after.toString());
    assertThat(Files.readString(after)).isEqualTo(Files.readString(before));
  }

  @Test
  void aMissingOrMalformedBaselineIsAClearError() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Cli missing =
        Cli.run("scan", project.toString(), "--baseline", dir.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.err()).contains("does not exist").contains("baseline create");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"credentials\": [{\"fingerprint\": \"nope\"}]}");
    Cli malformed = Cli.run("scan", project.toString(), "--baseline", bad.toString());
    assertThat(malformed.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(malformed.err()).contains(bad.toString()).contains("fingerprint");
  }

  @Test
  void aBadShardOrAShardWithoutRepositoriesIsAClearError() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Cli outOfRange = Cli.run("scan", "--git-url", "file:///nowhere", "--shard", "4/4");
    assertThat(outOfRange.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(outOfRange.err()).contains("0 <= i < n");
    Cli noRepos = Cli.run("scan", project.toString(), "--shard", "0/2");
    assertThat(noRepos.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(noRepos.err()).contains("--shard splits repositories");
  }

  @Test
  void everyNewCommandHasHelpAndTheRootListsThem() {
    for (String[] args :
        List.of(
            new String[] {"history", "--help"},
            new String[] {"diff", "--help"},
            new String[] {"baseline", "create", "--help"})) {
      Cli run = Cli.run(args);
      assertThat(run.exit()).isEqualTo(ExitCode.CLEAN);
      assertThat(run.out()).contains("Usage: tokenscope " + args[0]);
    }
    assertThat(Cli.run("--help").out()).contains("history").contains("diff").contains("baseline");
    assertThat(Cli.run("scan", "--help").out())
        .contains("--new-only")
        .contains("--shard=i/n")
        .contains("--github-org")
        .contains("html");
  }

  @Test
  void anUnusableStoreIsAClearErrorNotAStackTrace() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Cli run = Cli.run("scan", project.toString(), "--store", "jdbc:mysql://db/history");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("unsupported store").doesNotContain("Exception");
  }
}
