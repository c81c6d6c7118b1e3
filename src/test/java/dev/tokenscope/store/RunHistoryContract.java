package dev.tokenscope.store;

import static dev.tokenscope.store.StoreFixtures.at;
import static dev.tokenscope.store.StoreFixtures.exposed;
import static dev.tokenscope.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs and attempts, failures on record and retention: the same behaviour from the embedded store
 * and from a real PostgreSQL server (the subclasses say which).
 */
abstract class RunHistoryContract {
  static final Instant T0 = Instant.parse("2026-11-01T03:00:00Z");

  /** A fresh, empty store URL for one test. */
  abstract String freshUrl() throws Exception;

  /** Cuts every connection to the store, as a database restart or a network blip would. */
  abstract void dropConnections() throws Exception;

  /** Runs SQL on the store from another connection. */
  void execute(String sql) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  String url;
  private List<Duration> savedBackoff;

  @BeforeEach
  void fresh() throws Exception {
    url = freshUrl();
    savedBackoff = ScanStore.backoff;
    ScanStore.backoff = List.of(Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @AfterEach
  void restore() {
    ScanStore.backoff = savedBackoff;
  }

  ScanStore open() {
    return ScanStore.open(url, null, null);
  }

  static List<Finding> tokens(int... ns) {
    return java.util.Arrays.stream(ns).mapToObj(n -> exposed(token(n), at("app.env", n))).toList();
  }

  static String fp(int n) {
    return exposed(token(n)).credential().fingerprint();
  }

  static List<String> appeared(ScanDiff diff) {
    return diff.appeared().stream().map(StoredFinding::fingerprint).toList();
  }

  /** Records a target in an attempt and returns what is new in it. */
  static ScanDiff scan(ScanStore store, Attempt attempt, String target, int... ns) {
    return store.diff(store.record(attempt, target, T0, T0, tokens(ns), true));
  }

  @Test
  void everyAttemptOfARunReportsTheSameNewTokenAndTheNextRunDoesNot() {
    try (ScanStore store = open()) {
      Attempt first = store.beginAttempt("nightly-1", null);
      scan(store, first, "repo", 1);
      store.finishAttempt(first, Attempt.State.COMPLETE, null);

      // run 2 adds token 2; its first attempt is killed after recording (stays running)
      Attempt killed = store.beginAttempt("nightly-2", null);
      assertThat(appeared(scan(store, killed, "repo", 1, 2))).containsExactly(fp(2));
      Attempt retry = store.beginAttempt("nightly-2", null);
      assertThat(appeared(scan(store, retry, "repo", 1, 2))).containsExactly(fp(2));
      store.finishAttempt(retry, Attempt.State.COMPLETE, null);
      // a third attempt of the same run (a rerun after success) still reports it
      Attempt again = store.beginAttempt("nightly-2", null);
      assertThat(appeared(scan(store, again, "repo", 1, 2))).containsExactly(fp(2));
      store.finishAttempt(again, Attempt.State.COMPLETE, null);

      Attempt next = store.beginAttempt("nightly-3", null);
      assertThat(appeared(scan(store, next, "repo", 1, 2))).isEmpty();
      assertThat(store.runDiff("nightly-2"))
          .singleElement()
          .satisfies(d -> assertThat(appeared(d)).containsExactly(fp(2)));
      assertThat(store.run("nightly-2").orElseThrow().attempts())
          .extracting(Attempt::state)
          .containsExactly(Attempt.State.RUNNING, Attempt.State.COMPLETE, Attempt.State.COMPLETE);
    }
  }

  @Test
  void aRunWhoseAttemptsNeverCompletedIsNoBaselineSoTheNextRunReportsItsTokens() {
    try (ScanStore store = open()) {
      Attempt first = store.beginAttempt("r1", null);
      scan(store, first, "repo", 1);
      store.finishAttempt(first, Attempt.State.COMPLETE, null);
      Attempt crashed = store.beginAttempt("r2", null);
      scan(store, crashed, "repo", 1, 2);
      Attempt failed = store.beginAttempt("r3", null);
      scan(store, failed, "repo", 1, 2);
      store.finishAttempt(failed, Attempt.State.FAILED, "the report could not be written");

      Attempt next = store.beginAttempt("r4", null);
      assertThat(appeared(scan(store, next, "repo", 1, 2))).containsExactly(fp(2));
    }
  }

  @Test
  void aRunReplayedAfterALaterOneComparesWithTheRunsBeforeIt() {
    try (ScanStore store = open()) {
      Attempt a = store.beginAttempt("r1", null);
      scan(store, a, "repo", 1);
      store.finishAttempt(a, Attempt.State.COMPLETE, null);
      Attempt b = store.beginAttempt("r2", null);
      scan(store, b, "repo", 1, 2);
      store.finishAttempt(b, Attempt.State.COMPLETE, null);
      Attempt c = store.beginAttempt("r3", null);
      scan(store, c, "repo", 1, 2);
      store.finishAttempt(c, Attempt.State.COMPLETE, null);
      Attempt replay = store.beginAttempt("r2", null);
      assertThat(appeared(scan(store, replay, "repo", 1, 2))).containsExactly(fp(2));
    }
  }

  @Test
  void aRepositoryThatFailedIsOnRecordWithItsReasonAndNeverMakesItsTokensGone() {
    try (ScanStore store = open()) {
      Attempt first = store.beginAttempt("r1", "0/2");
      scan(store, first, "repo-a", 1, 2);
      scan(store, first, "repo-b", 3);
      store.finishAttempt(first, Attempt.State.COMPLETE, null);

      Attempt second = store.beginAttempt("r2", "0/2");
      ScanDiff failed =
          store.diff(store.recordFailure(second, "repo-a", T0, T0, "cannot clone repo-a: timeout"));
      scan(store, second, "repo-b", 3);
      store.finishAttempt(second, Attempt.State.COMPLETE, null);
      assertThat(failed.gone()).isEmpty();
      assertThat(failed.goneKnown()).isFalse();
      assertThat(failed.current().failure()).isEqualTo("cannot clone repo-a: timeout");

      RunSummary run = store.run("r2").orElseThrow();
      assertThat(run.latestScans())
          .extracting(ScanRecord::target)
          .containsExactly("repo-a", "repo-b");
      assertThat(run.failedScans())
          .extracting(ScanRecord::failure)
          .containsExactly("cannot clone repo-a: timeout");
      assertThat(store.runs(10)).extracting(RunSummary::runId).containsExactly("r2", "r1");

      // the next good scan compares with the last good one: nothing new, nothing gone
      Attempt third = store.beginAttempt("r3", "0/2");
      ScanDiff after = scan(store, third, "repo-a", 1, 2);
      assertThat(after.appeared()).isEmpty();
      assertThat(after.gone()).isEmpty();
      assertThat(after.previous().runId()).isEqualTo("r1");
    }
  }

  @Test
  void pruneKeepsTheNewestRunsAndEveryTargetsBaselineAndDropsCredentialsNoScanSaw() {
    try (ScanStore store = open()) {
      for (int r = 1; r <= 5; r++) {
        Attempt a = store.beginAttempt("r" + r, null);
        scan(store, a, "busy", r);
        if (r == 1) {
          scan(store, a, "quiet", 99);
        }
        store.finishAttempt(a, Attempt.State.COMPLETE, null);
      }
      ScanStore.Pruned pruned = store.prune(2, null);
      assertThat(store.runs(10)).extracting(RunSummary::runId).containsExactly("r5", "r4", "r1");
      assertThat(store.run("r1").orElseThrow().latestScans())
          .extracting(ScanRecord::target)
          .containsExactly("quiet");
      assertThat(store.findings("busy").keySet()).containsExactlyInAnyOrder(fp(4), fp(5));
      assertThat(store.findings("quiet").keySet()).containsExactly(fp(99));
      assertThat(pruned.scans()).isEqualTo(3);
      assertThat(pruned.runs()).isEqualTo(2);
      assertThat(pruned.credentials()).isEqualTo(3);

      Attempt next = store.beginAttempt("r6", null);
      assertThat(appeared(scan(store, next, "quiet", 99))).isEmpty();
    }
  }

  @Test
  void pruneOlderThanDeletesOnlyRunsThatBeganBeforeTheCutOff() {
    try (ScanStore store = open()) {
      Attempt old = store.beginAttempt("old", null);
      scan(store, old, "repo", 1);
      store.finishAttempt(old, Attempt.State.COMPLETE, null);
      Attempt recent = store.beginAttempt("recent", null);
      scan(store, recent, "repo", 1);
      store.finishAttempt(recent, Attempt.State.COMPLETE, null);
      assertThat(store.prune(null, Instant.now().minus(Duration.ofDays(1))).runs()).isZero();
      assertThat(store.prune(null, Instant.now().plus(Duration.ofDays(1))).runs()).isEqualTo(1);
      assertThat(store.runs(10)).extracting(RunSummary::runId).containsExactly("recent");
    }
  }

  @Test
  void aLostConnectionIsRestoredAndTheScanIsRecorded() throws Exception {
    try (ScanStore store = open()) {
      Attempt a = store.beginAttempt("r1", null);
      scan(store, a, "repo-a", 1);
      dropConnections();
      assertThat(appeared(scan(store, a, "repo-b", 2))).containsExactly(fp(2));
      store.finishAttempt(a, Attempt.State.COMPLETE, null);
      assertThat(store.run("r1").orElseThrow().latestScans()).hasSize(2);
    }
  }

  @Test
  void aRefusedWriteNamesItsCauseNotTheRollbackAndIsNotTriedForever() throws Exception {
    try (ScanStore store = open()) {
      Attempt a = store.beginAttempt("r1", null);
      execute("DROP TABLE scan_finding");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> scan(store, a, "repo", 1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot record the scan of repo")
          .satisfies(
              e -> {
                assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
                    .contains("scan_finding");
                assertThat(e.getMessage()).doesNotContain("roll back");
                assertThat(((StoreException) e).unreachable()).isFalse();
              });
    }
  }

  @Test
  void aStoreWrittenBeforeRunsExistedIsUpgradedAndItsScansStayReadableAndTheBaseline()
      throws Exception {
    org.flywaydb.core.Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration")
        .target("1")
        .load()
        .migrate();
    String fingerprint = fp(1);
    execute(
        "INSERT INTO scan (target, started_at, finished_at, tool_version, shard, finding_count, complete)"
            + " VALUES ('repo', TIMESTAMP WITH TIME ZONE '2026-10-01 03:00:00+00', TIMESTAMP WITH TIME ZONE '2026-10-01 03:01:00+00', '0.0.9', NULL, 1, TRUE)");
    execute(
        "INSERT INTO finding (target, fingerprint, rule_id, provider, redacted, severity, kinds, first_seen, last_seen)"
            + " VALUES ('repo', '"
            + fingerprint
            + "', 'github.classic-pat', 'github', 'ghp_…', 'HIGH', 'EXPOSED',"
            + " TIMESTAMP WITH TIME ZONE '2026-10-01 03:01:00+00', TIMESTAMP WITH TIME ZONE '2026-10-01 03:01:00+00')");
    execute(
        "INSERT INTO scan_finding (scan_id, fingerprint) SELECT id, '"
            + fingerprint
            + "' FROM scan");
    try (ScanStore store = open()) {
      ScanRecord old = store.scans("repo", 1).get(0);
      assertThat(old.toolVersion()).isEqualTo("0.0.9");
      assertThat(old.runId()).isEqualTo("scan-" + old.id());
      assertThat(store.run(old.runId()).orElseThrow().state()).isEqualTo(Attempt.State.COMPLETE);
      Attempt next = store.beginAttempt("after-upgrade", null);
      ScanDiff diff = scan(store, next, "repo", 1, 2);
      assertThat(appeared(diff)).containsExactly(fp(2));
      assertThat(diff.previous().id()).isEqualTo(old.id());
    }
  }
}
