package dev.tokenscope.resolve.vault;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.resource;
import static dev.tokenscope.resolve.ProviderFixture.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.config.Config;
import dev.tokenscope.config.Config.ProviderSettings;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultResolverTest {
  private static final Credential TOKEN =
      credential("vault", "vault.service-token", "hvs.CAESIJ7l3tZ2kq8Xy7vQ2mR9kL4nP8sT1wZabcdEFGH");
  private final VaultResolver resolver = new VaultResolver();

  @Test
  void rootTokenIsAdminOnEverything() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "vault",
                "GET",
                "/v1/auth/token/lookup-self",
                200,
                resource("resolve/vault/lookup-self-root.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "vault"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.permissions()).containsExactly(Permission.of("root:*", "*", Access.ADMIN));
      assertThat(grant.expires()).isNull();
      assertThat(grant.evidence()).anyMatch(e -> e.contains("never expires"));
    }
  }

  @Test
  void policyTokenCapabilitiesAreReadOnTheMountsAndSystemPaths() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "vault",
                "GET",
                "/v1/auth/token/lookup-self",
                200,
                resource("resolve/vault/lookup-self-ops.json")),
            answer("vault", "GET", "/v1/sys/mounts", 200, resource("resolve/vault/mounts.json")),
            answer(
                "vault",
                "POST",
                "/v1/sys/capabilities-self",
                200,
                resource("resolve/vault/capabilities-ops.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "vault"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().principal()).isEqualTo("token-ops-automation");
      assertThat(grant.identity().details())
          .containsEntry("policies", "default,ops")
          .containsEntry("orphan", "true")
          .containsEntry("renewable", "true");
      assertThat(grant.expires()).isEqualTo(Instant.parse("2026-12-25T16:00:00Z"));
      assertThat(grant.permissions())
          .contains(
              Permission.of("sudo:sys/", "sys/", Access.ADMIN),
              Permission.of("update:sys/policies/acl/", "sys/policies/acl/", Access.PERMISSIONS),
              Permission.of("create:auth/token/create", "auth/token/create", Access.PERMISSIONS),
              Permission.of("delete:kv/", "kv/", Access.DELETE),
              Permission.of(
                  "read:sys/storage/raft/snapshot", "sys/storage/raft/snapshot", Access.READ))
          .noneMatch(p -> p.action().startsWith("deny"));
      String asked =
          server.received().stream()
              .filter(r -> r.path().equals("/v1/sys/capabilities-self"))
              .findFirst()
              .orElseThrow()
              .body();
      assertThat(asked).contains("\"sys/\"", "\"kv/\"", "\"auth/token/create\"");
      assertThat(grant.toString())
          .doesNotContain("hvs.CAESIJ7l3tZ2kq8Xy7vQ2mR9kL4nP8sT1wZabcdEFGH");
    }
  }

  @Test
  void namespaceFromConfigIsSentAsHeader() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "vault",
                "GET",
                "/v1/auth/token/lookup-self",
                200,
                resource("resolve/vault/lookup-self-root.json")))) {
      Config config =
          new Config(
              null,
              null,
              Map.of(
                  "vault",
                  new ProviderSettings(server.baseUrl("vault").toString(), "admin/team-a")),
              null,
              null);
      Grant grant = resolver.resolve(TOKEN, ProviderFixture.context(config));

      assertThat(grant.identity().account()).isEqualTo("admin/team-a");
      assertThat(server.received())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.headers().get("X-vault-namespace")).containsExactly("admin/team-a"));
    }
  }

  @Test
  void baseUrlAndNamespaceAreReadFromTheConfigFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve(".tokenscope.yaml");
    java.nio.file.Files.writeString(
        file,
        "providers:\n  vault:\n    base_url: https://vault.example.com:8200\n    namespace: admin/team-a\n  github:\n    base_url: https://ghe.example.com/api/v3\n");

    Config config = Config.load(file);

    assertThat(config.baseUrl("vault", null)).isEqualTo("https://vault.example.com:8200");
    assertThat(config.namespace("vault")).isEqualTo("admin/team-a");
    assertThat(config.namespace("github")).isNull();
    assertThat(config.withBaseUrls(Map.of("vault", "http://127.0.0.1:1")).namespace("vault"))
        .isEqualTo("admin/team-a");
  }

  @Test
  void refusedTokenIsReportedInvalidWithTheReason() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "vault",
                "GET",
                "/v1/auth/token/lookup-self",
                403,
                "{\"errors\":[\"permission denied\"]}"))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "vault"));

      assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
      assertThat(grant.statusReason()).contains("revoked, expired or unknown");
    }
  }

  @Test
  void proxyHtmlForbiddenPageIsUnknownNotInvalid() throws Exception {
    try (ReplayServer server = serve(htmlPage("vault", "GET", "/v1/auth/token/lookup-self", 403))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "vault"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("HTTP 403 and an HTML page");
    }
  }

  @Test
  void nothingIsSentWithoutAConfiguredVaultAddress() {
    Grant grant = resolver.resolve(TOKEN, ProviderFixture.context(Config.empty()));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("set providers.vault.base_url");
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    Grant grant = resolver.resolve(TOKEN, ProviderFixture.unreachable("vault"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("vault did not answer");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("vault", "GET", "/v1/auth/token/lookup-self", 200))) {
      assertThat(resolver.resolve(TOKEN, context(server, "vault")).statusReason())
          .contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingVault() throws Exception {
    try (ReplayServer server = serve(answer("vault", "POST", "/v1/auth/token/create", 200, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("vault"), VaultResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(
              () -> client.post("/v1/auth/token/create", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () -> client.post("/v1/sys/policies/acl/admin", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(() -> VaultResolver.ALLOW_LIST.check("DELETE", "/v1/sys/mounts/kv", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
