package dev.tokenscope.cli;

import static dev.tokenscope.cli.FleetFixture.JSON;
import static dev.tokenscope.cli.FleetFixture.commit;
import static dev.tokenscope.cli.FleetFixture.key;
import static dev.tokenscope.cli.FleetFixture.reported;
import static dev.tokenscope.cli.FleetFixture.repository;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.fleet.Repository;
import dev.tokenscope.fleet.RepositoryScanner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scheduled scans as users run them, against the embedded store and a real PostgreSQL server: runs
 * and their attempts, repositories recorded under their own names, failures on record, and a store
 * that fails mid-run.
 */
class ScheduledRunCliTest {
  private static EmbeddedPostgres postgres;
  private final RepositoryScanner realScanner = HistoryOptions.repositoryScanner;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @AfterEach
  void restoreScanner() {
    HistoryOptions.repositoryScanner = realScanner;
  }

  private List<Path> fleet(int n) throws Exception {
    List<Path> repositories = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      repositories.add(
          repository(dir, "service-" + i, "config/app.env", "AWS_ACCESS_KEY_ID=" + key(i) + "\n"));
    }
    return repositories;
  }

  private static Cli scan(Path list, String store, String run, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "scan",
                "--repos",
                list.toString(),
                "--store",
                store,
                "--record",
                "--run",
                run,
                "--new-only",
                "--format",
                "json"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void replayingARunAfterATokenIsAddedReportsItInEveryAttemptAndInNoLaterRun(String kind)
      throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    List<Path> repositories = fleet(2);
    Path list = FleetFixture.list(dir, repositories);

    Cli first = scan(list, store, "nightly-1");
    assertThat(first.exit()).as(first.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(reported(first.out())).hasSize(2);

    commit(repositories.get(1), "deploy/new.env", "AWS_ACCESS_KEY_ID=" + key(99) + "\n");
    for (int attempt = 1; attempt <= 2; attempt++) {
      Cli replay = scan(list, store, "nightly-2");
      assertThat(replay.exit())
          .as("attempt %d: %s", attempt, replay.err())
          .isEqualTo(ExitCode.FINDINGS);
      assertThat(reported(replay.out()))
          .as("attempt %d", attempt)
          .containsExactly("service-1/deploy/new.env");
    }
    Cli diff = Cli.run("diff", "--store", store, "--run", "nightly-2", "--format", "json");
    assertThat(diff.exit()).isEqualTo(ExitCode.FINDINGS);
    int fresh = 0;
    for (JsonNode d : JSON.readTree(diff.out())) {
      fresh += d.get("new").size();
      assertThat(d.get("gone")).isEmpty();
    }
    assertThat(fresh).isEqualTo(1);

    Cli later = scan(list, store, "nightly-3");
    assertThat(later.exit()).as(later.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(reported(later.out())).isEmpty();
    assertThat(Cli.run("diff", "--store", store, "--format", "text").exit())
        .isEqualTo(ExitCode.CLEAN);
    JsonNode run =
        JSON.readTree(
            Cli.run("history", "--store", store, "--run", "nightly-2", "--format", "json").out());
    assertThat(run.get("attempts")).hasSize(2);
    assertThat(run.get("state").asText()).isEqualTo("complete");
    assertThat(run.get("targets").asInt()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void repositoriesScannedOneAfterAnotherWithGitAreEachTheirOwnTargetAndNothingLooksGone(
      String kind) throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    List<Path> repositories = fleet(2);
    for (Path r : repositories) {
      Cli run =
          Cli.run("scan", "--git", r.toString(), "--store", store, "--record", "--format", "json");
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    }
    JsonNode scans =
        JSON.readTree(Cli.run("history", "--store", store, "--scans", "--format", "json").out());
    List<String> targets = new ArrayList<>();
    scans.forEach(s -> targets.add(s.get("target").asText()));
    assertThat(targets)
        .containsExactlyInAnyOrder(
            Repository.canonical(repositories.get(0).toString()),
            Repository.canonical(repositories.get(1).toString()));
    for (Path r : repositories) {
      Cli diff =
          Cli.run(
              "diff",
              "--store",
              store,
              "--target",
              Repository.canonical(r.toString()),
              "--format",
              "json");
      assertThat(JSON.readTree(diff.out()).get(0).get("gone")).isEmpty();
    }
    Cli again =
        Cli.run(
            "scan",
            "--git",
            repositories.get(0) + "/",
            "--store",
            store,
            "--new-only",
            "--format",
            "json");
    assertThat(again.exit()).as(again.err()).isEqualTo(ExitCode.CLEAN);
    Cli diff = Cli.run("diff", "--store", store, "--format", "text");
    assertThat(diff.out()).contains("no change").doesNotContain("GONE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void aRepositoryThatCannotBeReadIsOnRecordWithItsReasonAndItsTokensNeverLookGone(String kind)
      throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    List<Path> repositories = fleet(2);
    Path list = FleetFixture.list(dir, repositories);
    assertThat(scan(list, store, "r1").exit()).isEqualTo(ExitCode.FINDINGS);

    Path away = dir.resolve("moved-away");
    Files.move(repositories.get(0), away);
    Cli broken = scan(list, store, "r2");
    assertThat(broken.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(JSON.readTree(broken.out()).get("errors").toString()).contains("service-0");
    Cli coverage = Cli.run("history", "--store", store, "--run", "r2", "--format", "text");
    assertThat(coverage.out())
        .contains("2 targets, 1 failed")
        .contains("FAILED   file://")
        .contains("service-0: cannot clone");
    Cli diff = Cli.run("diff", "--store", store, "--run", "r2", "--format", "text");
    assertThat(diff.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(diff.out()).contains("FAILED").doesNotContain("GONE");
    JsonNode runs = JSON.readTree(Cli.run("history", "--store", store, "--format", "json").out());
    assertThat(runs.get(0).get("failed").asInt()).isEqualTo(1);

    Files.move(away, repositories.get(0));
    Cli back = scan(list, store, "r3");
    assertThat(back.exit()).as(back.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(Cli.run("diff", "--store", store, "--run", "r3", "--format", "text").out())
        .doesNotContain("GONE")
        .doesNotContain("NEW");
  }

  /** Breaks the store just before the n-th repository is read. */
  private void breakStoreBefore(int n, String store, String sql) {
    AtomicInteger opened = new AtomicInteger();
    HistoryOptions.repositoryScanner =
        (bare, name) -> {
          if (opened.incrementAndGet() == n) {
            try (Connection c = DriverManager.getConnection(store);
                Statement s = c.createStatement()) {
              s.execute(sql);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return realScanner.open(bare, name);
        };
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void aStoreFailureMidRunKeepsTheReportOfEverythingScannedAndNamesTheCause(String kind)
      throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    Path list = FleetFixture.list(dir, fleet(3));
    assertThat(scan(list, store, "r1").exit()).isEqualTo(ExitCode.FINDINGS);
    breakStoreBefore(2, store, "DROP TABLE scan_finding");
    Path report = dir.resolve("r2.json");
    Cli run = scan(list, store, "r2", "-o", report.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    // nothing is new in r2, but what could not be recorded cannot be ruled known: reported in full
    assertThat(reported(Files.readString(report))).hasSize(2);
    assertThat(run.err().toLowerCase(java.util.Locale.ROOT))
        .contains("cannot record the scan of")
        .contains("scan_finding")
        .doesNotContain("roll back");
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void aConnectionLostMidRunIsRestoredAndNothingIsLost(String kind) throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    Path list = FleetFixture.list(dir, fleet(3));
    breakStoreBefore(
        2,
        store,
        kind.equals("embedded")
            ? "SHUTDOWN"
            : "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    Cli run = scan(list, store, "r1");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(reported(run.out())).hasSize(3);
    JsonNode history =
        JSON.readTree(
            Cli.run("history", "--store", store, "--run", "r1", "--format", "json").out());
    assertThat(history.get("targets").asInt()).isEqualTo(3);
    assertThat(history.get("state").asText()).isEqualTo("complete");
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void prunedHistoryKeepsTheNewestRunsAndNothingKnownComesBackAsNew(String kind) throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    Path list = FleetFixture.list(dir, fleet(2));
    for (int r = 1; r <= 4; r++) {
      assertThat(scan(list, store, "r" + r).exit()).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    }
    Cli prune = Cli.run("history", "prune", "--store", store, "--keep-runs", "2");
    assertThat(prune.exit()).as(prune.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(prune.out()).contains("2 runs");
    JsonNode runs = JSON.readTree(Cli.run("history", "--store", store, "--format", "json").out());
    List<String> ids = new ArrayList<>();
    runs.forEach(r -> ids.add(r.get("run").asText()));
    assertThat(ids).containsExactly("r4", "r3");
    assertThat(Cli.run("history", "prune", "--store", store).exit()).isEqualTo(ExitCode.CLEAN);
    Cli next = scan(list, store, "r5");
    assertThat(next.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(reported(next.out())).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aRetentionThatIsNotADurationIsAClearError() {
    Cli run =
        Cli.run(
            "history", "prune", "--store", FleetFixture.embeddedStore(dir), "--older-than", "soon");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("--older-than 'soon' is not a duration").contains("30d");
  }
}
