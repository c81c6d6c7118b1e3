package dev.tokenscope.store;

import static dev.tokenscope.store.StoreFixtures.at;
import static dev.tokenscope.store.StoreFixtures.exposed;
import static dev.tokenscope.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs, attempts, failures and retention on a real PostgreSQL server started by the test. */
class PostgresRunHistoryTest extends RunHistoryContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Override
  String freshUrl() throws Exception {
    String name = "runs" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  /** What a server restart does to every session but the one asking. */
  @Override
  void dropConnections() throws Exception {
    execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }

  @Test
  void aServerThatStaysDownEndsTheWriteAfterBoundedTriesWithTheConnectionErrorAsCause()
      throws Exception {
    EmbeddedPostgres own = EmbeddedPostgres.builder().start();
    String ownUrl = own.getJdbcUrl("postgres", "postgres");
    try (ScanStore store = ScanStore.open(ownUrl, null, null)) {
      Attempt a = store.beginAttempt("r1", null);
      store.record(
          a, "repo", Instant.now(), Instant.now(), List.of(exposed(token(1), at("a", 1))), true);
      own.close();
      long started = System.nanoTime();
      assertThatThrownBy(
              () ->
                  store.record(
                      a,
                      "repo-b",
                      Instant.now(),
                      Instant.now(),
                      List.of(exposed(token(2), at("a", 1))),
                      true))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot record the scan of repo-b")
          .hasMessageContaining("tried 6 times")
          .hasMessageNotContaining("roll back")
          .satisfies(e -> assertThat(((StoreException) e).unreachable()).isTrue());
      assertThat((System.nanoTime() - started) / 1e9).isLessThan(60);
    }
  }
}
