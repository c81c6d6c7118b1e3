package dev.tokenscope.resolve.anthropic;

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

class AnthropicResolverTest {
  private static final Credential API_KEY =
      credential(
          "anthropic",
          "anthropic.api-key",
          "sk-ant-api03-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z".repeat(3) + "Qq-AbCdEfAA");
  private static final Credential ADMIN_KEY =
      credential(
          "anthropic",
          "anthropic.admin-key",
          "sk-ant-admin01-" + "Zz9yXx8wVv7uUt6sSr5qQp4oNn3mMl2k".repeat(3) + "Ww-AbCdEfAA");
  private final AnthropicResolver resolver = new AnthropicResolver();

  @Test
  void apiKeyIsActiveAndNamesItsOrganization() throws Exception {
    // Anthropic's reference documents GET /v1/organizations/me for a standard API key too.
    try (ReplayServer server =
        serve(
            answer(
                "anthropic", "GET", "/v1/models", 200, resource("resolve/anthropic/models.json")),
            answer(
                "anthropic",
                "GET",
                "/v1/organizations/me",
                200,
                resource("resolve/anthropic/organization.json")))) {
      Grant grant = resolver.resolve(API_KEY, context(server, "anthropic"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("api-key");
      assertThat(grant.identity().account()).isEqualTo("12345678-1234-5678-1234-567812345678");
      assertThat(grant.identity().details()).containsEntry("organization_name", "Acme Research");
      assertThat(grant.permissions())
          .containsExactly(
              new Permission(
                  "api:use", "12345678-1234-5678-1234-567812345678", Access.WRITE, true));
      assertThat(server.received())
          .allSatisfy(
              r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.headers().get("X-api-key")).containsExactly(API_KEY.secret().reveal());
                assertThat(r.headers().get("Anthropic-version")).containsExactly("2023-06-01");
              });
    }
  }

  @Test
  void apiKeyWhoseOrganizationIsNotReadableIsStillActive() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "anthropic", "GET", "/v1/models", 200, resource("resolve/anthropic/models.json")),
            answer(
                "anthropic",
                "GET",
                "/v1/organizations/me",
                403,
                "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"Your API key does not have permission to use the specified resource.\"}}"))) {
      Grant grant = resolver.resolve(API_KEY, context(server, "anthropic"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.permissions())
          .containsExactly(new Permission("api:use", "*", Access.WRITE, true));
      assertThat(grant.evidence()).anyMatch(e -> e.contains("organization is not known"));
    }
  }

  @Test
  void adminKeyAdministersTheOrganization() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "anthropic",
                "GET",
                "/v1/organizations/me",
                200,
                resource("resolve/anthropic/organization.json")),
            answer(
                "anthropic",
                "GET",
                "/v1/organizations/workspaces",
                200,
                resource("resolve/anthropic/workspaces.json")))) {
      Grant grant = resolver.resolve(ADMIN_KEY, context(server, "anthropic"));

      assertThat(grant.identity().tokenType()).isEqualTo("admin-key");
      assertThat(grant.identity().account()).isEqualTo("12345678-1234-5678-1234-567812345678");
      assertThat(grant.permissions())
          .containsExactly(
              Permission.of(
                  "organization:admin", "12345678-1234-5678-1234-567812345678", Access.ADMIN));
      assertThat(grant.evidence())
          .anyMatch(e -> e.contains("wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ (Production)"));
    }
  }

  @Test
  void refusedKeyIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "anthropic",
                "GET",
                "/v1/models",
                401,
                resource("resolve/anthropic/invalid-key.json")))) {
      assertThat(resolver.resolve(API_KEY, context(server, "anthropic")).status())
          .isEqualTo(GrantStatus.INVALID);
    }
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    assertThat(resolver.resolve(API_KEY, ProviderFixture.unreachable("anthropic")).statusReason())
        .contains("anthropic did not answer GET /v1/models");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("anthropic", "GET", "/v1/models", 200))) {
      assertThat(resolver.resolve(API_KEY, context(server, "anthropic")).statusReason())
          .contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingAnthropic() throws Exception {
    try (ReplayServer server = serve(answer("anthropic", "POST", "/v1/messages", 200, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("anthropic"), AnthropicResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(() -> client.post("/v1/messages", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () ->
                  client.post(
                      "/v1/organizations/workspaces",
                      "{\"name\":\"x\"}",
                      "application/json",
                      Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
