package dev.tokenscope.resolve.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.ReplayServer.Exchange;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.resolve.ProviderFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every shipped liveness declaration against its recorded answers (one per outcome: live,
 * dead, rate-limited, in the shape the provider documents) through a loopback replay server, the
 * same HTTP layer a real run uses. The answers live in {@code
 * src/test/resources/liveness/<provider>/answers.yaml}.
 */
class RecordedLivenessAnswersTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ANSWERS = Path.of("src/test/resources/liveness");

  @TestFactory
  Stream<DynamicTest> everyDeclarationJudgesItsRecordedAnswers() {
    List<DynamicTest> tests = new ArrayList<>();
    for (LivenessDeclaration declaration : LivenessDeclarations.bundled()) {
      JsonNode fixture = fixture(declaration.provider());
      for (JsonNode answer : fixture.path("answers")) {
        tests.add(
            DynamicTest.dynamicTest(
                declaration.provider() + " " + answer.path("outcome").asText(),
                () -> runs(declaration, fixture, answer)));
      }
    }
    return tests.stream();
  }

  @Test
  void everyDeclarationHasALiveADeadAndARateLimitedAnswer() {
    assertThat(LivenessDeclarations.bundled()).hasSizeGreaterThanOrEqualTo(40);
    for (LivenessDeclaration declaration : LivenessDeclarations.bundled()) {
      Set<String> kinds = new HashSet<>();
      fixture(declaration.provider())
          .path("answers")
          .forEach(a -> kinds.add(a.path("kind").asText()));
      assertThat(kinds).as(declaration.provider()).contains("live", "dead", "rate_limited");
    }
  }

  @Test
  void everyDeclaredRuleIsADetectorRuleWithoutADeepResolver() {
    Set<String> ids = new HashSet<>();
    RuleSet.bundled().rules().forEach(r -> ids.add(r.id()));
    var deep = dev.tokenscope.resolve.Resolvers.builtIn();
    for (LivenessDeclaration declaration : LivenessDeclarations.bundled()) {
      for (String rule : declaration.rules()) {
        assertThat(ids.contains(rule)).as(declaration.file() + " names rule " + rule).isTrue();
        assertThat(rule).startsWith(declaration.provider() + ".");
        Credential credential = ProviderFixture.credential(declaration.provider(), rule, "x");
        assertThat(deep.forCredential(credential))
            .as(rule)
            .hasValueSatisfying(r -> assertThat(r).isInstanceOf(LivenessResolver.class));
      }
    }
  }

  @Test
  void everyLivenessProviderIsABuiltInResolverSoReplayRedirectsIt() {
    // --replay points the base URL of every built-in resolver's provider at its loopback server;
    // a liveness provider missing from that list would be sent to the real host.
    Set<String> providers = new HashSet<>();
    dev.tokenscope.resolve.Resolvers.builtIn().all().forEach(r -> providers.add(r.provider()));
    for (LivenessDeclaration declaration : LivenessDeclarations.bundled()) {
      assertThat(providers).contains(declaration.provider());
    }
  }

  private static void runs(LivenessDeclaration declaration, JsonNode fixture, JsonNode answer)
      throws Exception {
    String provider = declaration.provider();
    String token = fixture.path("token").asText();
    String rule = fixture.path("rule").asText(declaration.rules().get(0));
    assertThat(declaration.rules()).contains(rule);
    Map<String, String> headers = new LinkedHashMap<>();
    answer
        .path("headers")
        .fields()
        .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    String body = answer.path("body").asText("").replace("{token}", token);
    // a pair's public part (Twilio's account SID), found next to the token: `id:` in the fixture
    String id = fixture.path("id").asText(null);
    String path = declaration.path().replace("{token}", token);
    if (id != null) {
      path = path.replace("{id}", id);
    }
    String operation = declaration.graphql() == null ? null : declaration.graphql().operation();
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                new Exchange(
                    provider,
                    declaration.method(),
                    path,
                    operation,
                    null,
                    answer.path("status").asInt(),
                    headers,
                    body)))) {
      Credential credential =
          ProviderFixture.credential(
              provider, rule, token, id == null ? Map.of() : Map.of("id", id));
      Grant grant =
          new LivenessResolver(declaration)
              .resolve(credential, ProviderFixture.context(server, provider));

      assertThat(grant.status())
          .as(grant.statusReason())
          .isEqualTo(GrantStatus.valueOf(answer.path("outcome").asText()));
      assertThat(server.unmatched()).isEmpty();
      assertThat(server.received()).isNotEmpty();
      var request = server.received().get(0);
      assertThat(request.method()).isEqualTo(declaration.method());
      assertThat(request.path()).isEqualTo(path);
      if ("rate_limited".equals(answer.path("kind").asText())) {
        assertThat(grant.statusReason()).contains("rate-limited");
      }
      if ("query".equals(declaration.token().in())) {
        assertThat(request.query()).contains(declaration.token().name() + "=");
      } else if ("header".equals(declaration.token().in())) {
        assertThat(request.headers().get(capitalised(declaration.token().name())))
            .containsExactly(declaration.token().template().replace("{token}", token));
      } else if ("basic".equals(declaration.token().in())) {
        String sent = request.headers().get("Authorization").get(0);
        assertThat(sent).startsWith("Basic ");
        String pair =
            new String(
                java.util.Base64.getDecoder().decode(sent.substring("Basic ".length())),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(pair).contains(token);
        if (id != null) {
          assertThat(pair).startsWith(id + ":");
        }
      }
      if (declaration.graphql() != null) {
        // the one fixed query, checked by the guard; nothing else rides along
        assertThat(request.body()).contains(declaration.graphql().operation());
        assertThat(request.body()).doesNotContain("mutation");
      }
      Map<String, String> expected = new LinkedHashMap<>();
      answer
          .path("identity")
          .fields()
          .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
      Map<String, String> seen = new LinkedHashMap<>(grant.identity().details());
      if (grant.identity().principal() != null) {
        seen.put("principal", grant.identity().principal());
      }
      if (grant.identity().account() != null) {
        seen.put("account", grant.identity().account());
      }
      if (grant.identity().tokenType() != null) {
        seen.put("token_type", grant.identity().tokenType());
      }
      assertThat(seen).isEqualTo(expected);
      assertThat(grant.toString()).doesNotContain(token);
    }
  }

  /** The JDK's server stores header names with the first letter upper-case, the rest lower. */
  private static String capitalised(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  private static JsonNode fixture(String provider) {
    Path file = ANSWERS.resolve(provider).resolve("answers.yaml");
    assertThat(file).as("recorded answers for " + provider).exists();
    try {
      return YAML.readTree(Files.readString(file));
    } catch (java.io.IOException e) {
      throw new AssertionError(file + ": " + e.getMessage(), e);
    }
  }
}
