package dev.tokenscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
  @TempDir Path dir;

  @Test
  void oneLocalRepositorySpelledAsPathUrlDotDotTrailingSlashAndDotGitIsListedOnce()
      throws Exception {
    Path repo = dir.resolve("fleet/service");
    Files.createDirectories(dir.resolve("fleet/other"));
    Git.init().setDirectory(repo.toFile()).call().close();
    RepositoryList list = new RepositoryList();
    list.add(repo.toString());
    list.add("file://" + repo);
    list.add(dir.resolve("fleet/other/../service").toString());
    list.add(repo + "/");
    list.add(repo + "/.git");
    list.add(repo + ".git");
    assertThat(list.repositories())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("file://" + repo.toRealPath());
              assertThat(r.url()).isEqualTo(r.name());
            });
  }

  @Test
  void remoteSpellingsOfOneRepositoryAreOne() {
    assertThat(Repository.canonical("https://user@GitHub.com/Example/Repo.git/"))
        .isEqualTo(Repository.canonical("https://github.com/Example/Repo"))
        .isEqualTo("https://github.com/Example/Repo");
    assertThat(Repository.canonical("git@github.com:Example/Repo.git"))
        .isEqualTo("ssh://github.com/Example/Repo");
  }

  @Test
  void aLocalRepositoryIsMeasuredByItsObjectStoreAndAListedSizeIsKept() throws Exception {
    Path repo = dir.resolve("sized");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve("big.txt"), "x".repeat(50_000) + Math.random());
      git.add().addFilepattern(".").call();
      git.commit().setMessage("m").setAuthor("a", "a@example.com").setSign(false).call();
    }
    Repository measured = Repository.of(repo.toString(), Repository.UNKNOWN_SIZE);
    assertThat(measured.sizeBytes()).isPositive();
    assertThat(Repository.of("https://github.com/o/r", 2048).sizeBytes()).isEqualTo(2048);
    assertThat(Repository.of("https://github.com/o/r", Repository.UNKNOWN_SIZE).sizeBytes())
        .isEqualTo(Repository.UNKNOWN_SIZE);
  }
}
