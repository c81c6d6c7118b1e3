package dev.tokenscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.SafeHttpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listings against a local server replaying GitHub's and GitLab's documented responses. */
class OrganisationListingTest {
  private static final String GITHUB_TOKEN = "ghp_R7aQk2Lm9Xc4Vb8Nz1Ws5Ey3Tu6Io0Pa2Sd4";
  private static final String GITLAB_TOKEN = "glpat-Xb4Vn8Qm2Lk6Jh0Gf3Ds";

  private static ReplayServer server(String name) throws IOException {
    return ReplayServer.fromDirectory(Path.of("src/test/resources/history", name));
  }

  @Test
  void githubOrganisationIsListedAcrossPagesWithTheTokenAsBearer() throws Exception {
    try (ReplayServer server = server("github-org")) {
      OrganisationListing listing =
          OrganisationListing.github(
              server.baseUrl("github").toString(), GITHUB_TOKEN, HttpSettings.fast());
      assertThat(listing.list("example-org"))
          .containsExactly(
              "https://github.com/example-org/api.git",
              "https://github.com/example-org/web.git",
              "https://github.com/example-org/infra.git");
      assertThat(server.received()).hasSize(2);
      assertThat(server.received().get(0).headers().get("Authorization"))
          .containsExactly("Bearer " + GITHUB_TOKEN);
      assertThat(server.received().get(1).query()).startsWith("page=2&");
      assertThat(server.unmatched()).isEmpty();
    }
  }

  @Test
  void gitlabGroupIsListedWithSubgroupsAcrossPages() throws Exception {
    try (ReplayServer server = server("gitlab-group")) {
      OrganisationListing listing =
          OrganisationListing.gitlab(
              server.baseUrl("gitlab") + "/api/v4", GITLAB_TOKEN, HttpSettings.fast());
      assertThat(listing.list("example/platform"))
          .containsExactly(
              "https://gitlab.com/example/platform/billing.git",
              "https://gitlab.com/example/platform/tools/deploy.git");
      assertThat(server.received().get(0).path())
          .isEqualTo("/api/v4/groups/example%2Fplatform/projects");
      assertThat(server.received().get(0).query()).contains("include_subgroups=true");
      assertThat(server.received().get(0).headers().get("Private-token"))
          .containsExactly(GITLAB_TOKEN);
    }
  }

  @Test
  void anUnknownOrganisationIsAClearError() throws Exception {
    try (ReplayServer server = server("github-org")) {
      OrganisationListing listing =
          OrganisationListing.github(
              server.baseUrl("github").toString(), GITHUB_TOKEN, HttpSettings.fast());
      assertThatThrownBy(() -> listing.list("no-such-org"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("GitHub organisation 'no-such-org'")
          .hasMessageContaining("not found");
    }
  }

  @Test
  void aRejectedTokenSaysWhichVariableToSet() throws Exception {
    try (ReplayServer server = server("github-org")) {
      OrganisationListing listing =
          OrganisationListing.github(
              server.baseUrl("github").toString(), "bad", HttpSettings.fast());
      assertThatThrownBy(() -> listing.list("locked-org"))
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("GITHUB_TOKEN");
    }
  }

  @Test
  void onlyTheListingGetIsAllowedAndAMutatingRequestIsRefusedBeforeSending() throws Exception {
    try (ReplayServer server = server("github-org")) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("github"), OrganisationListing.GITHUB, HttpSettings.fast());
      assertThatThrownBy(
              () ->
                  client.post(
                      "/orgs/example-org/repos", "{\"name\":\"x\"}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(() -> client.get("/repos/example-org/api", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void theCloneTokenIsBoundToGithubComForTheGithubApi() {
    assertThat(
            OrganisationListing.github("https://api.github.com", null, HttpSettings.fast())
                .cloneHost())
        .isEqualTo("github.com");
    assertThat(
            OrganisationListing.github("https://ghe.example.com/api/v3", null, HttpSettings.fast())
                .cloneHost())
        .isEqualTo("ghe.example.com");
  }
}
