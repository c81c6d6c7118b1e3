package dev.tokenscope.resolve.npm;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.checksummed;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

class NpmResolverTest {
  private static final String TOKEN = checksummed("npm_", "Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC");
  private static final Credential CREDENTIAL = credential("npm", "npm.access-token", TOKEN);
  private static final String PACKAGES =
      "{\"left-pad-ng\": \"read-write\", \"@acme/internal\": \"read\"}";
  private final NpmResolver resolver = new NpmResolver();

  private static String tokens(String key, boolean readonly, boolean automation) {
    return """
        {"objects": [
          {"token": "npm_aa", "key": "%s", "cidr_whitelist": null, "readonly": false, "automation": false, "created": "2025-01-02T03:04:05.000Z", "updated": "2025-01-02T03:04:05.000Z"},
          {"token": "npm_Qw", "key": "%s", "cidr_whitelist": ["10.0.0.0/8"], "readonly": %s, "automation": %s, "created": "2026-02-03T04:05:06.000Z", "updated": "2026-02-03T04:05:06.000Z"}
        ], "total": 2, "urls": {}}
        """
        .formatted("0".repeat(128), key, readonly, automation);
  }

  @Test
  void automationTokenIsFoundByItsHashAndCanPublishTheUsersPackages() throws Exception {
    try (ReplayServer server =
        serve(
            answer("npm", "GET", "/-/whoami", 200, "{\"username\":\"alice\"}"),
            answer(
                "npm",
                "GET",
                "/-/npm/v1/tokens",
                200,
                tokens(NpmResolver.sha512(TOKEN), false, true)),
            answer("npm", "GET", "/-/user/alice/package", 200, PACKAGES))) {
      Grant grant = resolver.resolve(CREDENTIAL, context(server, "npm"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().principal()).isEqualTo("alice");
      assertThat(grant.identity().tokenType()).isEqualTo("automation");
      assertThat(grant.identity().details())
          .containsEntry("cidr_whitelist", "10.0.0.0/8")
          .containsEntry("bypasses_2fa", "true");
      assertThat(grant.permissions())
          .containsExactlyInAnyOrder(
              Permission.of("package:publish", "left-pad-ng", Access.WRITE),
              Permission.of("package:unpublish", "left-pad-ng", Access.DELETE),
              Permission.of("package:read", "@acme/internal", Access.READ));
    }
  }

  @Test
  void readOnlyTokenCanOnlyRead() throws Exception {
    try (ReplayServer server =
        serve(
            answer("npm", "GET", "/-/whoami", 200, "{\"username\":\"alice\"}"),
            answer(
                "npm",
                "GET",
                "/-/npm/v1/tokens",
                200,
                tokens(NpmResolver.sha512(TOKEN), true, false)),
            answer("npm", "GET", "/-/user/alice/package", 200, PACKAGES))) {
      Grant grant = resolver.resolve(CREDENTIAL, context(server, "npm"));

      assertThat(grant.identity().tokenType()).isEqualTo("read-only");
      assertThat(grant.permissions()).allMatch(p -> p.access() == Access.READ).hasSize(2);
    }
  }

  @Test
  void tokenMissingFromTheClassicListIsGranularWithItsCeiling() throws Exception {
    try (ReplayServer server =
        serve(
            answer("npm", "GET", "/-/whoami", 200, "{\"username\":\"alice\"}"),
            answer(
                "npm",
                "GET",
                "/-/npm/v1/tokens",
                403,
                "{\"error\":\"granular access tokens cannot manage tokens\"}"),
            answer("npm", "GET", "/-/user/alice/package", 200, PACKAGES))) {
      Grant grant = resolver.resolve(CREDENTIAL, context(server, "npm"));

      assertThat(grant.identity().tokenType()).isEqualTo("granular");
      assertThat(grant.permissions())
          .contains(new Permission("package:publish", "left-pad-ng", Access.WRITE, true));
    }
  }

  @Test
  void tokenListIsFollowedThroughUrlsNextUntilTheTokensEntry() throws Exception {
    String firstPage =
        """
        {"objects": [
          {"token": "npm_bb", "key": "%s", "cidr_whitelist": null, "readonly": false, "automation": false, "created": "2025-01-02T03:04:05.000Z", "updated": "2025-01-02T03:04:05.000Z"}
        ], "total": 3, "urls": {"next": "/-/npm/v1/tokens?perPage=100&page=1"}}
        """
            .formatted("1".repeat(128));
    try (ReplayServer server =
        serve(
            answer("npm", "GET", "/-/whoami", 200, "{\"username\":\"alice\"}"),
            new ReplayServer.Exchange(
                "npm",
                "GET",
                "/-/npm/v1/tokens",
                null,
                "page=1",
                200,
                Map.of(),
                tokens(NpmResolver.sha512(TOKEN), true, false)),
            answer("npm", "GET", "/-/npm/v1/tokens", 200, firstPage),
            answer("npm", "GET", "/-/user/alice/package", 200, PACKAGES))) {
      Grant grant = resolver.resolve(CREDENTIAL, context(server, "npm"));

      assertThat(grant.identity().tokenType()).isEqualTo("read-only");
      assertThat(server.received()).filteredOn(r -> r.path().equals("/-/npm/v1/tokens")).hasSize(2);
    }
  }

  @Test
  void aNextLinkIsFollowedOnlyToTheTokenListOnTheConfiguredRegistry() {
    assertThat(NpmResolver.sameListing("https://evil.example/-/npm/v1/tokens?page=2"))
        .isEqualTo("/-/npm/v1/tokens?page=2");
    assertThat(NpmResolver.sameListing("/-/user/alice/package")).isNull();
    assertThat(NpmResolver.sameListing("")).isNull();
    assertThat(NpmResolver.sameListing("::not a uri")).isNull();
  }

  @Test
  void granularTokenAbsentFromEveryPageIsReportedGranularAndConditional() throws Exception {
    try (ReplayServer server =
        serve(
            answer("npm", "GET", "/-/whoami", 200, "{\"username\":\"alice\"}"),
            answer("npm", "GET", "/-/npm/v1/tokens", 200, tokens("2".repeat(128), false, false)),
            answer("npm", "GET", "/-/user/alice/package", 200, PACKAGES))) {
      Grant grant = resolver.resolve(CREDENTIAL, context(server, "npm"));

      assertThat(grant.identity().tokenType()).isEqualTo("granular");
      assertThat(grant.permissions()).isNotEmpty().allMatch(Permission::conditional);
      assertThat(grant.evidence()).anyMatch(e -> e.contains("2025-12-09"));
    }
  }

  @Test
  void refusedTokenWithValidChecksumIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(answer("npm", "GET", "/-/whoami", 401, "{\"error\":\"Unauthorized\"}"))) {
      assertThat(resolver.resolve(CREDENTIAL, context(server, "npm")).status())
          .isEqualTo(GrantStatus.REVOKED);
    }
  }

  @Test
  void refusedLegacyTokenIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(answer("npm", "GET", "/-/whoami", 401, "{\"error\":\"Unauthorized\"}"))) {
      Credential legacy =
          credential("npm", "npm.legacy-token", "a73c9572-f1b9-8983-983d-ba3ac3cc913d");
      assertThat(resolver.resolve(legacy, context(server, "npm")).status())
          .isEqualTo(GrantStatus.INVALID);
    }
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    Grant grant = resolver.resolve(CREDENTIAL, ProviderFixture.unreachable("npm"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("npm did not answer GET /-/whoami");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("npm", "GET", "/-/whoami", 200))) {
      assertThat(resolver.resolve(CREDENTIAL, context(server, "npm")).statusReason())
          .contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingTheRegistry() throws Exception {
    try (ReplayServer server = serve(answer("npm", "POST", "/-/npm/v1/tokens", 200, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(server.baseUrl("npm"), NpmResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(() -> client.post("/-/npm/v1/tokens", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(() -> NpmResolver.ALLOW_LIST.check("PUT", "/left-pad-ng", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () -> NpmResolver.ALLOW_LIST.check("DELETE", "/-/npm/v1/tokens/token/abc", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
