package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.resolve.ResolveContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpLiveAuditTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private ReplayServer server;
  private ResolveContext context;

  @BeforeEach
  void start() throws Exception {
    server = ReplayServer.fromDirectory(Path.of("src/test/resources/gcp/live"));
    context =
        new ResolveContext(
            Config.empty().withBaseUrls(Map.of("gcp", server.baseUrl("gcp").toString())),
            Clock.fixed(NOW, ZoneOffset.UTC),
            HttpSettings.fast());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void projectAuditListsEachUserManagedKeyWithItsGrant() {
    GcpAuditResult result =
        GcpLiveAudit.run(context, "ya29.auditor-token", List.of("shop-prod"), null);

    assertThat(result.problems()).isEmpty();
    assertThat(result.credentials())
        .extracting(c -> c.attribute("id"))
        .containsExactlyInAnyOrder(
            FakeServiceAccountKeys.KEY_ID, "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b");
    Credential active =
        result.credentials().stream()
            .filter(c -> c.attribute("id").equals(FakeServiceAccountKeys.KEY_ID))
            .findFirst()
            .orElseThrow();
    Grant grant = result.grant(active);
    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.statusReason()).contains("organizations/222 IAM policy");
    assertThat(grant.permissions()).anyMatch(p -> p.action().equals("cloudsql.instances.delete"));
    assertThat(grant.identity().details().get("impersonators")).contains("user:alice@shop.example");
    Credential disabled =
        result.credentials().stream()
            .filter(c -> !c.attribute("id").equals(FakeServiceAccountKeys.KEY_ID))
            .findFirst()
            .orElseThrow();
    assertThat(result.grant(disabled).status()).isEqualTo(GrantStatus.REVOKED);
  }

  @Test
  void auditUsesTheAuditorsTokenAndNeverTheTokenEndpoint() {
    GcpLiveAudit.run(context, "ya29.auditor-token", List.of("shop-prod"), null);

    assertThat(server.received()).noneMatch(r -> r.path().equals("/token"));
    assertThat(server.received())
        .allMatch(r -> r.headers().get("Authorization").get(0).equals("Bearer ya29.auditor-token"));
    assertThat(server.received())
        .allMatch(r -> r.method().equals("GET") || r.path().endsWith(":getIamPolicy"));
  }

  @Test
  void everyPageOfServiceAccountsIsRead() {
    server.prepend(
        new ReplayServer.Exchange(
            "gcp",
            "GET",
            "/v1/projects/shop-prod/serviceAccounts",
            null,
            "pageSize=100",
            200,
            Map.of(),
            "{\"accounts\":[{\"name\":\"projects/shop-prod/serviceAccounts/deployer@shop-prod.iam.gserviceaccount.com\",\"projectId\":\"shop-prod\",\"email\":\"deployer@shop-prod.iam.gserviceaccount.com\"}],\"nextPageToken\":\"page-2\"}"));
    server.prepend(
        new ReplayServer.Exchange(
            "gcp",
            "GET",
            "/v1/projects/shop-prod/serviceAccounts",
            null,
            "pageToken=page-2",
            200,
            Map.of(),
            "{\"accounts\":[{\"name\":\"projects/shop-prod/serviceAccounts/builder@shop-prod.iam.gserviceaccount.com\",\"projectId\":\"shop-prod\",\"email\":\"builder@shop-prod.iam.gserviceaccount.com\"}]}"));
    server.prepend(
        ReplayServer.Exchange.answer(
            "gcp",
            "GET",
            "/v1/projects/shop-prod/serviceAccounts/builder@shop-prod.iam.gserviceaccount.com/keys",
            200,
            "{\"keys\":[{\"name\":\"projects/shop-prod/serviceAccounts/builder@shop-prod.iam.gserviceaccount.com/keys/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\",\"validAfterTime\":\"2026-11-01T00:00:00Z\",\"validBeforeTime\":\"9999-12-31T23:59:59Z\",\"keyType\":\"USER_MANAGED\"}]}"));
    server.prepend(
        ReplayServer.Exchange.answer(
            "gcp",
            "POST",
            "/v1/projects/shop-prod/serviceAccounts/builder@shop-prod.iam.gserviceaccount.com:getIamPolicy",
            200,
            "{\"etag\":\"ACAB\"}"));

    GcpAuditResult result =
        GcpLiveAudit.run(context, "ya29.auditor-token", List.of("shop-prod"), null);

    assertThat(result.problems()).isEmpty();
    assertThat(result.credentials())
        .extracting(c -> c.attribute("client_email"))
        .contains(
            "deployer@shop-prod.iam.gserviceaccount.com",
            "builder@shop-prod.iam.gserviceaccount.com");
  }

  @Test
  void aListingThatRepeatsItsPageTokenStopsWithAProblem() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "gcp",
            "GET",
            "/v1/projects/shop-prod/serviceAccounts",
            200,
            "{\"accounts\":[],\"nextPageToken\":\"same\"}"));

    GcpAuditResult result =
        GcpLiveAudit.run(context, "ya29.auditor-token", List.of("shop-prod"), null);

    assertThat(result.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("page token 'same' twice"));
  }

  @Test
  void organizationAuditFindsProjectsInItsFolders() {
    GcpAuditResult result = GcpLiveAudit.run(context, "ya29.auditor-token", List.of(), "222");

    assertThat(result.problems()).isEmpty();
    assertThat(result.credentials())
        .extracting(c -> c.attribute("project_id"))
        .containsOnly("shop-prod")
        .hasSize(2);
  }

  @Test
  void unlistableProjectIsAProblemAndOtherProjectsAreStillAudited() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "gcp",
            "GET",
            "/v1/projects/gone-project/serviceAccounts",
            403,
            "{\"error\":{\"code\":403,\"message\":\"Project gone-project has been deleted.\",\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"USER_PROJECT_DENIED\"}]}}"));

    GcpAuditResult result =
        GcpLiveAudit.run(context, "ya29.auditor-token", List.of("gone-project", "shop-prod"), null);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo("projects/gone-project");
              assertThat(p.message()).contains("has been deleted").contains("disabled or deleted");
            });
    assertThat(result.credentials()).hasSize(2);
  }
}
