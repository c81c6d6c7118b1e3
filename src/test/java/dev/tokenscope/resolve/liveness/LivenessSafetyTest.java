package dev.tokenscope.resolve.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.config.Config;
import dev.tokenscope.http.GraphqlQueryGuard;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.ReplayServer.Exchange;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.resolve.ProviderFixture;
import dev.tokenscope.resolve.Resolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivenessSafetyTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String TOKEN = "tok_FAKE7d9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e";

  private static final String DECLARATION =
      """
      provider: examplecloud
      source: https://docs.example.com/api/whoami
      rules: [examplecloud.api-key]
      base_url: https://api.example.com
      request:
        method: GET
        path: /v1/whoami
        token: {in: header, name: Authorization, value: 'Bearer {token}'}
      read_only: reads the caller's own user
      live:
        status: 200
        identity: {principal: /user/login, echoed: /user/note}
      dead:
        - status: 401
          reason: the key is unknown
      rate_limited:
        - status: 429
          reason: too many requests
      """;

  private static LivenessDeclaration declaration(String yaml) throws Exception {
    JsonNode root = YAML.readTree(yaml);
    return LivenessDeclaration.parse("examplecloud.yaml", root);
  }

  private static Credential credential(Map<String, String> attributes, List<Location> where) {
    return Credential.found(
        "examplecloud.api-key", "examplecloud", new Secret(TOKEN), attributes, where);
  }

  @Test
  void tokenGoesToTheDeclaredHostWhateverTheScannedContentSays() throws Exception {
    LivenessDeclaration declaration = declaration(DECLARATION);
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                Exchange.answer(
                    "examplecloud", "GET", "/v1/whoami", 200, "{\"user\":{\"login\":\"ada\"}}")))) {
      // The file the token came from names another host and URL: both must be ignored.
      Credential hostile =
          credential(
              Map.of("host", "attacker.example", "url", "https://attacker.example/steal"),
              List.of());
      Grant grant =
          new LivenessResolver(declaration)
              .resolve(hostile, ProviderFixture.context(server, "examplecloud"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().principal()).isEqualTo("ada");
      assertThat(server.received())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.provider()).isEqualTo("examplecloud");
                assertThat(r.path()).isEqualTo("/v1/whoami");
                assertThat(r.headers().get("Authorization")).containsExactly("Bearer " + TOKEN);
              });
    }
  }

  @Test
  void baseUrlWithAPlaceholderIsRefusedAtLoad() {
    assertThatThrownBy(
            () ->
                declaration(
                    DECLARATION.replace("https://api.example.com", "https://{host}.example.com")))
        .hasMessageContaining("examplecloud.yaml")
        .hasMessageContaining("no placeholder");
  }

  @Test
  void plainHttpBaseIsRefusedAtLoadUnlessLoopback() throws Exception {
    assertThatThrownBy(
            () ->
                declaration(
                    DECLARATION.replace("https://api.example.com", "http://api.example.com")))
        .hasMessageContaining("must be https");
    assertThat(
            declaration(DECLARATION.replace("https://api.example.com", "http://127.0.0.1:8080"))
                .baseUrl()
                .getPort())
        .isEqualTo(8080);
  }

  @Test
  void plainHttpBaseFromTheConfigIsRefusedBeforeAnythingIsSent() throws Exception {
    Config config =
        Config.empty().withBaseUrls(Map.of("examplecloud", "http://intercept.example.net"));
    Grant grant =
        new LivenessResolver(declaration(DECLARATION))
            .resolve(credential(Map.of(), List.of()), ProviderFixture.context(config));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("must be https").doesNotContain(TOKEN);
  }

  @Test
  void onlyTheDeclaredMethodAndPathAreAllowed() throws Exception {
    var allow = declaration(DECLARATION).allowList();
    allow.check("GET", "/v1/whoami", null);
    assertThatThrownBy(() -> allow.check("POST", "/v1/whoami", null))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> allow.check("DELETE", "/v1/whoami", null))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> allow.check("GET", "/v1/keys", null))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> allow.check("GET", "/v1/whoami/extra", null))
        .isInstanceOf(RefusedRequestException.class);
  }

  @Test
  void aTokenInThePathMatchesOnlyTokenCharacters() throws Exception {
    var allow =
        declaration(
                DECLARATION
                    .replace("path: /v1/whoami", "path: /bot{token}/getMe")
                    .replace(
                        "token: {in: header, name: Authorization, value: 'Bearer {token}'}",
                        "token: {in: path}"))
            .allowList();
    allow.check("GET", "/bot123:AAbc_d-e/getMe", null);
    assertThatThrownBy(() -> allow.check("GET", "/bot1/sendMessage", null))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> allow.check("GET", "/bot1/x/getMe", null))
        .isInstanceOf(RefusedRequestException.class);
  }

  @Test
  void everyShippedDeclarationAllowsExactlyOneReadCall() {
    for (LivenessDeclaration declaration : LivenessDeclarations.bundled()) {
      assertThat(declaration.allowList().requests()).as(declaration.file()).hasSize(1);
      assertThat(declaration.method()).as(declaration.file()).isIn("GET", "HEAD", "POST");
      assertThat(declaration.baseUrl().getScheme()).as(declaration.file()).isEqualTo("https");
      if (declaration.method().equals("POST") && declaration.graphql() == null) {
        // Only Dropbox, whose RPC API uses POST for reads; a new POST must be argued for here.
        assertThat(declaration.provider()).isEqualTo("dropbox");
      }
      if (declaration.graphql() != null) {
        // A GraphQL check sends one named query the guard accepts, and the allow-list names it.
        assertThat(
                GraphqlQueryGuard.problem(
                    declaration.graphql().query(), declaration.graphql().operation()))
            .as(declaration.file())
            .isNull();
        assertThat(declaration.allowList().requests().get(0).graphqlOperation())
            .isEqualTo(declaration.graphql().operation());
      }
    }
  }

  @Test
  void noWholeSecretInTheGrantEvenWhenTheProviderEchoesIt() throws Exception {
    String echo = "{\"user\":{\"login\":\"ada\",\"note\":\"your key " + TOKEN + " is fine\"}}";
    try (ReplayServer server =
        ReplayServer.of(List.of(Exchange.answer("examplecloud", "GET", "/v1/whoami", 200, echo)))) {
      Grant grant =
          new LivenessResolver(declaration(DECLARATION))
              .resolve(
                  credential(Map.of(), List.of()), ProviderFixture.context(server, "examplecloud"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().details().get("echoed")).startsWith("your key ");
      assertThat(grant.toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void noWholeSecretInTheReasonWhenATokenInThePathCannotBeSent() throws Exception {
    LivenessDeclaration telegram =
        LivenessDeclarations.bundled().stream()
            .filter(d -> d.provider().equals("telegram"))
            .findFirst()
            .orElseThrow();
    String token = "7012345678:AAFAKEk4Jd8sL2qP0wXy5zRt7uVb3nMc1oG";
    Grant grant =
        new LivenessResolver(telegram)
            .resolve(
                ProviderFixture.credential("telegram", "telegram.bot-token", token),
                ProviderFixture.unreachable("telegram"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("could not be asked").doesNotContain(token);
    assertThat(grant.toString()).doesNotContain(token);
  }

  @Test
  void declaredDeadAnswerIsInvalidAndAnUndeclaredOneIsUnknown() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(List.of(Exchange.answer("examplecloud", "GET", "/v1/whoami", 401, "{}")))) {
      Grant dead =
          new LivenessResolver(declaration(DECLARATION))
              .resolve(
                  credential(Map.of(), List.of()), ProviderFixture.context(server, "examplecloud"));
      assertThat(dead.status()).isEqualTo(GrantStatus.INVALID);
      assertThat(dead.statusReason()).contains("the key is unknown");
    }
    try (ReplayServer server =
        ReplayServer.of(List.of(Exchange.answer("examplecloud", "GET", "/v1/whoami", 418, "{}")))) {
      Grant odd =
          new LivenessResolver(declaration(DECLARATION))
              .resolve(
                  credential(Map.of(), List.of()), ProviderFixture.context(server, "examplecloud"));
      assertThat(odd.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(odd.statusReason()).contains("HTTP 418").contains("does not describe");
    }
  }

  @Test
  void badDeclarationsAreClearErrorsNamingTheFileAndTheProblem() {
    assertThatThrownBy(() -> declaration(DECLARATION.replace("read_only:", "readonly:")))
        .hasMessageContaining("examplecloud.yaml")
        .hasMessageContaining("unknown key 'readonly'");
    assertThatThrownBy(() -> declaration(DECLARATION.replace("method: GET", "method: DELETE")))
        .hasMessageContaining("only GET, HEAD or a read-only POST");
    assertThatThrownBy(
            () ->
                declaration(
                    DECLARATION.replace(
                        "rate_limited:\n  - status: 429\n    reason: too many requests\n", "")))
        .hasMessageContaining("rate_limited");
    assertThatThrownBy(
            () -> declaration(DECLARATION.replace("path: /v1/whoami", "path: /v1/{user}")))
        .hasMessageContaining("only the {token} and {id} placeholders");
  }

  private static final String TWILIO_SID = "AC6ea19fa6df8cf6147ede973f0b2e45e5";
  private static final String TWILIO_TOKEN = "b7415c60bd59557239b5c5a6fce15985";

  private static LivenessDeclaration shipped(String provider) {
    return LivenessDeclarations.bundled().stream()
        .filter(d -> d.provider().equals(provider))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void twilioSendsTheFoundSidOnlyAsThePathSegmentToTheFixedHost() throws Exception {
    LivenessDeclaration twilio = shipped("twilio");
    String path = "/2010-04-01/Accounts/" + TWILIO_SID + ".json";
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                Exchange.answer("twilio", "GET", path, 200, "{\"sid\":\"" + TWILIO_SID + "\"}")))) {
      Credential paired =
          Credential.found(
              "twilio.auth-token",
              "twilio",
              new Secret(TWILIO_TOKEN),
              Map.of("id", TWILIO_SID, "host", "attacker.example"),
              List.of());
      Grant grant =
          new LivenessResolver(twilio).resolve(paired, ProviderFixture.context(server, "twilio"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(server.received())
          .singleElement()
          .satisfies(r -> assertThat(r.path()).isEqualTo(path));
    }
    assertThat(twilio.baseUrl().toString()).isEqualTo("https://api.twilio.com");
  }

  @Test
  void aPairedIdOutsideItsDocumentedFormatIsNeverSent() throws Exception {
    LivenessDeclaration twilio = shipped("twilio");
    try (ReplayServer server = ReplayServer.of(List.of())) {
      for (String id :
          List.of(
              "AC6ea19fa6df8cf6147ede973f0b2e45",
              "AC../../../2010-04-01/Accounts",
              "AC6ea19fa6df8cf6147ede973f0b2e45e5/Calls",
              "SK6ea19fa6df8cf6147ede973f0b2e45e5",
              "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")) {
        Credential paired =
            Credential.found(
                "twilio.auth-token",
                "twilio",
                new Secret(TWILIO_TOKEN),
                Map.of("id", id),
                List.of());
        Grant grant =
            new LivenessResolver(twilio).resolve(paired, ProviderFixture.context(server, "twilio"));
        assertThat(grant.status()).as(id).isEqualTo(GrantStatus.UNKNOWN);
        assertThat(grant.statusReason()).as(id).contains("documented format").contains("not sent");
      }
      Credential alone = ProviderFixture.credential("twilio", "twilio.auth-token", TWILIO_TOKEN);
      Grant grant =
          new LivenessResolver(twilio).resolve(alone, ProviderFixture.context(server, "twilio"));
      assertThat(grant.statusReason()).contains("none was found next to it; not sent");
      assertThat(server.received()).isEmpty();
    }
    // the allow-list itself admits only the documented format in the path
    assertThatThrownBy(
            () -> twilio.allowList().check("GET", "/2010-04-01/Accounts/ACzz.json", null))
        .isInstanceOf(RefusedRequestException.class);
  }

  @Test
  void aLivenessGraphqlQueryMayNotBeAMutation() throws Exception {
    String graphql =
        DECLARATION
            .replace("method: GET", "method: POST")
            .replace(
                "path: /v1/whoami", "path: /graphql\n  graphql: {operation: Who, query: 'QUERY'}");
    assertThat(declaration(graphql.replace("QUERY", "query Who { viewer { id } }")).graphql())
        .isNotNull();
    assertThatThrownBy(
            () -> declaration(graphql.replace("QUERY", "mutation Who { deleteUser { id } }")))
        .hasMessageContaining("examplecloud.yaml")
        .hasMessageContaining("a mutation is never sent");
    assertThatThrownBy(
            () ->
                declaration(
                    graphql.replace("QUERY", "query Who { viewer { id } } mutation Drop { drop }")))
        .hasMessageContaining("request.graphql.query is refused");
    assertThatThrownBy(
            () ->
                declaration(
                    DECLARATION.replace(
                        "path: /v1/whoami",
                        "path: /graphql\n  graphql: {operation: Who, query: 'query Who { a }'}")))
        .hasMessageContaining("set request.method to POST");
  }

  @Test
  void aUsersFileMayNotSendAPlainPost(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("examplecloud.yaml"), DECLARATION.replace("method: GET", "method: POST"));
    assertThatThrownBy(() -> LivenessResolver.load(dir))
        .hasMessageContaining("examplecloud.yaml")
        .hasMessageContaining("not a plain POST");
  }

  @Test
  void aUsersRulesFolderAddsChecksOnlyFromItsLivenessFolderAndOnlyForItsRules(@TempDir Path dir)
      throws Exception {
    assertThat(LivenessResolver.fromRules(dir, java.util.Set.of("examplecloud.api-key"))).isEmpty();
    assertThat(LivenessResolver.fromRules(null, java.util.Set.of())).isEmpty();
    Path liveness = Files.createDirectories(dir.resolve("liveness"));
    Files.writeString(liveness.resolve("examplecloud.yaml"), DECLARATION);

    assertThat(LivenessResolver.fromRules(dir, java.util.Set.of("examplecloud.api-key")))
        .singleElement()
        .satisfies(r -> assertThat(r.provider()).isEqualTo("examplecloud"));
    assertThatThrownBy(() -> LivenessResolver.fromRules(dir, java.util.Set.of("other.key")))
        .hasMessageContaining(liveness.resolve("examplecloud.yaml").toString())
        .hasMessageContaining("'examplecloud.api-key' is not a detector rule");
  }

  @Test
  void aUsersOwnFolderOfDeclarationsIsLoaded(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("examplecloud.yaml"), DECLARATION);
    List<Resolver> resolvers = LivenessResolver.load(dir);

    assertThat(resolvers)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.provider()).isEqualTo("examplecloud");
              assertThat(r.canResolve(credential(Map.of(), List.of()))).isTrue();
            });
  }

  @Test
  void aRuleIdDeclaredTwiceIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), DECLARATION);
    Files.writeString(dir.resolve("b.yaml"), DECLARATION);

    assertThatThrownBy(() -> LivenessResolver.load(dir))
        .hasMessageContaining("examplecloud.api-key already has a liveness check");
  }
}
