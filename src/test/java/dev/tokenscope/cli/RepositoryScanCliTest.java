package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.store.StoreUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many repositories: cloned bare from file:// URLs of real repositories made here, sharded,
 * recorded.
 */
class RepositoryScanCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] KEYS = {
    "AKIAQYLPMN5HHHFPZAM2",
    "AKIAZ7XK2MPQ4RTV6WYB",
    "AKIA3HJ5NB7VC2XZ4LKQ",
    "AKIAMN4BV6CX2ZL7KJ3H",
    "AKIAP2Q3R4S5T6U7V2WX",
    "AKIAD4F5G6H7J2K3L4M5"
  };

  @TempDir Path dir;
  String store;
  List<String> urls = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    store = StoreUrls.embedded(dir.resolve("store"));
    for (int i = 0; i < KEYS.length; i++) {
      urls.add(repository("service-" + i, "config/app.env", "AWS_ACCESS_KEY_ID=" + KEYS[i]));
    }
  }

  private String repository(String name, String file, String content) throws Exception {
    Path work = dir.resolve("src").resolve(name);
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Path path = work.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, content + "\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("add config")
          .setAuthor("Dev", "dev@example.com")
          .setCommitter("Dev", "dev@example.com")
          .setSign(false)
          .call();
    }
    return work.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///");
  }

  private static Set<String> secrets(Cli run) throws Exception {
    Set<String> out = new HashSet<>();
    for (JsonNode f : JSON.readTree(run.out()).get("findings")) {
      out.add(
          f.get("secret").asText().substring(0, 5)
              + f.get("locations").get(0).get("path").asText());
    }
    return out;
  }

  @Test
  void everyRepositoryIsClonedScannedAndRecordedAsItsOwnTarget() throws Exception {
    List<String> args =
        new ArrayList<>(List.of("scan", "--store", store, "--format", "json", "--git-url"));
    args.addAll(urls);
    Cli run = Cli.run(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    JsonNode findings = JSON.readTree(run.out()).get("findings");
    assertThat(findings).hasSize(KEYS.length);
    assertThat(findings.get(0).get("locations").get(0).get("path").asText())
        .startsWith("file:///")
        .endsWith("/config/app.env");
    Cli history = Cli.run("history", "--store", store, "--scans", "--format", "json");
    assertThat(JSON.readTree(history.out())).hasSize(KEYS.length);
  }

  @Test
  void shardsOfARepositoryListCoverEachRepositoryExactlyOnceInOneStore() throws Exception {
    Path list = dir.resolve("repos.txt");
    List<String> lines = new ArrayList<>(List.of("# every service", ""));
    lines.addAll(urls);
    Files.write(list, lines);
    Set<String> seen = new HashSet<>();
    int total = 0;
    for (int shard = 0; shard < 3; shard++) {
      Cli run =
          Cli.run(
              "scan",
              "--repos",
              list.toString(),
              "--shard",
              shard + "/3",
              "--store",
              store,
              "--format",
              "json");
      assertThat(run.exit()).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
      Set<String> part = secrets(run);
      total += part.size();
      seen.addAll(part);
    }
    assertThat(total).isEqualTo(KEYS.length);
    assertThat(seen).hasSize(KEYS.length);
    JsonNode scans =
        JSON.readTree(Cli.run("history", "--store", store, "--scans", "--format", "json").out());
    assertThat(scans).hasSize(KEYS.length);
    Set<String> shards = new HashSet<>();
    scans.forEach(s -> shards.add(s.get("shard").asText()));
    assertThat(shards).isSubsetOf("0/3", "1/3", "2/3");
  }

  @Test
  void aRepositoryThatCannotBeClonedIsReportedAndTheOthersAreStillScanned() throws Exception {
    Cli run =
        Cli.run(
            "scan",
            "--format",
            "json",
            "--git-url",
            urls.get(0),
            "file:///no/such/repository.git",
            urls.get(1));
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("findings")).hasSize(2);
    assertThat(report.get("errors"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("where").asText()).isEqualTo("file:///no/such/repository.git");
              assertThat(e.get("message").asText())
                  .startsWith("cannot clone file:///no/such/repository.git");
            });
  }

  @Test
  void aFailedCloneIsOnRecordWithItsReasonAndDoesNotMarkTheOthersPartial() throws Exception {
    Cli run =
        Cli.run(
            "scan",
            "--store",
            store,
            "--run",
            "nightly-1",
            "--format",
            "json",
            "--git-url",
            urls.get(0),
            "file:///no/such/repository.git",
            urls.get(1));
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode scans =
        JSON.readTree(
                Cli.run("history", "--store", store, "--run", "nightly-1", "--format", "json")
                    .out())
            .get("scans");
    assertThat(scans).hasSize(3);
    for (JsonNode s : scans) {
      if (s.get("target").asText().equals("file:///no/such/repository.git")) {
        assertThat(s.get("complete").asBoolean()).isFalse();
        assertThat(s.get("failure").asText())
            .startsWith("cannot clone file:///no/such/repository.git");
      } else {
        assertThat(s.get("complete").asBoolean())
            .as("scan of %s complete", s.get("target"))
            .isTrue();
        assertThat(s.get("failure").isNull()).isTrue();
      }
    }
    assertThat(Cli.run("history", "--store", store, "--run", "nightly-1", "--format", "text").out())
        .contains("FAILED   file:///no/such/repository.git: cannot clone")
        .contains("2 targets".replace("2", "3"))
        .contains("1 failed");
  }

  @Test
  void aMalformedRepositoryListNamesTheFileAndLine() throws Exception {
    Path list = dir.resolve("repos.txt");
    Files.write(list, List.of(urls.get(0), "https://github.com/a/b https://github.com/c/d"));
    Cli run = Cli.run("scan", "--repos", list.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains(list + ":2").contains("one repository URL per line");
  }

  @Test
  void temporaryClonesAreDeletedAfterTheScan() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    String old = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    try {
      Cli.run("scan", "--format", "json", "--git-url", urls.get(0));
    } finally {
      System.setProperty("java.io.tmpdir", old);
    }
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }
}
