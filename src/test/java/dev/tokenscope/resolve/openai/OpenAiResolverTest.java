package dev.tokenscope.resolve.openai;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.resource;
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

class OpenAiResolverTest {
  private static final Credential PROJECT_KEY =
      credential(
          "openai",
          "openai.project-key",
          "sk-proj-"
              + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z".repeat(4)
              + "T3BlbkFJ"
              + "Zz9yXx8wVv7uUt6sSr5qQp4o");
  private static final Credential ADMIN_KEY =
      credential(
          "openai",
          "openai.admin-key",
          "sk-admin-" + "Qp4oRs8tUv1wXy4zAb3dEf6hIj9kLm2n".repeat(2) + "T3BlbkFJ" + "Mm3nNo4pP");
  private final OpenAiResolver resolver = new OpenAiResolver();

  @Test
  void projectKeyNamesItsOrganizationAndProject() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "openai",
                "GET",
                "/v1/models",
                200,
                resource("resolve/openai/models.json"),
                Map.of("openai-organization", "acme-inc", "openai-project", "proj_abc")))) {
      Grant grant = resolver.resolve(PROJECT_KEY, context(server, "openai"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("project-key");
      assertThat(grant.identity().account()).isEqualTo("acme-inc");
      assertThat(grant.identity().principal()).isEqualTo("proj_abc");
      assertThat(grant.permissions())
          .contains(Permission.of("models:read", "proj_abc", Access.READ))
          .noneMatch(p -> p.access() == Access.ADMIN);
    }
  }

  @Test
  void adminKeyAdministersTheOrganizationAndListsItsProjects() throws Exception {
    String keys =
        resource("resolve/openai/admin-api-keys.json")
            .replace(
                "TAIL", ADMIN_KEY.secret().reveal().substring(ADMIN_KEY.secret().length() - 4));
    try (ReplayServer server =
        serve(
            answer(
                "openai",
                "GET",
                "/v1/organization/projects",
                200,
                resource("resolve/openai/projects.json"),
                Map.of("openai-organization", "acme-inc")),
            answer("openai", "GET", "/v1/organization/admin_api_keys", 200, keys))) {
      Grant grant = resolver.resolve(ADMIN_KEY, context(server, "openai"));

      assertThat(grant.identity().principal()).isEqualTo("Deploy Service");
      assertThat(grant.created()).isEqualTo(java.time.Instant.ofEpochSecond(1711471533));
      assertThat(grant.lastUsed()).isEqualTo(java.time.Instant.ofEpochSecond(1764000000));

      assertThat(grant.identity().tokenType()).isEqualTo("admin-key");
      assertThat(grant.permissions())
          .containsExactly(Permission.of("organization:admin", "acme-inc", Access.ADMIN));
      assertThat(grant.evidence()).anyMatch(e -> e.contains("proj_abc (Production chat)"));
    }
  }

  @Test
  void refusedKeyIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "openai", "GET", "/v1/models", 401, resource("resolve/openai/invalid-key.json")))) {
      Grant grant = resolver.resolve(PROJECT_KEY, context(server, "openai"));

      assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
      assertThat(grant.statusReason()).contains("invalid_api_key");
    }
  }

  @Test
  void restrictedKeyMissingAScopeIsLiveAndItsMissingScopesAreEvidence() throws Exception {
    // OpenAI answers a live restricted key without "Models: Read" with 401 "insufficient
    // permissions ... Missing scopes: api.model.read": not an invalid key.
    try (ReplayServer server =
        serve(
            answer(
                "openai",
                "GET",
                "/v1/models",
                401,
                resource("resolve/openai/missing-scopes.json"),
                Map.of("openai-organization", "acme-inc", "openai-project", "proj_abc")))) {
      Grant grant = resolver.resolve(PROJECT_KEY, context(server, "openai"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().details()).containsEntry("missing_scopes", "api.model.read");
      assertThat(grant.evidence()).anySatisfy(e -> assertThat(e).contains("api.model.read"));
      assertThat(grant.permissions())
          .singleElement()
          .satisfies(p -> assertThat(p.action()).isEqualTo("api:use"));
    }
  }

  @Test
  void missingScopesAreReadFromOpenAisWording() {
    assertThat(
            OpenAiResolver.missingScopes(
                "You have insufficient permissions for this operation. Missing scopes:"
                    + " api.model.read, api.responses.write. Check that you have the correct role"))
        .containsExactly("api.model.read", "api.responses.write");
    assertThat(OpenAiResolver.missingScopes("Incorrect API key provided: sk-proj-****abcd."))
        .isNull();
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    assertThat(resolver.resolve(PROJECT_KEY, ProviderFixture.unreachable("openai")).statusReason())
        .contains("openai did not answer GET /v1/models");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("openai", "GET", "/v1/models", 200))) {
      Grant grant = resolver.resolve(PROJECT_KEY, context(server, "openai"));
      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingOpenAi() throws Exception {
    try (ReplayServer server =
        serve(answer("openai", "POST", "/v1/organization/projects", 200, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("openai"), OpenAiResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(
              () ->
                  client.post(
                      "/v1/organization/projects",
                      "{\"name\":\"x\"}",
                      "application/json",
                      Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () -> client.post("/v1/chat/completions", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
