package dev.tokenscope.resolve.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RailwayResolverTest {
  private static final String TOKEN = "8c1f2a4e-5b7d-4c3e-9f10-2a6b8d4e7c91";
  private static final Credential CREDENTIAL =
      Credential.found(
          "railway.api-token",
          "railway",
          new Secret(TOKEN),
          Map.of(),
          List.of(Location.file("deploy/domains.env")));

  private static ResolveContext context(String baseUrl) {
    Config config = Config.empty().withBaseUrls(Map.of("railway", baseUrl));
    return new ResolveContext(config, Clock.systemUTC(), HttpSettings.fast());
  }

  private static Grant resolveWith(String fixture) throws Exception {
    try (ReplayServer server =
        ReplayServer.fromDirectory(Path.of("src/test/resources/railway", fixture))) {
      Grant grant =
          new RailwayResolver().resolve(CREDENTIAL, context(server.baseUrl("railway").toString()));
      assertThat(server.unmatched()).isEmpty();
      return grant;
    }
  }

  @Test
  void accountTokenIsToldApartByMeAndReachesEveryProjectOfItsWorkspaces() throws Exception {
    Grant grant = resolveWith("account");
    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().tokenType()).isEqualTo("account");
    assertThat(grant.identity().principal()).isEqualTo("dana@acme.example");
    assertThat(grant.identity().account()).isEqualTo("acme");
    assertThat(grant.identity().details())
        .containsEntry("projects", "acme/shop")
        .containsEntry("volumes", "shop/postgres-volume");
    assertThat(grant.environments()).containsExactly("production", "staging");
    assertThat(grant.permissions())
        .contains(
            Permission.of("volumeDelete", "acme/shop/production", Access.DELETE),
            Permission.of("volumeInstanceBackupDelete", "acme/shop/production", Access.DELETE),
            Permission.of("projectDelete", "acme/shop", Access.DELETE),
            Permission.of("customDomainCreate", "acme/shop/production", Access.WRITE),
            Permission.of("apiTokenCreate", "*", Access.PERMISSIONS));
  }

  @Test
  void accountTokenIsSentOnlyAsBearer() throws Exception {
    try (ReplayServer server =
        ReplayServer.fromDirectory(Path.of("src/test/resources/railway/account"))) {
      new RailwayResolver().resolve(CREDENTIAL, context(server.baseUrl("railway").toString()));
      assertThat(server.received()).isNotEmpty();
      assertThat(server.received())
          .allSatisfy(
              r -> assertThat(r.headers().get("Authorization")).containsExactly("Bearer " + TOKEN));
      assertThat(server.received())
          .allSatisfy(r -> assertThat(r.body()).startsWith("{\"query\":\"query "));
    }
  }

  @Test
  void accountTokenIsDestructiveEvenWhenItsWorkspaceCannotBeRead() throws Exception {
    String me =
        "{\"data\":{\"me\":{\"id\":\"u-1\",\"name\":\"Dana\",\"email\":null,\"workspaces\":[{\"id\":\"ws-1\",\"name\":\"acme\"}]}}}";
    String refused = "{\"errors\":[{\"message\":\"Not Authorized\"}],\"data\":null}";
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                new ReplayServer.Exchange(
                    "railway", "POST", "/graphql/v2", "Me", null, 200, Map.of(), me),
                new ReplayServer.Exchange(
                    "railway",
                    "POST",
                    "/graphql/v2",
                    "Workspace",
                    null,
                    200,
                    Map.of(),
                    refused)))) {
      Grant grant =
          new RailwayResolver().resolve(CREDENTIAL, context(server.baseUrl("railway").toString()));
      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("account");
      assertThat(grant.identity().principal()).isEqualTo("Dana");
      assertThat(grant.evidence())
          .anySatisfy(
              e -> assertThat(e).contains("workspace acme: its projects could not be read"));
      assertThat(grant.permissions())
          .contains(
              Permission.of("volumeDelete", "*", Access.DELETE),
              Permission.of("projectDelete", "*", Access.DELETE));
    }
  }

  @Test
  void workspaceTokenIsRecognisedWhenOnlyProjectsAnswers() throws Exception {
    Grant grant = resolveWith("workspace");
    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().tokenType()).isEqualTo("workspace");
    assertThat(grant.identity().account()).isEqualTo("acme");
    assertThat(grant.environments()).containsExactly("production");
    assertThat(grant.permissions())
        .contains(Permission.of("projectDelete", "acme/api", Access.DELETE));
    assertThat(grant.permissions()).noneMatch(p -> p.action().equals("apiTokenCreate"));
  }

  @Test
  void projectTokenReachesOnlyItsProjectAndEnvironment() throws Exception {
    Grant grant = resolveWith("project");
    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().tokenType()).isEqualTo("project");
    assertThat(grant.environments()).containsExactly("staging");
    assertThat(grant.permissions()).isNotEmpty().allMatch(p -> p.resource().equals("shop/staging"));
    assertThat(grant.permissions())
        .noneMatch(p -> p.action().endsWith("Delete") && !p.action().equals("variableDelete"));
  }

  @Test
  void tokenRefusedEverywhereIsReportedAsInvalid() throws Exception {
    Grant grant = resolveWith("invalid");
    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("Not Authorized");
    assertThat(grant.permissions()).isEmpty();
  }

  @Test
  void projectTokenNotFoundIsARefusalNotAFailureToAsk() throws Exception {
    // Railway's answer to an unknown, deleted or made-up Project-Access-Token.
    Grant grant = resolveWith("invalid");
    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).doesNotContain("could not be asked");
  }

  @Test
  void invalidTokenIsTriedAsEveryTypeAndNothingElse() throws Exception {
    try (ReplayServer server =
        ReplayServer.fromDirectory(Path.of("src/test/resources/railway/invalid"))) {
      new RailwayResolver().resolve(CREDENTIAL, context(server.baseUrl("railway").toString()));
      assertThat(server.received())
          .extracting(
              r ->
                  r.headers().keySet().stream()
                      .map(h -> h.toLowerCase(java.util.Locale.ROOT))
                      .filter(h -> h.endsWith("-token") || h.equals("authorization"))
                      .findFirst()
                      .orElse(""))
          // No Team-Access-Token probe: Railway's docs send workspace tokens as Bearer tokens.
          .containsExactly("authorization", "project-access-token", "authorization");
    }
  }

  @Test
  void htmlPageInsteadOfJsonIsUnknownWithTheReason() throws Exception {
    Grant grant = resolveWith("html");
    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("non-JSON");
  }

  @Test
  void networkFailureIsUnknownNotAnError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Grant grant = new RailwayResolver().resolve(CREDENTIAL, context("http://127.0.0.1:" + port));
    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("did not answer");
    assertThat(grant.statusReason()).doesNotContain(TOKEN);
  }

  @Test
  void mutationIsRefusedBeforeReachingTheServer() throws Exception {
    try (ReplayServer server =
        ReplayServer.fromDirectory(Path.of("src/test/resources/railway/account"))) {
      var client =
          context(server.baseUrl("railway").toString())
              .client(RailwayResolver.ALLOW_LIST, RailwayResolver.DEFAULT_BASE_URL);
      assertThatThrownBy(
              () ->
                  client.graphql(
                      RailwayResolver.PATH,
                      "volumeDelete",
                      "mutation volumeDelete($volumeId: String!) { volumeDelete(volumeId: $volumeId) }",
                      Map.of("volumeId", "v-pg"),
                      Map.of("Authorization", "Bearer " + TOKEN)))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () ->
                  client.graphql(
                      RailwayResolver.PATH,
                      "Variables",
                      "query Variables { variables }",
                      Map.of(),
                      Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void resolverOnlyClaimsRailwayCredentials() {
    Credential other =
        Credential.found("github.pat", "github", new Secret("ghp_x"), Map.of(), List.of());
    assertThat(new RailwayResolver().canResolve(CREDENTIAL)).isTrue();
    assertThat(new RailwayResolver().canResolve(other)).isFalse();
  }
}
