package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --staged}: the pre-commit check judges what {@code git commit} would record. */
class StagedScanTest {
  private static final String KEY_LINE = "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n";

  @TempDir Path repo;

  private Git checkout() throws Exception {
    Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    Files.writeString(repo.resolve(".tokenscope.yaml"), "allow:\n  paths: [\"fixtures/**\"]\n");
    Files.createDirectories(repo.resolve("fixtures"));
    Files.writeString(repo.resolve("fixtures/sample.env"), KEY_LINE);
    Files.writeString(repo.resolve("app.env"), "PORT=8080\n");
    git.add().addFilepattern(".").call();
    return git;
  }

  @Test
  void aSecretWrittenAfterGitAddIsNotWhatTheCommitRecords() throws Exception {
    try (Git git = checkout()) {
      Files.writeString(repo.resolve("app.env"), KEY_LINE);
      Cli run = Cli.run("scan", "--staged", repo.toString(), "--format", "json");
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CLEAN);
      assertThat(run.out()).contains("\"allow_listed\" : 1");
    }
  }

  @Test
  void aStagedSecretFailsTheCheckWithTheCheckoutsAllowListApplied() throws Exception {
    try (Git git = checkout()) {
      Files.writeString(repo.resolve("app.env"), KEY_LINE);
      git.add().addFilepattern("app.env").call();
      Files.writeString(repo.resolve("app.env"), "PORT=8080\n");
      Cli run = Cli.run("scan", "--staged", repo.toString(), "--format", "json");
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
      assertThat(run.out()).contains("\"path\" : \"app.env\"");
    }
  }

  private void commit(Git git) throws Exception {
    git.commit()
        .setMessage("c")
        .setAuthor("t", "t@example.com")
        .setCommitter("t", "t@example.com")
        .setSign(false)
        .call();
  }

  @Test
  void afterTheFirstCommitOnlyWhatTheCommitChangesIsJudged() throws Exception {
    // A hook judges the commit it guards: a file unchanged since HEAD was judged when it was
    // committed (the history scan covers it), and reading every file again on every commit made
    // the hook's time grow with the repository.
    try (Git git = checkout()) {
      Files.writeString(repo.resolve("old.env"), KEY_LINE);
      git.add().addFilepattern(".").call();
      commit(git);
      Files.writeString(repo.resolve("notes.txt"), "nothing secret\n");
      git.add().addFilepattern("notes.txt").call();

      Cli unchanged = Cli.run("scan", "--staged", repo.toString(), "--format", "json");

      assertThat(unchanged.exit()).as(unchanged.err()).isEqualTo(ExitCode.CLEAN);
      assertThat(unchanged.out()).doesNotContain("old.env").contains("\"files\" : 1");

      Files.writeString(repo.resolve("app.env"), "PORT=8080\n" + KEY_LINE);
      git.add().addFilepattern("app.env").call();

      Cli changed = Cli.run("scan", "--staged", repo.toString(), "--format", "json");

      assertThat(changed.exit()).as(changed.err()).isEqualTo(ExitCode.FINDINGS);
      assertThat(changed.out()).contains("\"path\" : \"app.env\"").doesNotContain("old.env");
    }
  }

  @Test
  void onlyTheFixtureStagedIsHiddenByTheAllowList() throws Exception {
    try (Git git = checkout()) {
      Cli run = Cli.run("scan", "--staged", repo.toString(), "--format", "text");
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CLEAN);
      assertThat(run.out()).contains("0 credentials (0 findings); hidden: 1 by the allow-list");
    }
  }

  @Test
  void stagedOutsideACheckoutIsAClearError(@TempDir Path plain) {
    Cli run = Cli.run("scan", "--staged", plain.toString(), "--format", "json");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("not a git repository");
  }

  @Test
  void stagedWithGitIsAUsageError() {
    Cli run = Cli.run("scan", "--staged", "--git", ".");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("--staged scans one checkout's index");
  }
}
