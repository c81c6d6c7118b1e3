package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards as batch jobs: separate CLI processes, each scanning its shard of one repository list, all
 * writing at the same time into one real PostgreSQL store.
 */
class ShardedPostgresScanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHARED_KEY = "AKIAQYLPMN5HHHFPZAM2";
  private static final int REPOSITORIES = 9;
  private static final int SHARDS = 3;
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

  /** A fake, well-formed AWS access key id per repository. */
  private static String key(int i) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder("AKIA");
    for (int k = 0; k < 16; k++) {
      out.append(alphabet.charAt((i * 7 + k * 13 + k * i) % alphabet.length()));
    }
    return out.toString();
  }

  private String repository(int i) throws Exception {
    Path work = dir.resolve("src/service-" + i);
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(work.resolve("config"));
      Files.writeString(work.resolve("config/app.env"), "AWS_ACCESS_KEY_ID=" + key(i) + "\n");
      Files.writeString(
          work.resolve("config/shared.env"), "AWS_ACCESS_KEY_ID=" + SHARED_KEY + "\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("config")
          .setAuthor("Dev", "dev@example.com")
          .setCommitter("Dev", "dev@example.com")
          .setSign(false)
          .call();
    }
    return "file://" + work.toAbsolutePath();
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<Integer> runShards(String url, Path list, String round) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      processes.add(
          new ProcessBuilder(
                  javaBin,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "scan",
                  "--repos",
                  list.toString(),
                  "--shard",
                  shard + "/" + SHARDS,
                  "--store",
                  url,
                  "--run",
                  round,
                  "--format",
                  "json",
                  "--quiet",
                  "-o",
                  dir.resolve(round + "-" + shard + ".json").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(round + "-" + shard + ".log").toFile())
              .start());
    }
    List<Integer> codes = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(processes.get(shard).waitFor(300, TimeUnit.SECONDS))
          .as("shard %d finished", shard)
          .isTrue();
      codes.add(processes.get(shard).exitValue());
    }
    return codes;
  }

  @Test
  void
      cliShardsInSeparateProcessesFillOneStoreWithEveryRepositoryOnceAndDiffAlertsOnlyOnTheFirstRun()
          throws Exception {
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE fleet");
    }
    String url = postgres.getJdbcUrl("postgres", "fleet");
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < REPOSITORIES; i++) {
      urls.add(repository(i));
    }
    Path list = dir.resolve("repos.txt");
    Files.write(list, urls);

    List<Integer> first = runShards(url, list, "first");
    assertThat(first)
        .as("exit codes; logs in %s", dir)
        .allSatisfy(code -> assertThat(code).isIn(ExitCode.CLEAN, ExitCode.FINDINGS));
    int reported = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      reported +=
          JSON.readTree(dir.resolve("first-" + shard + ".json").toFile()).get("findings").size();
    }
    // Each repository: its own key and the shared one, recorded under the repository's own target.
    assertThat(reported).isEqualTo(REPOSITORIES * 2);
    assertThat(count(url, "SELECT COUNT(*) FROM scan")).isEqualTo(REPOSITORIES);
    assertThat(count(url, "SELECT COUNT(DISTINCT target) FROM scan")).isEqualTo(REPOSITORIES);
    assertThat(count(url, "SELECT COUNT(*) FROM finding")).isEqualTo(REPOSITORIES * 2);
    assertThat(count(url, "SELECT COUNT(*) FROM finding_location")).isEqualTo(REPOSITORIES * 2);
    assertThat(count(url, "SELECT COUNT(DISTINCT shard) FROM scan")).isBetween(2L, (long) SHARDS);

    Cli alert = Cli.run("diff", "--store", url, "--run", "first", "--format", "json");
    assertThat(alert.exit()).isEqualTo(ExitCode.FINDINGS);
    JsonNode diffs = JSON.readTree(alert.out());
    assertThat(diffs).hasSize(REPOSITORIES);
    diffs.forEach(d -> assertThat(d.get("new")).hasSize(2));

    List<Integer> second = runShards(url, list, "second");
    assertThat(second).allSatisfy(code -> assertThat(code).isIn(ExitCode.CLEAN, ExitCode.FINDINGS));
    assertThat(count(url, "SELECT COUNT(*) FROM scan")).isEqualTo(REPOSITORIES * 2);
    assertThat(count(url, "SELECT COUNT(*) FROM finding")).isEqualTo(REPOSITORIES * 2);
    assertThat(count(url, "SELECT COUNT(*) FROM finding_location")).isEqualTo(REPOSITORIES * 2);
    assertThat(Cli.run("diff", "--store", url, "--run", "second", "--format", "text").exit())
        .isEqualTo(ExitCode.CLEAN);
    assertThat(Cli.run("diff", "--store", url, "--format", "text").exit())
        .isEqualTo(ExitCode.CLEAN);
  }
}
