package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by the largest blob, not by the repository: a history holding 40 MB of distinct
 * content is scanned by a separate JVM whose heap is only 32 MB.
 */
class GitHistoryMemoryTest {
  static final String TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";
  static final int BLOBS = 160;
  static final int BLOB_BYTES = 256 * 1024;

  @TempDir Path dir;

  @Test
  void aHistoryMuchLargerThanTheHeapIsScannedWhole() throws Exception {
    Path repo = dir.resolve("repo");
    buildHistory(repo);
    Path out = dir.resolve("report.json");
    Process scan =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                // JDK 17 gives up an allocation after two tries while another thread is inside
                // zlib (a JNI critical region that holds off the collector), and reports a heap
                // this small as full when it is not (JDK-8308507, for G1); let it wait for the
                // collector.
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:GCLockerRetryAllocationCount=100",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "scan",
                "--rules",
                "src/test/resources/scan/rules",
                "--format",
                "json",
                "-q",
                "--output",
                out.toString(),
                "--git",
                repo.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("scan.log").toFile())
            .start();
    int exit = scan.waitFor();
    String log = Files.readString(dir.resolve("scan.log"));
    assertThat(log).doesNotContain("OutOfMemoryError");
    assertThat(exit).as(log).isEqualTo(ExitCode.FINDINGS);
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    assertThat(report.path("errors")).isEmpty();
    assertThat(report.at("/stats/blobs").asLong()).isEqualTo(BLOBS);
    assertThat(report.at("/stats/bytes").asLong()).isGreaterThan(BLOBS * (long) (BLOB_BYTES - 200));
    assertThat(report.path("findings").findValuesAsText("path")).containsExactly("data.txt");
  }

  /** One file rewritten by each commit with 256 KiB of new content; the token only in the first. */
  private static void buildHistory(Path dir) throws Exception {
    Random random = new Random(1);
    try (Repository repository = FileRepositoryBuilder.create(dir.resolve(".git").toFile())) {
      repository.create();
      ObjectId parent = null;
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        for (int i = 0; i < BLOBS; i++) {
          StringBuilder text = new StringBuilder(BLOB_BYTES);
          if (i == 0) {
            text.append("TOKEN=").append(TOKEN).append('\n');
          }
          while (text.length() < BLOB_BYTES - 80) {
            for (int c = 0; c < 72; c++) {
              text.append((char) ('a' + random.nextInt(26)));
            }
            text.append('\n');
          }
          ObjectId blob =
              inserter.insert(
                  Constants.OBJ_BLOB, text.toString().getBytes(StandardCharsets.US_ASCII));
          TreeFormatter tree = new TreeFormatter();
          tree.append("data.txt", FileMode.REGULAR_FILE, blob);
          CommitBuilder commit = new CommitBuilder();
          commit.setTreeId(inserter.insert(tree));
          if (parent != null) {
            commit.setParentIds(List.of(parent));
          }
          PersonIdent who =
              new PersonIdent(
                  "Ann",
                  "ann@example.com",
                  Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
                  ZoneOffset.UTC);
          commit.setAuthor(who);
          commit.setCommitter(who);
          commit.setMessage("change " + i);
          parent = inserter.insert(commit);
        }
        inserter.flush();
      }
      RefUpdate update = repository.updateRef("refs/heads/main");
      update.setNewObjectId(parent);
      update.forceUpdate();
      repository.updateRef(Constants.HEAD).link("refs/heads/main");
    }
  }
}
