package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented demo: secrets deleted from the work tree are still found in the history. */
class LeakyHistoryDemoTest {
  static final String RULES = "src/test/resources/scan/demo-rules";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theDemoHistoryHidesItsSecretsFromAFileScanButNotFromAHistoryScan() throws Exception {
    Path repo = dir.resolve("leaky-history");
    Process make =
        new ProcessBuilder("examples/leaky-repo/make-git-history.sh", repo.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("make.log").toFile())
            .start();
    int made = make.waitFor();
    assumeTrue(made != 127, "the demo script needs bash and the git command");
    assertThat(made).as(java.nio.file.Files.readString(dir.resolve("make.log"))).isZero();

    Cli files = Cli.run("scan", "--rules", RULES, "--format", "json", repo.toString());
    assertThat(files.exit()).isEqualTo(ExitCode.CLEAN);

    Cli history = Cli.run("scan", "--rules", RULES, "--format", "json", "--git", repo.toString());
    assertThat(history.exit()).isEqualTo(ExitCode.FINDINGS);
    JsonNode findings = JSON.readTree(history.out()).path("findings");
    assertThat(findings.findValuesAsText("rule"))
        .containsExactlyInAnyOrder("demo.github-token", "demo.stripe-key");
    List<String> messages;
    try (Git git = Git.open(repo.toFile())) {
      messages = new java.util.ArrayList<>();
      for (JsonNode commit : findings.findValues("commit")) {
        RevCommit c = git.getRepository().parseCommit(git.getRepository().resolve(commit.asText()));
        messages.add(c.getShortMessage());
      }
    }
    assertThat(messages).containsExactlyInAnyOrder("Add deploy script", "Local env");

    Cli since =
        Cli.run(
            "scan",
            "--rules",
            RULES,
            "--format",
            "json",
            "--git",
            repo.toString(),
            "--since",
            "HEAD~2");
    assertThat(JSON.readTree(since.out()).path("findings").findValuesAsText("rule"))
        .containsExactly("demo.stripe-key");
  }
}
