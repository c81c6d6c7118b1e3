package dev.tokenscope.resolve.github;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.answerQuery;
import static dev.tokenscope.resolve.ProviderFixture.checksummed;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.resource;
import static dev.tokenscope.resolve.ProviderFixture.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ProviderFixture;
import dev.tokenscope.resolve.SequenceServer;
import dev.tokenscope.resolve.SequenceServer.Answer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubResolverTest {
  private static final String CLASSIC = checksummed("ghp_", "R8kT2mQ9vX4nL7pW1sY6cF3hJ0dG5b");
  private static final String FINE_GRAINED =
      "github_pat_11ABCDEFG0abcdefghijkl_" + "a".repeat(20) + "B".repeat(20) + "c9".repeat(9) + "d";
  private static final String INSTALLATION = checksummed("ghs_", "Z1y2X3w4V5u6T7s8R9q0P1o2N3m4L5");
  private final GitHubResolver resolver = new GitHubResolver();

  private static Credential token(String value) {
    return credential("github", "github.token", value);
  }

  @Test
  void classicTokenScopesBecomePermissionsWithTheirExpiry() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "github",
                "GET",
                "/user",
                200,
                resource("resolve/github/user.json"),
                Map.of(
                    "X-OAuth-Scopes",
                    "repo, delete_repo, admin:org, workflow",
                    "GitHub-Authentication-Token-Expiration",
                    "2026-12-31 23:59:59 UTC")),
            answer(
                "github",
                "GET",
                "/user/orgs",
                200,
                "[{\"login\": \"acme\", \"id\": 2}, {\"login\": \"acme-labs\", \"id\": 3}]"))) {
      Grant grant = resolver.resolve(token(CLASSIC), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().principal()).isEqualTo("octocat");
      assertThat(grant.identity().tokenType()).isEqualTo("classic-pat");
      assertThat(grant.expires()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
      assertThat(grant.permissions())
          .containsExactly(
              Permission.of("repo", "*", Access.WRITE),
              Permission.of("delete_repo", "*", Access.DELETE),
              Permission.of("admin:org", "*", Access.ADMIN),
              Permission.of("workflow", "*", Access.WRITE));
      assertThat(grant.identity().details()).containsEntry("orgs", "acme,acme-labs");
      assertThat(server.received())
          .hasSize(2)
          .allSatisfy(
              r ->
                  assertThat(r.headers().get("Authorization"))
                      .containsExactly("Bearer " + CLASSIC));
    }
  }

  @Test
  void classicTokenWithoutExpiryHeaderIsSaidNotToExpire() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "github",
                "GET",
                "/user",
                200,
                resource("resolve/github/user.json"),
                Map.of("X-OAuth-Scopes", "read:org")))) {
      Grant grant = resolver.resolve(token(CLASSIC), context(server, "github"));

      assertThat(grant.expires()).isNull();
      assertThat(grant.evidence()).anyMatch(e -> e.contains("does not expire"));
    }
  }

  @Test
  void fineGrainedTokenListsItsRepositoriesAndTheReadPermissionsProbesProve() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "github",
                "GET",
                "/user",
                200,
                resource("resolve/github/user.json"),
                Map.of("GitHub-Authentication-Token-Expiration", "2027-01-15 10:00:00 UTC")),
            answer("github", "GET", "/user/repos", 200, resource("resolve/github/user-repos.json")),
            answer(
                "github",
                "GET",
                "/repos/acme/api/actions/secrets",
                200,
                resource("resolve/github/secrets.json")),
            answer(
                "github",
                "GET",
                "/repos/acme/api/hooks",
                403,
                resource("resolve/github/forbidden.json"),
                Map.of("X-Accepted-GitHub-Permissions", "repository_hooks=read")),
            answer(
                "github",
                "GET",
                "/repos/acme/api/actions/permissions",
                403,
                resource("resolve/github/forbidden.json")),
            answer(
                "github",
                "GET",
                "/repos/acme/docs/actions/secrets",
                403,
                resource("resolve/github/forbidden.json")),
            answer(
                "github",
                "GET",
                "/repos/acme/docs/hooks",
                403,
                resource("resolve/github/forbidden.json")),
            answer(
                "github",
                "GET",
                "/repos/acme/docs/actions/permissions",
                403,
                resource("resolve/github/forbidden.json")))) {
      Grant grant = resolver.resolve(token(FINE_GRAINED), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("fine-grained-pat");
      assertThat(grant.identity().account()).isEqualTo("acme");
      assertThat(grant.expires()).isEqualTo(Instant.parse("2027-01-15T10:00:00Z"));
      assertThat(grant.permissions())
          .containsExactlyInAnyOrder(
              new Permission("role:admin", "acme/api", Access.ADMIN, true),
              Permission.of("secrets:read", "acme/api", Access.READ));
      // acme/docs is public: /user/repos lists it for any token, so it is not counted reachable.
      assertThat(grant.evidence()).anyMatch(e -> e.contains("1 public repositories (acme/docs)"));
      assertThat(grant.evidence()).anyMatch(e -> e.contains("needs repository_hooks=read"));
      assertThat(server.unmatched()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void appUserTokenIsReadAsAnAppUserTokenWhetherTheScopesHeaderIsEmptyOrAbsent(boolean emptyHeader)
      throws Exception {
    String appUser = checksummed("ghu_", "Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6");
    Map<String, String> headers =
        emptyHeader ? Map.of("X-OAuth-Scopes", "") : Map.<String, String>of();
    try (ReplayServer server =
        serve(
            answer("github", "GET", "/user", 200, resource("resolve/github/user.json"), headers),
            answer("github", "GET", "/user/repos", 200, resource("resolve/github/user-repos.json")),
            answer(
                "github",
                "GET",
                "/repos/acme/api/actions/secrets",
                200,
                resource("resolve/github/secrets.json")))) {
      Grant grant = resolver.resolve(token(appUser), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("app-user");
      assertThat(grant.identity().details())
          .containsEntry("x_oauth_scopes", emptyHeader ? "empty" : "absent");
      assertThat(grant.permissions())
          .contains(new Permission("role:admin", "acme/api", Access.ADMIN, true))
          .noneMatch(p -> p.resource().equals("acme/docs"));
    }
  }

  @Test
  void installationTokenListsTheRepositoriesOfItsInstallation() throws Exception {
    try (ReplayServer server =
        serve(
            answerQuery(
                "github",
                "GET",
                "/installation/repositories",
                "per_page=100",
                200,
                resource("resolve/github/installation-repositories.json")))) {
      Grant grant = resolver.resolve(token(INSTALLATION), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("app-installation");
      assertThat(grant.identity().account()).isEqualTo("acme");
      assertThat(grant.permissions())
          .containsExactly(new Permission("installation", "acme/api", Access.WRITE, true));
    }
  }

  @Test
  void rejectedTokenWithValidChecksumIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "github", "GET", "/user", 401, resource("resolve/github/bad-credentials.json")))) {
      Grant grant = resolver.resolve(token(CLASSIC), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
      assertThat(grant.statusReason()).contains("revoked or has expired");
    }
  }

  @Test
  void rejectedTokenWithBrokenChecksumIsReportedInvalid() throws Exception {
    String forged =
        CLASSIC.substring(0, CLASSIC.length() - 1) + (CLASSIC.endsWith("A") ? "B" : "A");
    try (ReplayServer server =
        serve(
            answer(
                "github", "GET", "/user", 401, resource("resolve/github/bad-credentials.json")))) {
      Grant grant = resolver.resolve(token(forged), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
      assertThat(grant.statusReason()).contains("never issued");
    }
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    Grant grant = resolver.resolve(token(CLASSIC), ProviderFixture.unreachable("github"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason())
        .contains("github did not answer GET /user")
        .contains("ConnectException");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("github", "GET", "/user", 200))) {
      Grant grant = resolver.resolve(token(CLASSIC), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason())
          .contains("an HTML page titled \"502 Bad Gateway\"")
          .contains("providers.github.base_url");
    }
  }

  @Test
  void proxyHtmlUnauthorizedPageIsUnknownNotRevoked() throws Exception {
    try (ReplayServer server = serve(htmlPage("github", "GET", "/user", 401))) {
      Grant grant = resolver.resolve(token(CLASSIC), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("HTTP 401 and an HTML page");
    }
  }

  @Test
  void rateLimitedAnswerIsRetriedUntilItSucceeds() throws Exception {
    try (SequenceServer server =
        new SequenceServer(
            List.of(
                new Answer(
                    429, Map.of("Retry-After", "0"), "{\"message\":\"API rate limit exceeded\"}"),
                new Answer(
                    200, Map.of("X-OAuth-Scopes", "repo"), resource("resolve/github/user.json")),
                new Answer(200, Map.of(), "[]")))) {
      Grant grant =
          resolver.resolve(
              token(CLASSIC),
              context(Config.empty().withBaseUrls(Map.of("github", server.baseUrl()))));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(server.requests()).isEqualTo(3); // 429, then GET /user, then GET /user/orgs
    }
  }

  @Test
  void exhaustedRateLimitIsUnknownAndSaysWhenItResets() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "github",
                "GET",
                "/user",
                403,
                "{\"message\":\"API rate limit exceeded for user ID 1.\"}",
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1798761600")))) {
      Grant grant = resolver.resolve(token(CLASSIC), context(server, "github"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("rate limit").contains("2027-01-01T00:00:00Z");
    }
  }

  @Test
  void persistent429IsUnknownAfterTheRetries() throws Exception {
    try (SequenceServer server =
        new SequenceServer(List.of(new Answer(429, Map.of(), "{\"message\":\"slow down\"}")))) {
      Grant grant =
          resolver.resolve(
              token(CLASSIC),
              context(Config.empty().withBaseUrls(Map.of("github", server.baseUrl()))));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("rate limited");
      assertThat(server.requests()).isEqualTo(HttpSettings.fast().maxAttempts());
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingGitHub() throws Exception {
    try (ReplayServer server = serve(answer("github", "POST", "/user/repos", 201, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("github"), GitHubResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(
              () -> client.post("/user/repos", "{\"name\":\"x\"}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(() -> GitHubResolver.ALLOW_LIST.check("DELETE", "/repos/acme/api", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void enterpriseServerBaseUrlIsUsedWhenConfigured() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "ghes",
                "GET",
                "/api/v3/user",
                200,
                resource("resolve/github/user.json"),
                Map.of("X-OAuth-Scopes", "repo")))) {
      URI ghes = URI.create(server.baseUrl("ghes") + "/api/v3");
      Grant grant =
          resolver.resolve(
              token(CLASSIC),
              context(Config.empty().withBaseUrls(Map.of("github", ghes.toString()))));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    }
  }
}
