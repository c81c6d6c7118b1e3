package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudresourcemanager.v3.CloudResourceManager;
import com.google.api.services.cloudresourcemanager.v3.model.SetIamPolicyRequest;
import com.google.api.services.iam.v1.Iam;
import com.google.api.services.iam.v1.model.CreateServiceAccountKeyRequest;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.model.Secret;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolvers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpResolverTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private ReplayServer server;
  private ResolveContext context;

  @BeforeEach
  void start() throws Exception {
    server = ReplayServer.fromDirectory(Path.of("src/test/resources/gcp/live"));
    Config config = Config.empty().withBaseUrls(Map.of("gcp", server.baseUrl("gcp").toString()));
    context = new ResolveContext(config, Clock.fixed(NOW, ZoneOffset.UTC), HttpSettings.fast());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Credential key(String json) {
    return Credential.found(
        "gcp.service-account-key",
        "gcp",
        new Secret(json),
        Map.of(),
        List.of(Location.file("ci/key.json")));
  }

  private Grant resolve(String json) {
    return Resolvers.builtIn().resolve(key(json), context);
  }

  /** The recorded server answers {@code method path} with {@code status} and {@code body} first. */
  private void answer(String method, String path, int status, String body) {
    server.prepend(ReplayServer.Exchange.answer("gcp", method, path, status, body));
  }

  /** The key may read neither its project's nor its folder's IAM policy. */
  private void policiesUnreadable() {
    String forbidden =
        "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\",\"status\":\"PERMISSION_DENIED\"}}";
    answer("POST", "/v3/projects/shop-prod:getIamPolicy", 403, forbidden);
    answer("POST", "/v3/folders/111:getIamPolicy", 403, forbidden);
  }

  private static boolean has(Grant grant, String action, String resource) {
    return grant.permissions().stream()
        .anyMatch(p -> p.action().equals(action) && p.resource().equals(resource));
  }

  @Test
  void editorKeyResolvesToItsAccountProjectAndExpandedPermissions() {
    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().principal()).isEqualTo(FakeServiceAccountKeys.EMAIL);
    assertThat(grant.identity().account()).isEqualTo("projects/shop-prod");
    assertThat(grant.environments())
        .as("from the project's environment label")
        .containsExactly("production");
    assertThat(grant.identity().details())
        .containsEntry("key_id", FakeServiceAccountKeys.KEY_ID)
        .containsEntry("basic_roles", "roles/editor");
    assertThat(grant.created()).isEqualTo(Instant.parse("2024-02-01T09:30:00Z"));
    assertThat(grant.expires()).as("9999-12-31 means never").isNull();
    assertThat(has(grant, "roles/editor", "projects/shop-prod")).isTrue();
    assertThat(has(grant, "cloudsql.instances.delete", "projects/shop-prod")).isTrue();
    assertThat(has(grant, "iam.serviceAccountKeys.create", "projects/shop-prod")).isTrue();
    assertThat(grant.evidence())
        .anyMatch(e -> e.contains("roles/editor") && e.contains("BASIC ROLE"));
  }

  @Test
  void folderCustomRoleIsReadLiveAndMarkedConditional() {
    Grant grant = resolve(FakeServiceAccountKeys.json());

    Permission backupDelete =
        grant.permissions().stream()
            .filter(
                p ->
                    p.action().equals("cloudsql.backupRuns.delete")
                        && p.resource().equals("folders/111"))
            .findFirst()
            .orElseThrow();
    assertThat(backupDelete.conditional()).isTrue();
    assertThat(backupDelete.access()).isEqualTo(Access.DELETE);
    assertThat(server.received())
        .anyMatch(r -> r.path().equals("/v1/organizations/222/roles/backupOperator"));
  }

  @Test
  void deniedOrganizationPolicyGivesPartialResultThatSaysWhatIsMissing() {
    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.statusReason())
        .contains("partial")
        .contains("organizations/222 IAM policy")
        .contains("PERMISSION_DENIED");
    assertThat(grant.evidence()).anyMatch(e -> e.startsWith("not read: organizations/222"));
  }

  @Test
  void impersonatorsFromTheAccountPolicyAndProjectAreEvidence() {
    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.identity().details().get("impersonators"))
        .contains("user:alice@shop.example")
        .contains("group:release@shop.example");
    assertThat(grant.evidence())
        .anyMatch(
            e ->
                e.startsWith(
                        "may be impersonated by user:alice@shop.example via roles/iam.serviceAccountTokenCreator")
                    && e.contains("iam.serviceAccounts.getAccessToken"));
  }

  @Test
  void editorGrantFallsIntoDestructiveBackupAndEscalationPolicies() {
    Grant grant = resolve(FakeServiceAccountKeys.json());

    Map<RiskCategory, java.util.Set<String>> categories =
        PolicySet.bundled().categorize("gcp", grant.permissions());
    assertThat(categories.get(RiskCategory.DESTRUCTIVE))
        .contains("cloudsql.instances.delete", "storage.buckets.delete");
    assertThat(categories.get(RiskCategory.BACKUP_DESTRUCTIVE))
        .contains("cloudsql.backupRuns.delete", "compute.snapshots.delete");
    assertThat(categories.get(RiskCategory.PRIVILEGE_ESCALATION))
        .contains("iam.serviceAccountKeys.create", "iam.serviceAccounts.actAs");
    assertThat(categories.get(RiskCategory.ADMIN_EQUIVALENT)).contains("roles/editor");
  }

  @Test
  void tokenRequestCarriesAJwtSignedByTheKeyForTheExactUrlItIsPostedTo() throws Exception {
    resolve(FakeServiceAccountKeys.json());

    ReplayServer.Received token =
        server.received().stream().filter(r -> r.path().equals("/token")).findFirst().orElseThrow();
    Map<String, String> form = new java.util.HashMap<>();
    for (String pair : token.body().split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] parts = form.get("assertion").split("\\.");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(FakeServiceAccountKeys.pair().getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.path("iss").asText()).isEqualTo(FakeServiceAccountKeys.EMAIL);
    assertThat(claims.path("aud").asText())
        .as("the audience is the endpoint the assertion was posted to, so it is useless elsewhere")
        .isEqualTo(server.baseUrl("gcp") + "/token");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong())
        .as("a short-lived assertion")
        .isBetween(1L, 3600L);
    assertThat(JSON.readTree(Base64.getUrlDecoder().decode(parts[0])).path("kid").asText())
        .isEqualTo(FakeServiceAccountKeys.KEY_ID);
    assertThat(token.body()).doesNotContain("PRIVATE");
    assertThat(server.received())
        .filteredOn(r -> !r.path().equals("/token"))
        .allMatch(
            r ->
                r.headers()
                    .getOrDefault("Authorization", List.of(""))
                    .get(0)
                    .equals("Bearer ya29.c.fake-access-token-for-tests"));
  }

  @Test
  void revokedKeyIsReportedAsRevoked() {
    answer(
        "POST",
        "/token",
        400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");

    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason())
        .contains("invalid_grant")
        .contains("Invalid JWT Signature")
        .contains(FakeServiceAccountKeys.KEY_ID);
    assertThat(server.received()).extracting(ReplayServer.Received::path).containsExactly("/token");
  }

  @Test
  void disabledKeyIsReportedAsRevoked() {
    String disabledId = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

    Grant grant =
        resolve(
            FakeServiceAccountKeys.json(
                FakeServiceAccountKeys.EMAIL, disabledId, "https://oauth2.googleapis.com/token"));

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason()).isEqualTo("key " + disabledId + " is disabled");
    assertThat(grant.expires()).isEqualTo(Instant.parse("2027-01-01T12:00:00Z"));
  }

  @Test
  void jsonThatIsNotAServiceAccountKeyIsInvalidAndNothingIsSent() {
    String userCredential =
        "{\"type\":\"authorized_user\",\"client_id\":\"764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com\",\"client_secret\":\"d-FL95Q19q7MQmFpd7hHD0Ty\",\"refresh_token\":\"1//0gFakeRefreshTokenForTests\"}";

    Grant grant = resolve(userCredential);

    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason())
        .contains("authorized_user")
        .contains("not a service-account key");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void damagedPrivateKeyIsInvalid() {
    String damaged =
        FakeServiceAccountKeys.json()
            .replaceAll(
                "-----BEGIN PRIVATE KEY-----\\\\n[A-Za-z0-9+/]{10}",
                "-----BEGIN PRIVATE KEY-----\\\\n**********");

    Grant grant = resolve(damaged);

    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("private_key");
  }

  @Test
  void keyWhoseEmailWouldBendTheRequestPathIsInvalidAndNothingIsSent() {
    String edited =
        FakeServiceAccountKeys.json()
            .replace(
                "\"client_email\" : \"" + FakeServiceAccountKeys.EMAIL,
                "\"client_email\" : \"x@y/../../roles/owner?");

    Grant grant = resolve(edited);

    assertThat(edited).contains("x@y/../../roles/owner?");
    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("client_email");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void anAssertionIsPostedOnlyToGooglesTokenEndpointOrTheLoopback() throws Exception {
    assertThat(TokenExchange.mayReceiveAssertions("https://oauth2.googleapis.com/token")).isTrue();
    assertThat(TokenExchange.mayReceiveAssertions(server.baseUrl("gcp") + "/token")).isTrue();
    assertThat(TokenExchange.mayReceiveAssertions("https://gcp-proxy.example.com/token")).isFalse();
    assertThat(TokenExchange.mayReceiveAssertions("http://oauth2.googleapis.com/token")).isFalse();
    // Even a base URL the user configured does not receive the assertion unless it is Google's.
    ResolveContext elsewhere =
        new ResolveContext(
            new dev.tokenscope.config.Config(
                null,
                null,
                Map.of(
                    "gcp",
                    new dev.tokenscope.config.Config.ProviderSettings(
                        "https://gcp-proxy.example.com")),
                null,
                null),
            java.time.Clock.systemUTC(),
            dev.tokenscope.http.HttpSettings.fast());
    Grant grant = Resolvers.builtIn().resolve(key(FakeServiceAccountKeys.json()), elsewhere);
    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("sent nowhere else");
  }

  @Test
  void tokenUriFromScannedContentIsNeverContacted() {
    Grant grant =
        resolve(
            FakeServiceAccountKeys.json(
                FakeServiceAccountKeys.EMAIL,
                FakeServiceAccountKeys.KEY_ID,
                "https://collector.attacker.example/token"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason())
        .contains("collector.attacker.example")
        .contains("did not send it");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void disabledProjectGetsAClearStatus() {
    answer(
        "GET",
        "/v3/projects/shop-prod",
        200,
        "{\"name\":\"projects/482910373\",\"parent\":\"folders/111\",\"projectId\":\"shop-prod\",\"state\":\"DELETE_REQUESTED\"}");

    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason()).contains("project shop-prod").contains("pending deletion");
  }

  @Test
  void deletedOrShutDownProjectIsReportedFromGooglesError() {
    answer(
        "GET",
        "/v3/projects/shop-prod",
        403,
        "{\"error\":{\"code\":403,\"message\":\"Project shop-prod has been deleted.\",\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"USER_PROJECT_DENIED\"}]}}");

    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason())
        .contains("project shop-prod is disabled or deleted")
        .contains("has been deleted");
  }

  @Test
  void unreadableProjectPolicyLeavesPermissionsUnknown() {
    policiesUnreadable();
    answer(
        "POST",
        "/v3/projects/shop-prod:testIamPermissions",
        403,
        "{\"error\":{\"code\":403,\"message\":\"Cloud Resource Manager API has not been used in project shop-prod before or it is disabled.\",\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"SERVICE_DISABLED\"}]}}");

    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason())
        .contains("could not be read")
        .contains("projects/shop-prod IAM policy")
        .contains("resourcemanager.projects.getIamPolicy");
  }

  @Test
  void keyThatMayNotReadItsProjectPolicyHasItsPermissionsTested() throws Exception {
    policiesUnreadable();
    answer(
        "POST",
        "/v3/projects/shop-prod:testIamPermissions",
        200,
        "{\"permissions\":[\"storage.buckets.delete\",\"storage.objects.get\"]}");

    Grant grant = resolve(FakeServiceAccountKeys.json());

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.statusReason())
        .contains("partial result")
        .contains("projects/shop-prod IAM policy");
    assertThat(grant.permissions())
        .extracting(Permission::action)
        .containsExactlyInAnyOrder("storage.buckets.delete", "storage.objects.get");
    assertThat(grant.evidence())
        .anyMatch(e -> e.contains("testIamPermissions") && e.contains("holds 2"));
    ReplayServer.Received test =
        server.received().stream()
            .filter(r -> r.path().endsWith(":testIamPermissions"))
            .findFirst()
            .orElseThrow();
    assertThat(JSON.readTree(test.body()).path("permissions").size()).isBetween(1, 100);
  }

  @Test
  void apiKeyIsUnknownWithTheWayToFindOut() {
    Credential apiKey =
        Credential.found(
            "gcp.api-key",
            "gcp",
            new Secret("AIzaSyD3fakeFakeFakeFakeFakeFakeFake12345"),
            Map.of(),
            List.of());

    Grant grant = Resolvers.builtIn().resolve(apiKey, context);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason())
        .contains("lookupKey")
        .contains("TOKENSCOPE_GCP_AUDITOR_TOKEN_FILE");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void apiKeyIsLookedUpWithTheAuditorsToken() {
    String apiKey = "AIzaSyD3fakeFakeFakeFakeFakeFakeFake12345";
    server.prepend(
        new ReplayServer.Exchange(
            "gcp",
            "GET",
            "/v2/keys:lookupKey",
            null,
            "keyString=" + apiKey,
            200,
            Map.of(),
            "{\"parent\":\"projects/482910373/locations/global\",\"name\":\"projects/482910373/locations/global/keys/0b6e1c7d-2f4a-4c1e-9d55-3a1f2b9c8e70\"}"));
    answer(
        "GET",
        "/v2/projects/482910373/locations/global/keys/0b6e1c7d-2f4a-4c1e-9d55-3a1f2b9c8e70",
        200,
        "{\"name\":\"projects/482910373/locations/global/keys/0b6e1c7d-2f4a-4c1e-9d55-3a1f2b9c8e70\",\"uid\":\"0b6e1c7d-2f4a-4c1e-9d55-3a1f2b9c8e70\",\"displayName\":\"maps on the shop site\",\"createTime\":\"2025-05-02T08:00:00.000Z\",\"updateTime\":\"2025-05-02T08:00:00.000Z\",\"restrictions\":{\"apiTargets\":[{\"service\":\"maps-backend.googleapis.com\"}]},\"etag\":\"W/\\\"abc\\\"\"}");
    GcpResolver resolver =
        new GcpResolver(RoleCatalog.bundled(), () -> java.util.Optional.of("ya29.auditor"));

    Grant grant =
        resolver.resolve(
            Credential.found("gcp.api-key", "gcp", new Secret(apiKey), Map.of(), List.of()),
            context);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().account()).isEqualTo("projects/482910373");
    assertThat(grant.identity().details())
        .containsEntry("display_name", "maps on the shop site")
        .containsEntry("application_restriction", "none");
    assertThat(grant.permissions())
        .extracting(Permission::action)
        .containsExactly("api:maps-backend.googleapis.com");
    assertThat(grant.created()).isEqualTo(Instant.parse("2025-05-02T08:00:00Z"));
    assertThat(grant.evidence()).anyMatch(e -> e.startsWith("no application restriction"));
    assertThat(server.received())
        .allMatch(r -> r.headers().get("Authorization").get(0).equals("Bearer ya29.auditor"));
  }

  @Test
  void unknownApiKeyIsInvalid() {
    GcpResolver resolver =
        new GcpResolver(RoleCatalog.bundled(), () -> java.util.Optional.of("ya29.auditor"));
    answer(
        "GET",
        "/v2/keys:lookupKey",
        404,
        "{\"error\":{\"code\":404,\"message\":\"Key not found.\",\"status\":\"NOT_FOUND\"}}");

    Grant grant =
        resolver.resolve(
            Credential.found(
                "gcp.api-key",
                "gcp",
                new Secret("AIzaSyD3fakeFakeFakeFakeFakeFakeFake99999"),
                Map.of(),
                List.of()),
            context);

    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("does not know this API key");
  }

  @Test
  void mutatingCallsAreRefusedBeforeReachingTheServer() {
    GcpEndpoints endpoints = GcpEndpoints.of(context);

    assertThatThrownBy(
            () ->
                endpoints
                    .iam()
                    .post(
                        "/v1/projects/shop-prod/serviceAccounts/"
                            + FakeServiceAccountKeys.EMAIL
                            + ":setIamPolicy",
                        "{}",
                        "application/json",
                        Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                endpoints
                    .iam()
                    .post(
                        "/v1/projects/shop-prod/serviceAccounts/"
                            + FakeServiceAccountKeys.EMAIL
                            + "/keys",
                        "{}",
                        "application/json",
                        Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                endpoints
                    .resourceManager()
                    .post(
                        "/v3/projects/shop-prod:setIamPolicy", "{}", "application/json", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                endpoints
                    .iam()
                    .post(
                        "/v1/projects/shop-prod/serviceAccounts/"
                            + FakeServiceAccountKeys.EMAIL
                            + ":disable",
                        "",
                        "application/json",
                        Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                GcpEndpoints.IAM_ALLOW_LIST.check(
                    "DELETE",
                    "/v1/projects/shop-prod/serviceAccounts/"
                        + FakeServiceAccountKeys.EMAIL
                        + "/keys/"
                        + FakeServiceAccountKeys.KEY_ID,
                    null))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void mutatingCallsOfGooglesClientLibrariesAreRefusedBeforeReachingTheServer() {
    GcpEndpoints endpoints = GcpEndpoints.of(context);
    Iam iam =
        new Iam.Builder(endpoints.transport(), GsonFactory.getDefaultInstance(), null)
            .setRootUrl(endpoints.iam().baseUrl() + "/")
            .setApplicationName("test")
            .build();
    CloudResourceManager crm =
        new CloudResourceManager.Builder(
                endpoints.transport(), GsonFactory.getDefaultInstance(), null)
            .setRootUrl(endpoints.resourceManager().baseUrl() + "/")
            .setApplicationName("test")
            .build();
    String account = "projects/shop-prod/serviceAccounts/" + FakeServiceAccountKeys.EMAIL;

    assertThatThrownBy(
            () ->
                iam.projects()
                    .serviceAccounts()
                    .keys()
                    .create(account, new CreateServiceAccountKeyRequest())
                    .execute())
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                iam.projects()
                    .serviceAccounts()
                    .keys()
                    .delete(account + "/keys/" + FakeServiceAccountKeys.KEY_ID)
                    .execute())
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                iam.projects()
                    .serviceAccounts()
                    .setIamPolicy(
                        account, new com.google.api.services.iam.v1.model.SetIamPolicyRequest())
                    .execute())
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                crm.projects()
                    .setIamPolicy("projects/shop-prod", new SetIamPolicyRequest())
                    .execute())
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> crm.projects().delete("projects/shop-prod").execute())
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void requestsToHostsOutsideTheConfiguredEndpointsAreRefused() {
    GcpEndpoints endpoints = GcpEndpoints.of(context);
    Iam iam =
        new Iam.Builder(endpoints.transport(), GsonFactory.getDefaultInstance(), null)
            .setRootUrl("https://iam.collector.example/")
            .setApplicationName("test")
            .build();

    assertThatThrownBy(
            () ->
                iam.projects()
                    .serviceAccounts()
                    .get("projects/p/serviceAccounts/a@p.iam.gserviceaccount.com")
                    .execute())
        .isInstanceOf(RefusedRequestException.class)
        .hasMessageContaining("iam.collector.example");
  }
}
