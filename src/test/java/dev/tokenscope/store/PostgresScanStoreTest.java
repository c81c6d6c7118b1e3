package dev.tokenscope.store;

import static dev.tokenscope.store.StoreFixtures.at;
import static dev.tokenscope.store.StoreFixtures.exposed;
import static dev.tokenscope.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store on a real PostgreSQL server started by the test. */
class PostgresScanStoreTest {
  private static EmbeddedPostgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static String url(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    return postgres.getJdbcUrl("postgres", database);
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void postgresStoreRecordsScansAndDiffsThemLikeTheEmbeddedOne() throws Exception {
    String url = url("diffs");
    Instant t1 = Instant.parse("2026-11-01T10:00:00Z");
    Instant t2 = Instant.parse("2026-11-02T10:00:00Z");
    try (ScanStore store = ScanStore.open(url, null, null)) {
      store.record(
          "repo",
          null,
          t1,
          t1,
          List.of(exposed(token(1), at("a.env", 1)), exposed(token(2), at("b.env", 1))),
          true);
      ScanRecord second =
          store.record(
              "repo",
              null,
              t2,
              t2,
              List.of(exposed(token(2), at("moved.env", 9)), exposed(token(3), at("c.env", 1))),
              true);
      ScanDiff diff = store.diff(second);
      assertThat(diff.appeared())
          .extracting(StoredFinding::fingerprint)
          .containsExactly(exposed(token(3)).credential().fingerprint());
      assertThat(diff.gone())
          .extracting(StoredFinding::fingerprint)
          .containsExactly(exposed(token(1)).credential().fingerprint());
      assertThat(
              store.findings("repo").get(exposed(token(2)).credential().fingerprint()).firstSeen())
          .isEqualTo(t1);
    }
  }

  @Test
  void shardsWritingConcurrentlyFromSeveralProcessesLoseNothingAndDuplicateNothing()
      throws Exception {
    String url = url("shards");
    int shards = 4;
    int targets = 12;
    int tokens = 40;
    int rounds = 3;
    // Migrate once first would hide migration races; let every process open (and migrate) itself.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    List<File> logs = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      File log = dir.resolve("shard-" + shard + ".log").toFile();
      logs.add(log);
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  ShardWriter.class.getName(),
                  url,
                  Integer.toString(shard),
                  Integer.toString(shards),
                  Integer.toString(targets),
                  Integer.toString(tokens),
                  Integer.toString(rounds))
              .redirectErrorStream(true)
              .redirectOutput(log)
              .start());
    }
    for (int i = 0; i < shards; i++) {
      assertThat(processes.get(i).waitFor(240, TimeUnit.SECONDS))
          .as("shard %d finished", i)
          .isTrue();
      assertThat(processes.get(i).exitValue())
          .as("shard %d exit code; output: %s", i, Files.readString(logs.get(i).toPath()))
          .isZero();
    }
    long scans = (long) targets * rounds + (long) shards * rounds;
    assertThat(count(url, "SELECT COUNT(*) FROM scan")).isEqualTo(scans);
    assertThat(count(url, "SELECT COUNT(*) FROM finding")).isEqualTo((long) (targets + 1) * tokens);
    assertThat(count(url, "SELECT COUNT(*) FROM finding_location"))
        .isEqualTo((long) (targets + 1) * tokens);
    assertThat(count(url, "SELECT COUNT(*) FROM scan_finding")).isEqualTo(scans * tokens);
    assertThat(count(url, "SELECT COUNT(DISTINCT target) FROM scan")).isEqualTo(targets + 1);
    assertThat(
            count(
                url,
                "SELECT COUNT(*) FROM (SELECT target, fingerprint FROM finding GROUP BY target, fingerprint HAVING COUNT(*) > 1) d"))
        .isZero();
    assertThat(count(url, "SELECT COUNT(*) FROM scan WHERE finding_count <> " + tokens)).isZero();
  }
}
