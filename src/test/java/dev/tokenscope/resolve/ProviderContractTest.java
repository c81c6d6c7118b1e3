package dev.tokenscope.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The SaaS resolvers against what each provider publishes, not against answers we made up.
 *
 * <p>Each {@code src/test/resources/contracts/<provider>/shapes.yaml} holds a trimmed excerpt of
 * the provider's published response shapes (OpenAPI description or API reference, with its
 * provenance): for each request and status, the fields the provider may send (JSON paths, {@code
 * []} for array items, {@code *} for any key) or the plain-text answers it documents. Every
 * recorded answer this project replays for that provider (the {@code cases.yaml} next to it, and
 * the resolver tests' fixtures under {@code src/test/resources/resolve/<provider>/}) must fit: no
 * fixture may claim a field the provider never sends.
 *
 * <p>Each {@code cases.yaml} records one answer per status the resolver can return (ACTIVE,
 * INVALID, REVOKED, UNKNOWN), in the provider's own wording, and the status it must give.
 */
class ProviderContractTest {
  private static final Path CONTRACTS = Path.of("src/test/resources/contracts");
  private static final Path FIXTURES = Path.of("src/test/resources/resolve");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> PROVIDERS =
      List.of(
          "github",
          "gitlab",
          "stripe",
          "slack",
          "openai",
          "anthropic",
          "vault",
          "npm",
          "huggingface");

  @TestFactory
  Stream<DynamicTest> everyRecordedCaseResolvesToItsStatus() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String provider : PROVIDERS) {
      for (JsonNode c : cases(provider)) {
        tests.add(
            DynamicTest.dynamicTest(
                provider + ": " + c.path("name").asText(), () -> assertCaseResolves(c)));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyStatusEachResolverReturnsHasARecordedCase() {
    return PROVIDERS.stream()
        .map(
            provider ->
                DynamicTest.dynamicTest(
                    provider,
                    () -> {
                      JsonNode file =
                          YAML.readTree(CONTRACTS.resolve(provider + "/cases.yaml").toFile());
                      Set<GrantStatus> declared = EnumSet.noneOf(GrantStatus.class);
                      file.path("statuses")
                          .forEach(s -> declared.add(GrantStatus.valueOf(s.asText())));
                      Set<GrantStatus> covered = EnumSet.noneOf(GrantStatus.class);
                      file.path("cases")
                          .forEach(
                              c -> covered.add(GrantStatus.valueOf(c.path("expect").asText())));
                      assertThat(declared).contains(GrantStatus.ACTIVE, GrantStatus.UNKNOWN);
                      assertThat(declared).containsAnyOf(GrantStatus.INVALID, GrantStatus.REVOKED);
                      assertThat(covered).isEqualTo(declared);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyReplayedAnswerFitsThePublishedShape() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String provider : PROVIDERS) {
      Shapes shapes = Shapes.load(CONTRACTS.resolve(provider + "/shapes.yaml"));
      for (JsonNode c : cases(provider)) {
        for (JsonNode exchange : c.path("exchanges")) {
          String request =
              exchange.path("method").asText("GET") + " " + exchange.path("path").asText();
          int status = exchange.path("status").asInt(200);
          tests.add(
              DynamicTest.dynamicTest(
                  provider + ": " + c.path("name").asText() + ": " + request + " " + status,
                  () ->
                      assertThat(shapes.problems(request, status, exchange.path("body").asText("")))
                          .isEmpty()));
        }
      }
      Path dir = FIXTURES.resolve(provider);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.sorted().toList()) {
            String name = file.getFileName().toString();
            tests.add(
                DynamicTest.dynamicTest(
                    provider + " fixture " + name,
                    () -> {
                      String answer = shapes.fixtures().get(name);
                      assertThat(answer)
                          .as(name + " must be mapped to the answer it replays in shapes.yaml")
                          .isNotNull();
                      int space = answer.lastIndexOf(' ');
                      assertThat(
                              shapes.problems(
                                  answer.substring(0, space),
                                  Integer.parseInt(answer.substring(space + 1)),
                                  Files.readString(file)))
                          .isEmpty();
                    }));
          }
        }
      }
    }
    // The documented answers --replay demos use (resolve/replay/exchanges.yaml) fit too.
    Path replay = FIXTURES.resolve("replay/exchanges.yaml");
    for (JsonNode exchange : YAML.readTree(replay.toFile())) {
      String provider = exchange.path("provider").asText().replace("slack-webhooks", "slack");
      if (!PROVIDERS.contains(provider)) {
        continue;
      }
      String body =
          exchange.hasNonNull("body_file")
              ? Files.readString(replay.resolveSibling(exchange.get("body_file").asText()))
              : exchange.path("body").asText("");
      String request = exchange.path("method").asText("GET") + " " + exchange.path("path").asText();
      int status = exchange.path("status").asInt(200);
      Shapes shapes = Shapes.load(CONTRACTS.resolve(provider + "/shapes.yaml"));
      tests.add(
          DynamicTest.dynamicTest(
              "replay/exchanges.yaml: " + provider + " " + request + " " + status,
              () -> assertThat(shapes.problems(request, status, body)).isEmpty()));
    }
    return tests.stream();
  }

  @org.junit.jupiter.api.Test
  void aFieldTheProviderNeverSendsIsCaught() throws IOException {
    Shapes openai = Shapes.load(CONTRACTS.resolve("openai/shapes.yaml"));
    assertThat(
            openai.problems(
                "GET /v1/models",
                200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"scopes\":[\"all\"]}]}"))
        .containsExactly("GET /v1/models 200 never sends data[].scopes");
    assertThat(openai.problems("GET /v1/models", 200, "{\"object\":\"list\",\"data\":[]}"))
        .isEmpty();
    assertThat(openai.problems("GET /v1/organization/users", 200, "{}")).isNotEmpty();
    Shapes slack = Shapes.load(CONTRACTS.resolve("slack/shapes.yaml"));
    assertThat(slack.problems("POST /services/T1/B1/x", 410, "hook_revoked")).isNotEmpty();
    assertThat(slack.problems("POST /services/T1/B1/x", 410, "channel_is_archived")).isEmpty();
    Shapes github = Shapes.load(CONTRACTS.resolve("github/shapes.yaml"));
    assertThat(github.problems("GET /user", 200, "{\"login\":\"o\",\"token_scopes\":\"repo\"}"))
        .containsExactly("GET /user 200 never sends token_scopes");
  }

  private static List<JsonNode> cases(String provider) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    YAML.readTree(CONTRACTS.resolve(provider + "/cases.yaml").toFile())
        .path("cases")
        .forEach(out::add);
    return out;
  }

  private static void assertCaseResolves(JsonNode c) throws IOException {
    List<ReplayServer.Exchange> exchanges = new ArrayList<>();
    Set<String> providers = new TreeSet<>();
    for (JsonNode e : c.path("exchanges")) {
      Map<String, String> headers = new LinkedHashMap<>();
      e.path("headers")
          .fields()
          .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
      providers.add(e.path("provider").asText());
      exchanges.add(
          new ReplayServer.Exchange(
              e.path("provider").asText(),
              e.path("method").asText("GET"),
              e.path("path").asText(),
              null,
              e.path("query").asText(null),
              e.path("status").asInt(200),
              headers,
              e.path("body").asText("")));
    }
    String secret =
        c.has("secret")
            ? c.get("secret").asText()
            : ProviderFixture.checksummed(
                c.path("checksummed").path("prefix").asText(),
                c.path("checksummed").path("random").asText());
    try (ReplayServer server = ReplayServer.of(exchanges)) {
      Grant grant =
          Resolvers.builtIn()
              .resolve(
                  ProviderFixture.credential(
                      c.path("provider").asText(), c.path("rule").asText(), secret),
                  ProviderFixture.context(server, providers.toArray(String[]::new)));
      assertThat(grant.status())
          .as("%s (%s)", c.path("name").asText(), grant.statusReason())
          .isEqualTo(GrantStatus.valueOf(c.path("expect").asText()));
      if (c.has("reason_contains")) {
        assertThat(grant.statusReason()).contains(c.get("reason_contains").asText());
      }
      assertThat(server.unmatched()).as("requests no recorded answer matched").isEmpty();
    }
  }

  /** One provider's published response shapes. */
  record Shapes(Map<String, JsonNode> responses, Map<String, String> fixtures) {
    static Shapes load(Path file) throws IOException {
      JsonNode root = YAML.readTree(file.toFile());
      Map<String, JsonNode> responses = new LinkedHashMap<>();
      root.path("responses")
          .fields()
          .forEachRemaining(e -> responses.put(e.getKey(), e.getValue()));
      Map<String, String> fixtures = new LinkedHashMap<>();
      root.path("fixtures")
          .fields()
          .forEachRemaining(e -> fixtures.put(e.getKey(), e.getValue().asText()));
      assertThat(root.path("source").asText()).as(file + " names its source").isNotBlank();
      return new Shapes(responses, fixtures);
    }

    /** What in {@code body} the provider never sends for this request and status. */
    List<String> problems(String request, int status, String body) throws IOException {
      JsonNode shape = null;
      for (Map.Entry<String, JsonNode> e : responses.entrySet()) {
        int space = e.getKey().lastIndexOf(' ');
        String pattern =
            e.getKey().substring(0, space).replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+");
        String statuses = e.getKey().substring(space + 1);
        if (request.matches(pattern)
            && (statuses.equals(String.valueOf(status)) || statuses.equals(status / 100 + "xx"))) {
          shape = e.getValue();
          break;
        }
      }
      if (shape == null) {
        return List.of("no published answer for " + request + " " + status);
      }
      if (body.strip().startsWith("<")) {
        // An HTML page is what a proxy or login wall sends, not the provider's API: such cases
        // check that the resolver does not take it for the provider's verdict.
        return List.of();
      }
      if (shape.has("text")) {
        List<String> allowed = new ArrayList<>();
        shape.get("text").forEach(t -> allowed.add(t.asText()));
        return allowed.contains(body.strip())
            ? List.of()
            : List.of("'" + body.strip() + "' is not a documented answer: " + allowed);
      }
      Set<String> allowed = new TreeSet<>();
      shape.path("fields").forEach(f -> allowed.add(f.asText()));
      Set<String> sent = new TreeSet<>();
      paths(JSON.readTree(body), "", sent);
      List<String> out = new ArrayList<>();
      for (String path : sent) {
        if (!permitted(path, allowed)) {
          out.add(request + " " + status + " never sends " + path);
        }
      }
      return out;
    }

    /** A sent path is permitted when it is a listed path, or a container on the way to one. */
    private static boolean permitted(String path, Set<String> allowed) {
      for (String a : allowed) {
        for (String prefix : prefixes(a)) {
          if (path.matches(regex(prefix))) {
            return true;
          }
        }
      }
      return false;
    }

    /** {@code data[].owner.id}: data, data[], data[].owner, data[].owner.id. */
    private static List<String> prefixes(String listed) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < listed.length(); i++) {
        char c = listed.charAt(i);
        if ((c == '.' || c == '[') && i > 0) {
          out.add(listed.substring(0, i));
        } else if (c == ']') {
          out.add(listed.substring(0, i + 1));
        }
      }
      out.add(listed);
      return out;
    }

    /** {@code *} stands for one key; everything else is literal. */
    private static String regex(String listed) {
      StringBuilder out = new StringBuilder();
      String[] parts = listed.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          out.append("[^.\\[]+");
        }
        out.append(java.util.regex.Pattern.quote(parts[i]));
      }
      return out.toString();
    }

    private static void paths(JsonNode node, String prefix, Set<String> out) {
      if (node.isObject()) {
        node.fields()
            .forEachRemaining(
                e -> {
                  String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                  out.add(p);
                  paths(e.getValue(), p, out);
                });
      } else if (node.isArray()) {
        for (JsonNode item : node) {
          paths(item, prefix + "[]", out);
        }
      }
    }
  }
}
