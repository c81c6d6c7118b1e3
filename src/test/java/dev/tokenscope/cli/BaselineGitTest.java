package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline create --git REPO}: accepting a history's credentials, not only today's files.
 */
class BaselineGitTest {
  @TempDir Path dir;

  private static void commit(Git git, Path repo, String file, String text) throws Exception {
    Files.writeString(repo.resolve(file), text);
    git.add().addFilepattern(file).call();
    PersonIdent who = new PersonIdent("Dev", "dev@example.com");
    git.commit().setMessage(file).setAuthor(who).setCommitter(who).call();
  }

  @Test
  void aBaselineOfTheHistoryHidesRemovedSecretsAndStillReportsANewOne() throws Exception {
    Path repo = dir.resolve("repo");
    Path baseline = dir.resolve("baseline.json");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      commit(git, repo, "app.env", "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n");
      commit(git, repo, "app.env", "AWS_ACCESS_KEY_ID=\n");
      Cli create =
          Cli.run("baseline", "create", "--git", repo.toString(), "-o", baseline.toString());
      assertThat(create.exit()).as(create.err()).isEqualTo(ExitCode.CLEAN);
      assertThat(create.err()).contains("wrote 1 credential fingerprint");

      Cli accepted =
          Cli.run(
              "scan",
              "--git",
              repo.toString(),
              "--baseline",
              baseline.toString(),
              "--format",
              "json");
      assertThat(accepted.exit()).as(accepted.err()).isEqualTo(ExitCode.CLEAN);
      assertThat(accepted.out()).contains("\"baselined\" : 1");

      commit(git, repo, "ci.env", "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAB7\n");
      Cli fresh =
          Cli.run(
              "scan",
              "--git",
              repo.toString(),
              "--baseline",
              baseline.toString(),
              "--format",
              "json");
      assertThat(fresh.exit()).isEqualTo(ExitCode.FINDINGS);
      assertThat(fresh.out()).contains("ci.env").doesNotContain("\"path\" : \"app.env\"");
    }
  }
}
