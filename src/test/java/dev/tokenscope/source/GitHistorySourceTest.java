package dev.tokenscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistorySourceTest {
  static final String TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";
  static final Instant DAY1 = Instant.parse("2024-01-01T10:00:00Z");
  static final Instant DAY2 = Instant.parse("2024-01-02T10:00:00Z");
  static final Instant DAY3 = Instant.parse("2024-01-03T10:00:00Z");

  @TempDir Path dir;

  private RecordingSink read(Path repo, String since) {
    RecordingSink sink = new RecordingSink();
    new GitHistorySource(repo, since, 1024 * 1024).read(sink);
    return sink;
  }

  private static List<Chunk> containing(RecordingSink sink, String text) {
    return sink.chunks.stream().filter(c -> c.text().contains(text)).toList();
  }

  @Test
  void aSecretAddedThenDeletedIsReadFromTheCommitThatAddedIt() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("README.md", "hello\n").commit("start", "Ann", DAY1);
    RevCommit added =
        repo.write("config/app.env", "TOKEN=" + TOKEN + "\n").commit("add config", "Bob", DAY2);
    repo.delete("config/app.env").commit("oops, remove it", "Bob", DAY3);
    RecordingSink sink = read(dir, null);
    assertThat(sink.problems).isEmpty();
    assertThat(containing(sink, TOKEN))
        .singleElement()
        .satisfies(
            chunk ->
                assertThat(chunk.origins())
                    .containsExactly(
                        new Location(
                            "git",
                            "config/app.env",
                            0,
                            0,
                            added.name(),
                            "Bob <bob@example.com>",
                            DAY2,
                            null)));
  }

  @Test
  void eachUniqueBlobIsReadOnceWithEveryPlaceItWasIntroducedEarliestFirst() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    RevCommit first = repo.write("a/secret.txt", TOKEN + "\n").commit("one", "Ann", DAY1);
    repo.write("other.txt", "unrelated\n").commit("two", "Ann", DAY2);
    RevCommit copy = repo.write("b/copy.txt", TOKEN + "\n").commit("three", "Cid", DAY3);
    RecordingSink sink = read(dir, null);
    assertThat(containing(sink, TOKEN))
        .singleElement()
        .satisfies(
            chunk -> {
              assertThat(chunk.origins())
                  .extracting(Location::commit)
                  .containsExactly(first.name(), copy.name());
              assertThat(chunk.origins())
                  .extracting(Location::path)
                  .containsExactly("a/secret.txt", "b/copy.txt");
            });
    // Three distinct blobs in the history: the token file, "unrelated", nothing else.
    assertThat(sink.chunks).hasSize(2);
    assertThat(sink.stats().blobs.get()).isEqualTo(2);
  }

  @Test
  void commitsOnlyReachableFromAnotherBranchOrTagAreScanned() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("README.md", "hello\n").commit("start", "Ann", DAY1);
    repo.git().checkout().setCreateBranch(true).setName("feature").call();
    RevCommit onBranch =
        repo.write("feature.txt", TOKEN + "\n").commit("feature work", "Dee", DAY2);
    repo.git().checkout().setName("main").call();
    RecordingSink sink = read(dir, null);
    assertThat(containing(sink, TOKEN))
        .singleElement()
        .satisfies(
            chunk ->
                assertThat(chunk.origins())
                    .extracting(Location::commit)
                    .containsExactly(onBranch.name()));
  }

  @Test
  void aMergeIntroducesOnlyWhatNeitherParentHad() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("base.txt", "base\n").commit("start", "Ann", DAY1);
    repo.git().checkout().setCreateBranch(true).setName("side").call();
    RevCommit side = repo.write("side.txt", TOKEN + "\n").commit("side", "Ann", DAY2);
    repo.git().checkout().setName("main").call();
    repo.write("main.txt", "main\n").commit("main", "Ann", DAY2);
    repo.git().merge().include(side).setCommit(true).setMessage("merge").call();
    RecordingSink sink = read(dir, null);
    assertThat(containing(sink, TOKEN))
        .singleElement()
        .satisfies(
            chunk ->
                assertThat(chunk.origins())
                    .extracting(Location::commit)
                    .containsExactly(side.name()));
  }

  @Test
  void sinceReadsOnlyWhatCommitsAfterTheRevisionAddedOrChanged() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("old.txt", "tsk_aaaaaaaaaaaaaaaaaaaa\n")
        .write("changed.txt", "v1\n")
        .commit("old", "Ann", DAY1);
    repo.git().tag().setName("v1").call();
    RevCommit change =
        repo.write("changed.txt", "v2 " + TOKEN + "\n")
            .write("new.txt", "new\n")
            .commit("change", "Bob", DAY2);
    repo.delete("old.txt").commit("cleanup", "Bob", DAY3);
    RecordingSink sink = read(dir, "v1");
    assertThat(sink.problems).isEmpty();
    assertThat(sink.chunks)
        .extracting(Chunk::text)
        .containsExactlyInAnyOrder("v2 " + TOKEN + "\n", "new\n");
    assertThat(containing(sink, TOKEN))
        .singleElement()
        .satisfies(
            chunk ->
                assertThat(chunk.origins())
                    .extracting(Location::commit)
                    .containsExactly(change.name()));
  }

  @Test
  void anUnknownSinceRevisionIsReported() throws Exception {
    GitRepos.init(dir).write("a.txt", "a\n").commit("one", "Ann", DAY1);
    RecordingSink sink = read(dir, "origin/nope");
    assertThat(sink.chunks).isEmpty();
    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("--since origin/nope: no such revision"));
  }

  @Test
  void aFolderThatIsNoRepositoryIsReported() throws Exception {
    Files.writeString(dir.resolve("plain.txt"), "x\n");
    RecordingSink sink = read(dir, null);
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo(dir.toString());
              assertThat(p.message()).startsWith("not a git repository");
            });
  }

  @Test
  void aMissingFolderIsReported() {
    RecordingSink sink = read(dir.resolve("nope"), null);
    assertThat(sink.problems)
        .containsExactly(new Problem(dir.resolve("nope").toString(), "no such folder"));
  }

  @Test
  void aMissingBlobIsReportedAndEveryOtherBlobIsStillRead() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("lost.txt", "this blob will vanish\n")
        .write("kept.txt", TOKEN + "\n")
        .commit("one", "Ann", DAY1);
    String lost = blobId(repo.git(), "lost.txt");
    Files.delete(repo.looseObject(lost));
    RecordingSink sink = read(dir, null);
    assertThat(containing(sink, TOKEN)).hasSize(1);
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).startsWith("lost.txt (blob " + lost.substring(0, 10));
              assertThat(p.message()).contains("object " + lost + " is missing");
            });
  }

  @Test
  void aCorruptBlobIsReportedAndEveryOtherBlobIsStillRead() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("garbled.txt", "this blob will be garbled on disk\n")
        .write("kept.txt", TOKEN + "\n")
        .commit("one", "Ann", DAY1);
    String garbled = blobId(repo.git(), "garbled.txt");
    Path object = repo.looseObject(garbled);
    object.toFile().setWritable(true);
    Files.write(
        object,
        new byte[] {
          0x78, 0x01, 0x4b, (byte) 0xca, (byte) 0xc9, 0x4f, 0x52, 0x30
        }); // truncated zlib
    RecordingSink sink = read(dir, null);
    assertThat(containing(sink, TOKEN)).hasSize(1);
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).startsWith("garbled.txt (blob " + garbled.substring(0, 10));
              assertThat(p.message()).startsWith("cannot read the blob").contains("git fsck");
            });
  }

  @Test
  void aShallowCloneIsReportedAsPartialAndWhatItHoldsIsRead() throws Exception {
    Path origin = dir.resolve("origin");
    GitRepos repo = GitRepos.init(origin);
    repo.write("old.txt", "old\n").commit("one", "Ann", DAY1);
    repo.write("new.txt", TOKEN + "\n").commit("two", "Ann", DAY2);
    Path clone = dir.resolve("clone");
    try (Git shallow =
        Git.cloneRepository()
            .setURI(origin.toUri().toString())
            .setDirectory(clone.toFile())
            .setDepth(1)
            .call()) {
      assertThat(shallow.getRepository().getObjectDatabase().getShallowCommits()).hasSize(1);
    }
    RecordingSink sink = read(clone, null);
    assertThat(containing(sink, TOKEN)).hasSize(1);
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo(clone.toString());
              assertThat(p.message()).startsWith("shallow clone").contains("git fetch --unshallow");
            });
  }

  @Test
  void aBlobOverTheSizeLimitIsSkippedWithAMessage() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    repo.write("big.txt", "x".repeat(2000) + "\n")
        .write("small.txt", TOKEN + "\n")
        .commit("one", "Ann", DAY1);
    RecordingSink sink = new RecordingSink();
    new GitHistorySource(dir, null, 1000).read(sink);
    assertThat(containing(sink, TOKEN)).hasSize(1);
    assertThat(sink.stats().skipped.get()).isEqualTo(1);
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).startsWith("big.txt (blob ");
              assertThat(p.message()).contains("--max-file-size");
            });
  }

  private static String blobId(Git git, String path) throws Exception {
    ObjectId head = git.getRepository().resolve("HEAD^{tree}");
    try (TreeWalk walk = TreeWalk.forPath(git.getRepository(), path, head)) {
      return walk.getObjectId(0).name();
    }
  }

  @Test
  void aGarbledPackIsReportedAndLooseObjectsAreStillRead() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    StringBuilder filler = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      filler
          .append("line ")
          .append(i)
          .append(" of a file that makes the pack big enough to garble\n");
    }
    repo.write("packed.txt", filler.toString()).commit("one", "Ann", DAY1);
    repo.git().gc().call();
    RevCommit loose = repo.write("loose.txt", TOKEN + "\n").commit("two", "Bob", DAY2);
    Path pack;
    try (var packs = Files.list(dir.resolve(".git/objects/pack"))) {
      pack = packs.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(pack);
    for (int i = 12; i < bytes.length - 20; i++) {
      bytes[i] = (byte) (bytes[i] ^ 0x5a); // everything after the header, before the trailer
    }
    pack.toFile().setWritable(true);
    Files.write(pack, bytes);
    RecordingSink sink = read(dir, null);
    assertThat(sink.problems).isNotEmpty();
    assertThat(sink.problems).allSatisfy(p -> assertThat(p.message()).contains("git fsck"));
    assertThat(containing(sink, TOKEN))
        .singleElement()
        .satisfies(
            chunk ->
                assertThat(chunk.origins())
                    .extracting(Location::commit)
                    .containsExactly(loose.name()));
  }
}
