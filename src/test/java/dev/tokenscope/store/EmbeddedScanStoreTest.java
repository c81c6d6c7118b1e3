package dev.tokenscope.store;

import static dev.tokenscope.store.StoreFixtures.at;
import static dev.tokenscope.store.StoreFixtures.exposed;
import static dev.tokenscope.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.model.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedScanStoreTest {
  @TempDir Path dir;

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Instant T3 = Instant.parse("2026-11-03T10:00:00Z");

  private ScanStore open() {
    return ScanStore.open(StoreUrls.embedded(dir.resolve(".tokenscope")));
  }

  private static ScanRecord record(ScanStore store, Instant at, List<Finding> findings) {
    return store.record("repo-a", null, at, at, findings, true);
  }

  @Test
  void anEmbeddedStoreWritesEachCommitWhenItIsMadeUnlessItsUrlSaysOtherwise() {
    // A shard killed with kill -9 keeps what it committed (KilledShardCliTest is the whole story).
    assertThat(ScanStore.h2Settings("jdbc:h2:file:/tmp/s/history", Dialect.H2))
        .isEqualTo("jdbc:h2:file:/tmp/s/history;TRACE_LEVEL_FILE=0;WRITE_DELAY=0");
    assertThat(ScanStore.h2Settings("jdbc:h2:file:/tmp/s/history;write_delay=200", Dialect.H2))
        .isEqualTo("jdbc:h2:file:/tmp/s/history;write_delay=200;TRACE_LEVEL_FILE=0");
    assertThat(ScanStore.h2Settings("jdbc:postgresql://db/scans", Dialect.POSTGRESQL))
        .isEqualTo("jdbc:postgresql://db/scans");
  }

  @Test
  void embeddedStoreIsCreatedOnFirstUseAndKeepsScansAcrossOpenings() {
    try (ScanStore store = open()) {
      record(store, T1, List.of(exposed(token(1), at("a.env", 1))));
    }
    assertThat(dir.resolve(".tokenscope/history.mv.db")).exists();
    try (ScanStore store = open()) {
      assertThat(store.scans(null, 10))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.target()).isEqualTo("repo-a");
                assertThat(s.findingCount()).isEqualTo(1);
                assertThat(s.toolVersion()).isNotBlank();
              });
    }
  }

  @Test
  void storeHoldsFingerprintsAndRedactedFormsButNeverTheSecret() throws Exception {
    String secret = token(7);
    try (ScanStore store = open()) {
      record(store, T1, List.of(exposed(secret, at("config/app.env", 3))));
      StoredFinding stored = store.findings("repo-a").values().iterator().next();
      assertThat(stored.fingerprint()).startsWith("fp:");
      assertThat(stored.redacted()).doesNotContain(secret).startsWith("ghp_");
    }
    byte[] file = Files.readAllBytes(dir.resolve(".tokenscope/history.mv.db"));
    assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(secret)
        .doesNotContain(secret.substring(4));
  }

  @Test
  void aTokenThatAppearsIsNewAndOneThatIsRemovedIsGone() {
    try (ScanStore store = open()) {
      record(
          store, T1, List.of(exposed(token(1), at("a.env", 1)), exposed(token(2), at("b.env", 1))));
      ScanRecord second =
          record(
              store,
              T2,
              List.of(exposed(token(2), at("b.env", 1)), exposed(token(3), at("c.env", 5))));
      ScanDiff diff = store.diff(second);
      assertThat(diff.appeared())
          .extracting(StoredFinding::fingerprint)
          .containsExactly(exposed(token(3)).credential().fingerprint());
      assertThat(diff.gone())
          .extracting(StoredFinding::fingerprint)
          .containsExactly(exposed(token(1)).credential().fingerprint());
    }
  }

  @Test
  void aTokenMovedToAnotherLineOrFileIsTheSameFinding() {
    try (ScanStore store = open()) {
      record(store, T1, List.of(exposed(token(1), at("a.env", 1))));
      ScanRecord second = record(store, T2, List.of(exposed(token(1), at("moved/a.env", 40))));
      ScanDiff diff = store.diff(second);
      assertThat(diff.appeared()).isEmpty();
      assertThat(diff.gone()).isEmpty();
      assertThat(store.locationCount("repo-a")).isEqualTo(2);
    }
  }

  @Test
  void firstSeenStaysAtTheFirstSightingAndLastSeenMovesForward() {
    try (ScanStore store = open()) {
      record(store, T1, List.of(exposed(token(1), at("a.env", 1))));
      record(store, T3, List.of(exposed(token(1), at("a.env", 1))));
      StoredFinding stored = store.findings("repo-a").values().iterator().next();
      assertThat(stored.firstSeen()).isEqualTo(T1);
      assertThat(stored.lastSeen()).isEqualTo(T3);
    }
  }

  @Test
  void recordingTheSameFindingsTwiceAddsNoDuplicateRows() {
    try (ScanStore store = open()) {
      List<Finding> findings = List.of(exposed(token(1), at("a.env", 1), at("b.env", 2)));
      record(store, T1, findings);
      record(store, T1, findings);
      assertThat(store.findings("repo-a")).hasSize(1);
      assertThat(store.locationCount("repo-a")).isEqualTo(2);
      assertThat(store.scans("repo-a", 10)).hasSize(2);
    }
  }

  @Test
  void theFirstScanOfATargetReportsEverythingAsNew() {
    try (ScanStore store = open()) {
      ScanRecord first = record(store, T1, List.of(exposed(token(1), at("a.env", 1))));
      ScanDiff diff = store.diff(first);
      assertThat(diff.previous()).isNull();
      assertThat(diff.appeared()).hasSize(1);
    }
  }

  @Test
  void anIncompleteScanReportsNothingAsGoneAndIsNotTheBaselineOfTheNext() {
    try (ScanStore store = open()) {
      record(
          store, T1, List.of(exposed(token(1), at("a.env", 1)), exposed(token(2), at("b.env", 1))));
      ScanRecord partial =
          store.record("repo-a", null, T2, T2, List.of(exposed(token(1), at("a.env", 1))), false);
      assertThat(store.diff(partial).gone()).isEmpty();
      assertThat(store.diff(partial).goneKnown()).isFalse();
      ScanRecord third =
          record(
              store,
              T3,
              List.of(exposed(token(1), at("a.env", 1)), exposed(token(2), at("b.env", 1))));
      assertThat(store.diff(third).previous().startedAt()).isEqualTo(T1);
      assertThat(store.diff(third).appeared()).isEmpty();
    }
  }

  @Test
  void targetsAreKeptApart() {
    try (ScanStore store = open()) {
      store.record("repo-a", null, T1, T1, List.of(exposed(token(1), at("a.env", 1))), true);
      ScanRecord b =
          store.record("repo-b", null, T2, T2, List.of(exposed(token(1), at("a.env", 1))), true);
      assertThat(store.diff(b).appeared()).hasSize(1);
      assertThat(store.targets()).containsExactly("repo-a", "repo-b");
    }
  }

  @Test
  void anEmbeddedStoreInUseByAnotherProcessIsAClearErrorSayingWhatToDo() throws Exception {
    String url = StoreUrls.embedded(dir.resolve(".tokenscope"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                StoreHolder.class.getName(),
                url)
            .redirectErrorStream(true)
            .start();
    try {
      var lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo("open");
      assertThatThrownBy(() -> ScanStore.open(url))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("another tokenscope process is using this embedded store")
          .hasMessageContaining("PostgreSQL");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    try (ScanStore store = ScanStore.open(url)) {
      assertThat(store.scans(null, 1)).isEmpty();
    }
  }

  @Test
  void anUnsupportedStoreUrlIsAClearError() {
    assertThatThrownBy(() -> ScanStore.open("jdbc:sqlite:/tmp/x.db?password=hunter2"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unsupported store")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnreachablePostgresStoreIsAClearErrorWithoutThePassword() {
    assertThatThrownBy(
            () ->
                ScanStore.open(
                    "jdbc:postgresql://127.0.0.1:1/history?password=hunter2&connectTimeout=2"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            "cannot connect to the scan store jdbc:postgresql://127.0.0.1:1/history")
        .hasMessageContaining("check the host and port in --store")
        .hasMessageNotContaining("'null'")
        .hasMessageNotContaining("hunter2");
  }
}
