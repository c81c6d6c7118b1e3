package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.ReplayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --github-org}: the organisation listed from a local GitHub API, its repositories
 * cloned and scanned.
 */
class OrganisationScanCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GITHUB_TOKEN = "ghp_R7aQk2Lm9Xc4Vb8Nz1Ws5Ey3Tu6Io0Pa2Sd4";

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    HistoryOptions.environment = name -> name.equals("GITHUB_TOKEN") ? GITHUB_TOKEN : null;
  }

  @AfterEach
  void tearDown() {
    HistoryOptions.environment = System::getenv;
  }

  private String repository(String name, String key) throws Exception {
    Path work = dir.resolve(name);
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("settings.env"), "AWS_ACCESS_KEY_ID=" + key + "\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("settings")
          .setAuthor("Dev", "dev@example.com")
          .setCommitter("Dev", "dev@example.com")
          .setSign(false)
          .call();
    }
    return "file://" + work.toAbsolutePath();
  }

  @Test
  void everyRepositoryTheOrganisationListsIsScannedWithTheTokenSentOnlyToTheApi() throws Exception {
    String api = repository("api", "AKIAQYLPMN5HHHFPZAM2");
    String web = repository("web", "AKIAZ7XK2MPQ4RTV6WYB");
    String body =
        JSON.writeValueAsString(
            List.of(
                Map.of("name", "api", "clone_url", api), Map.of("name", "web", "clone_url", web)));
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                new ReplayServer.Exchange(
                    "github",
                    "GET",
                    "/orgs/acme/repos",
                    null,
                    null,
                    200,
                    Map.of("Content-Type", "application/json"),
                    body)))) {
      Path config = dir.resolve("tokenscope.yaml");
      Files.writeString(
          config, "providers:\n  github:\n    base_url: " + server.baseUrl("github") + "\n");
      Cli run =
          Cli.run(
              "scan", "--github-org", "acme", "--config", config.toString(), "--format", "json");
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
      JsonNode findings = JSON.readTree(run.out()).get("findings");
      assertThat(findings).hasSize(2);
      assertThat(server.received())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.headers().get("Authorization"))
                      .containsExactly("Bearer " + GITHUB_TOKEN));
    }
  }

  @Test
  void anOrganisationThatCannotBeListedIsReportedAndTheOtherRepositoriesAreStillScanned()
      throws Exception {
    String api = repository("api", "AKIAQYLPMN5HHHFPZAM2");
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                new ReplayServer.Exchange(
                    "github",
                    "GET",
                    "/orgs/gone/repos",
                    null,
                    null,
                    404,
                    Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Not Found\"}")))) {
      Path config = dir.resolve("tokenscope.yaml");
      Files.writeString(
          config, "providers:\n  github:\n    base_url: " + server.baseUrl("github") + "\n");
      Cli run =
          Cli.run(
              "scan",
              "--github-org",
              "gone",
              "--git-url",
              api,
              "--config",
              config.toString(),
              "--format",
              "json");
      assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
      JsonNode report = JSON.readTree(run.out());
      assertThat(report.get("findings")).hasSize(1);
      assertThat(report.get("errors").get(0).get("message").asText())
          .contains("GitHub organisation 'gone'")
          .contains("not found");
    }
  }
}
