package dev.tokenscope.cli;

import static dev.tokenscope.cli.FleetFixture.commit;
import static dev.tokenscope.cli.FleetFixture.key;
import static dev.tokenscope.cli.FleetFixture.reported;
import static dev.tokenscope.cli.FleetFixture.repository;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault a scheduled scan must survive: a shard process killed ({@code kill -9}, by its pid)
 * after it recorded the repository with a new token but before it wrote its report. The rerun of
 * the same run must report the token, and the run after it must not.
 */
class KilledShardCliTest {
  private static final int REPOSITORIES = 8;
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

  private Process shard(Path list, String store, String run, Path report, Path tmp)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Djava.io.tmpdir=" + tmp,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "scan",
            "--repos",
            list.toString(),
            "--shard",
            "0/1",
            "--store",
            store,
            "--run",
            run,
            "--new-only",
            "--format",
            "json",
            "--quiet",
            "-o",
            report.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(run + "-" + report.getFileName() + ".log").toFile())
        .start();
  }

  /** True once the clone of the third repository has begun: the first one has been recorded. */
  private static boolean pastFirstRepository(Path tmp) throws Exception {
    try (Stream<Path> clones = Files.list(tmp)) {
      for (Path c : clones.toList()) {
        if (Files.exists(c.resolve("r2"))) {
          return true;
        }
      }
    }
    return false;
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void aShardKilledAfterRecordingANewTokenIsRerunAndTheRerunReportsIt(String kind)
      throws Exception {
    String store = FleetFixture.store(kind, dir, postgres);
    List<Path> repositories = new ArrayList<>();
    for (int i = 0; i < REPOSITORIES; i++) {
      repositories.add(
          repository(dir, "service-" + i, "config/app.env", "AWS_ACCESS_KEY_ID=" + key(i) + "\n"));
    }
    Path list = FleetFixture.list(dir, repositories);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Process first = shard(list, store, "nightly-1", dir.resolve("first.json"), tmp);
    assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(ExitCode.FINDINGS);

    // the new token goes into the largest repository, which the shard reads first
    commit(repositories.get(5), "deploy/new.env", "AWS_ACCESS_KEY_ID=" + key(99) + "\n");
    commit(repositories.get(5), "docs/notes.txt", "release notes\n".repeat(20_000));

    Path killedReport = dir.resolve("killed.json");
    Process victim = shard(list, store, "nightly-2", killedReport, tmp);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!pastFirstRepository(tmp) && victim.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(victim.isAlive()).as("the shard is still running when it is killed").isTrue();
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(victim.exitValue()).isEqualTo(137);
    assertThat(killedReport).doesNotExist();

    Path rerunReport = dir.resolve("rerun.json");
    Process rerun = shard(list, store, "nightly-2", rerunReport, tmp);
    assertThat(rerun.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(rerun.exitValue()).isEqualTo(ExitCode.FINDINGS);
    assertThat(reported(Files.readString(rerunReport))).containsExactly("service-5/deploy/new.env");

    JsonNode run =
        FleetFixture.JSON.readTree(
            Cli.run("history", "--store", store, "--run", "nightly-2", "--format", "json").out());
    assertThat(run.get("attempts")).hasSize(2);
    assertThat(run.get("attempts").get(0).get("state").asText()).isEqualTo("running");
    assertThat(run.get("attempts").get(1).get("state").asText()).isEqualTo("complete");

    Path laterReport = dir.resolve("later.json");
    Process later = shard(list, store, "nightly-3", laterReport, tmp);
    assertThat(later.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(later.exitValue()).isEqualTo(ExitCode.CLEAN);
    assertThat(reported(Files.readString(laterReport))).isEmpty();
  }
}
