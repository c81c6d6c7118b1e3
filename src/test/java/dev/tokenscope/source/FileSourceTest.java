package dev.tokenscope.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenscope.model.Chunk;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
  private static final long LIMIT = 1024 * 1024;

  @TempDir Path dir;

  private RecordingSink read(boolean honourIgnore, Path... roots) {
    RecordingSink sink = new RecordingSink();
    new FileSource(List.of(roots), LIMIT, honourIgnore).read(sink);
    return sink;
  }

  private Path write(String relative, String content) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  @Test
  void everyTextFileInNestedFoldersBecomesOneChunkWithItsPath() throws Exception {
    write("a.txt", "alpha\n");
    write("src/main/b.properties", "beta\n");
    write("src/main/deep/c.yaml", "gamma\n");
    RecordingSink sink = read(true, dir);
    assertThat(sink.paths())
        .containsExactly(
            dir.resolve("a.txt").toString(),
            dir.resolve("src/main/b.properties").toString(),
            dir.resolve("src/main/deep/c.yaml").toString());
    assertThat(sink.stats().files.get()).isEqualTo(3);
    assertThat(sink.stats().bytes.get()).isEqualTo(6 + 5 + 6);
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void gitIgnoredFilesAndFoldersAreSkippedIncludingNestedIgnoreFiles() throws Exception {
    write(".gitignore", "*.log\nbuild/\n");
    write("app.log", "ignored by the root file\n");
    write("build/out.txt", "ignored folder\n");
    write("keep.txt", "kept\n");
    write("sub/.gitignore", "local.env\n!important.log\n");
    write("sub/local.env", "ignored by the nested file\n");
    write("sub/important.log", "re-included by the nested file\n");
    write("sub/code.py", "kept\n");
    write("other/local.env", "the nested rule does not apply here\n");
    RecordingSink sink = read(true, dir);
    assertThat(sink.paths())
        .extracting(p -> dir.relativize(Path.of(p)).toString())
        .containsExactlyInAnyOrder(
            ".gitignore",
            "keep.txt",
            "sub/.gitignore",
            "sub/important.log",
            "sub/code.py",
            "other/local.env");
  }

  @Test
  void ignoreFilesOfTheEnclosingRepositoryApplyWhenScanningASubfolder() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    write(".gitignore", "secrets/\n");
    write("project/secrets/a.txt", "ignored by the repository root's file\n");
    write("project/main.txt", "kept\n");
    RecordingSink sink = read(true, dir.resolve("project"));
    assertThat(sink.paths()).containsExactly(dir.resolve("project/main.txt").toString());
  }

  /** Makes {@code dir} a git repository whose index holds exactly these files. */
  private void track(String... paths) throws Exception {
    try (org.eclipse.jgit.api.Git git =
            org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile()).call();
        org.eclipse.jgit.lib.ObjectInserter inserter = git.getRepository().newObjectInserter()) {
      org.eclipse.jgit.dircache.DirCache index = git.getRepository().lockDirCache();
      org.eclipse.jgit.dircache.DirCacheBuilder builder = index.builder();
      for (String path : paths) {
        org.eclipse.jgit.dircache.DirCacheEntry entry =
            new org.eclipse.jgit.dircache.DirCacheEntry(path);
        entry.setFileMode(org.eclipse.jgit.lib.FileMode.REGULAR_FILE);
        entry.setObjectId(
            inserter.insert(
                org.eclipse.jgit.lib.Constants.OBJ_BLOB, Files.readAllBytes(dir.resolve(path))));
        builder.add(entry);
      }
      inserter.flush();
      builder.commit();
    }
  }

  /**
   * Git does not apply ignore rules to a file it tracks: a {@code .env} committed before it was
   * ignored is in every clone, and is scanned. Untracked files in the same ignored folder are not.
   */
  @Test
  void aFileGitTracksIsScannedEvenWhenAnIgnoreRuleMatchesIt() throws Exception {
    write(".gitignore", ".env\nsecrets/\n");
    write("worker/.env", "tracked, committed before .env was ignored\n");
    write("api/.env", "ignored and untracked\n");
    write("secrets/prod.yml", "tracked inside an ignored folder\n");
    write("secrets/local.yml", "ignored and untracked\n");
    write("main.txt", "kept\n");
    // What git add -f leaves: both files in the index although ignore rules match them.
    track(".gitignore", "main.txt", "worker/.env", "secrets/prod.yml");

    RecordingSink sink = read(true, dir);

    assertThat(sink.paths())
        .extracting(p -> dir.relativize(Path.of(p)).toString())
        .containsExactlyInAnyOrder(".gitignore", "main.txt", "worker/.env", "secrets/prod.yml");
    assertThat(sink.problems).isEmpty();
    // A folder named on the command line is scanned whole, ignored or not.
    assertThat(read(true, dir.resolve("secrets")).paths())
        .containsExactly(
            dir.resolve("secrets/local.yml").toString(),
            dir.resolve("secrets/prod.yml").toString());
  }

  /**
   * Scanned content does not choose what is read from this machine: a .git file pointing at another
   * repository (whose index tracks the ignored file) is not followed.
   */
  @Test
  void aGitFilePointingElsewhereIsNotFollowed(@TempDir Path elsewhere) throws Exception {
    Path scanned = dir;
    dir = elsewhere;
    write("local.env", "x\n");
    track("local.env");
    dir = scanned;
    write(".gitignore", "*.env\n");
    write("local.env", "ignored, and not tracked here\n");
    write(".git", "gitdir: " + elsewhere.resolve(".git") + "\n");

    RecordingSink sink = read(true, dir);

    assertThat(sink.paths())
        .extracting(p -> dir.relativize(Path.of(p)).toString())
        .containsExactlyInAnyOrder(".git", ".gitignore");
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void anUnreadableGitIndexIsNamedAndTheIgnoreRulesStillApply() throws Exception {
    write(".gitignore", "*.log\n");
    write(".git/index", "not an index");
    write("app.log", "ignored\n");
    write("main.txt", "kept\n");

    RecordingSink sink = read(true, dir);

    assertThat(sink.paths())
        .extracting(p -> dir.relativize(Path.of(p)).toString())
        .containsExactlyInAnyOrder(".gitignore", "main.txt");
    assertThat(sink.problems)
        .singleElement()
        .asString()
        .contains("index")
        .contains("cannot read the git index");
  }

  @Test
  void noIgnoreScansWhatGitWouldIgnoreButNeverTheGitFolder() throws Exception {
    write(".gitignore", "*.log\n");
    write("app.log", "scanned with --no-ignore\n");
    write(".git/config", "[core]\n");
    RecordingSink sink = read(false, dir);
    assertThat(sink.paths())
        .extracting(p -> dir.relativize(Path.of(p)).toString())
        .containsExactlyInAnyOrder(".gitignore", "app.log");
  }

  @Test
  void binaryFilesAreSkippedAndCounted() throws Exception {
    Files.write(dir.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
    write("text.txt", "plain\n");
    RecordingSink sink = read(true, dir);
    assertThat(sink.paths()).containsExactly(dir.resolve("text.txt").toString());
    assertThat(sink.stats().skipped.get()).isEqualTo(1);
    assertThat(sink.skipped).containsExactly(dir.resolve("image.png") + ": binary");
  }

  @Test
  void aTwoGigabyteFileIsSkippedWithAMessageWithoutBeingRead() throws Exception {
    Path huge = dir.resolve("dump.sql");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(2L * 1024 * 1024 * 1024); // sparse: takes no disk space
    }
    write("small.txt", "tiny\n");
    RecordingSink sink = read(true, dir);
    assertThat(sink.paths()).containsExactly(dir.resolve("small.txt").toString());
    assertThat(sink.stats().bytes.get()).isEqualTo(5);
    assertThat(sink.stats().skipped.get()).isEqualTo(1);
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo(huge.toString());
              assertThat(p.message()).contains("2.0 GB").contains("--max-file-size");
            });
  }

  @Test
  void anUnreadableFileIsReportedByNameAndTheRestIsScanned() throws Exception {
    write("good.txt", "readable\n");
    // Root reads any file whatever its mode, so the unreadable file is one the kernel refuses to
    // read: /proc/self/mem at offset 0 (an unmapped address) fails with an I/O error.
    Path locked = write("locked.txt", "no access\n");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Path unreadable = Files.isReadable(locked) ? Path.of("/proc/self/mem") : locked;
    assumeTrue(Files.exists(unreadable), "needs either a non-root user or Linux /proc");
    RecordingSink sink = read(true, dir.resolve("good.txt"), unreadable);
    assertThat(sink.paths()).containsExactly(dir.resolve("good.txt").toString());
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo(unreadable.toString());
              assertThat(p.message()).startsWith("cannot read: ");
            });
  }

  @Test
  void aMissingPathIsReportedAndTheOthersAreScanned() throws Exception {
    Path good = write("good.txt", "readable\n");
    RecordingSink sink = read(true, dir.resolve("nope"), good);
    assertThat(sink.paths()).containsExactly(good.toString());
    assertThat(sink.problems)
        .containsExactly(new Problem(dir.resolve("nope").toString(), "no such file or directory"));
  }

  @Test
  void aFifoIsSkippedInsteadOfBlockingTheScan() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is needed");
    write("good.txt", "readable\n");
    RecordingSink sink = read(true, dir);
    assertThat(sink.paths()).containsExactly(dir.resolve("good.txt").toString());
    assertThat(sink.skipped).containsExactly(fifo + ": not a regular file");
  }

  @Test
  void invalidUtf8IsStillScannedWithItsAsciiIntact() throws Exception {
    byte[] prefix = {'k', 'e', 'y', '=', (byte) 0xC3, (byte) 0x28, ' '};
    byte[] token = "tsk_q8v2m4k7x1z9c3b6n5h0\n".getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[prefix.length + token.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(token, 0, content, prefix.length, token.length);
    Files.write(dir.resolve("latin.txt"), content);
    RecordingSink sink = read(true, dir);
    assertThat(sink.chunks)
        .singleElement()
        .extracting(Chunk::text)
        .asString()
        .contains("tsk_q8v2m4k7x1z9c3b6n5h0");
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void textIsDecodedAsUtf8WhenValidAndOtherwiseByteForByteAsLatin1() {
    assertThat(FileSource.decode("plain ascii".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("plain ascii");
    assertThat(FileSource.decode("pässwörd ✓".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("pässwörd ✓");
    // A replacement character written in the file is text, not a sign of bad input.
    assertThat(FileSource.decode("a\uFFFDb".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("a\uFFFDb");
    byte[] invalid = {'k', '=', (byte) 0xC3, (byte) 0x28, (byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    assertThat(FileSource.decode(invalid))
        .isEqualTo(new String(invalid, StandardCharsets.ISO_8859_1));
  }

  @Test
  void aFileLongerThanItsReportedSizeIsReadToTheEnd() throws Exception {
    // /proc files report size 0 but have content; the reader must not trust the size alone.
    Path environ = Path.of("/proc/self/status");
    assumeTrue(Files.exists(environ) && Files.size(environ) == 0, "needs Linux /proc");
    RecordingSink sink = read(true, environ);
    assertThat(sink.problems).isEmpty();
    assertThat(sink.chunks).singleElement().extracting(Chunk::text).asString().contains("Name:");
  }

  /** The UTF-16 test as it was before it stopped early: every pair of the 8 KiB probe counted. */
  private static java.nio.charset.Charset utf16Counted(byte[] bytes) {
    int limit = Math.min(bytes.length, FileSource.BINARY_PROBE) & ~1;
    if (limit < 8 || (bytes[0] & 0xff) == 0xff || (bytes[0] & 0xff) == 0xfe) {
      return FileSource.utf16(bytes, bytes.length); // too short, or a byte-order mark
    }
    int zeroEven = 0;
    int zeroOdd = 0;
    for (int i = 0; i < limit; i += 2) {
      zeroEven += bytes[i] == 0 ? 1 : 0;
      zeroOdd += bytes[i + 1] == 0 ? 1 : 0;
    }
    int pairs = limit / 2;
    if (zeroOdd * 10 >= pairs * 9 && zeroEven * 10 < pairs) {
      return StandardCharsets.UTF_16LE;
    }
    if (zeroEven * 10 >= pairs * 9 && zeroOdd * 10 < pairs) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  @Test
  void theUtf16TestStopsEarlyWithoutChangingAnyAnswer() {
    // Texts around the nine-in-ten threshold, of many lengths, with the NULs on either side, and
    // their non-NUL bytes anywhere (early, late, spread): the early stop must never change a
    // verdict.
    java.util.Random random = new java.util.Random(7);
    int utf16 = 0;
    for (int n = 0; n < 4000; n++) {
      int length = 8 + random.nextInt(random.nextBoolean() ? 400 : 12_000);
      byte[] bytes = new byte[length];
      double density = 0.8 + random.nextDouble() * 0.2;
      boolean little = random.nextBoolean();
      int layout = random.nextInt(3);
      for (int i = 0; i + 1 < length; i += 2) {
        double where =
            layout == 0
                ? random.nextDouble()
                : layout == 1 ? (double) i / length : 1 - (double) i / length;
        boolean nul = layout == 0 ? where < density : where < density || random.nextInt(20) == 0;
        bytes[little ? i : i + 1] = (byte) ('a' + random.nextInt(26));
        bytes[little ? i + 1 : i] = nul ? 0 : (byte) ('a' + random.nextInt(26));
      }
      java.nio.charset.Charset expected = utf16Counted(bytes);
      utf16 += expected == null ? 0 : 1;
      assertThat(FileSource.utf16(bytes, bytes.length)).as("case %d", n).isEqualTo(expected);
    }
    assertThat(utf16).as("cases found to be UTF-16").isBetween(400, 3600);
  }

  /**
   * Files are read on several threads while the walk goes on; a failure on one of them (a bug: I/O
   * trouble is reported per file) ends the read with that failure instead of hanging or being lost,
   * and every file that was read before is still handed on.
   */
  @Test
  void aFailureOnAReadingThreadReachesTheCallerWithoutHanging() throws Exception {
    for (int i = 0; i < 200; i++) {
      write("d" + (i % 7) + "/f" + i + ".txt", "line " + i + "\n");
    }
    RecordingSink failing =
        new RecordingSink() {
          @Override
          public void chunk(Chunk chunk) {
            if (chunk.origins().get(0).path().endsWith("f57.txt")) {
              throw new AssertionError("sink broke on f57");
            }
            super.chunk(chunk);
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new FileSource(List.of(dir), LIMIT, true).read(failing))
        .isInstanceOf(AssertionError.class)
        .hasMessage("sink broke on f57");
    assertThat(failing.chunks.size()).isLessThan(200);
  }

  @Test
  void everyFileOfAWideTreeIsReadOnceWhileTheWalkGoesOn() throws Exception {
    for (int i = 0; i < 500; i++) {
      write("d" + (i % 23) + "/e" + (i % 5) + "/f" + i + ".txt", "value " + i + "\n");
    }
    RecordingSink sink = read(true, dir);
    assertThat(sink.chunks).hasSize(500);
    assertThat(sink.paths()).doesNotHaveDuplicates();
  }
}
