package dev.tokenscope.resolve.liveness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A one-call liveness check for a provider with no deep resolver: is this key live, and whose. The
 * call, its fixed base URL, the header carrying the token and the shapes of a live, dead and
 * rate-limited answer come from a {@link LivenessDeclaration} ({@code rules/liveness/*.yaml}); the
 * only request allowed is that one call (GET, HEAD, or a POST the declaration says creates
 * nothing). The credential's locations and attributes are never read here, so a scanned file cannot
 * choose where its token is sent. The base URL can be replaced only by the configuration ({@code
 * providers.<name>.base_url}, as {@code --replay} does) and must still be https or loopback.
 * Permissions are not resolved: a live key's grant says so in its evidence.
 */
public final class LivenessResolver implements Resolver {
  /** Made when the first answer is read: building the resolvers must cost a scan nothing. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final LivenessDeclaration declaration;

  LivenessResolver(LivenessDeclaration declaration) {
    this.declaration = declaration;
  }

  /**
   * One resolver per shipped declaration. Registered after the deep resolvers, so a rule with a
   * deep resolver is never checked here.
   */
  public static List<Resolver> bundled() {
    return LivenessDeclarations.bundled().stream()
        .map(d -> (Resolver) new LivenessResolver(d))
        .toList();
  }

  /**
   * The ids of the detector rules a shipped liveness check covers (for the docs' coverage table).
   */
  public static Set<String> bundledRuleIds() {
    Set<String> ids = new java.util.TreeSet<>();
    LivenessDeclarations.bundled().forEach(d -> ids.addAll(d.rules()));
    return ids;
  }

  /**
   * The deep resolvers followed by the shipped liveness checks: the first resolver that can resolve
   * a credential wins, so a rule with a deep resolver is never only liveness-checked.
   */
  public static List<Resolver> after(List<Resolver> deep) {
    return after(deep, List.of());
  }

  /**
   * The deep resolvers, then the user's own liveness checks (so a user's check of a rule replaces
   * the shipped one), then the shipped checks.
   */
  public static List<Resolver> after(List<Resolver> deep, List<Resolver> user) {
    List<Resolver> all = new ArrayList<>(deep);
    all.addAll(user);
    all.addAll(bundled());
    return all;
  }

  /**
   * One resolver per declaration in {@code rulesDir/liveness/}, the folder next to the detector
   * rules a user passes with {@code --rules DIR}; none without that folder. Only a flag names
   * {@code rulesDir}: no config file, and nothing in a scanned tree, adds a liveness check or
   * chooses its host. Throws {@link IllegalArgumentException} naming the first bad file, or a rule
   * id that is not one of {@code ruleIds}.
   */
  public static List<Resolver> fromRules(java.nio.file.Path rulesDir, Set<String> ruleIds) {
    return LivenessDeclarations.user(rulesDir, ruleIds).stream()
        .map(d -> (Resolver) new LivenessResolver(d))
        .toList();
  }

  /** One resolver per declaration in a user's folder (bad files are an error naming the file). */
  public static List<Resolver> load(java.nio.file.Path dir) {
    return LivenessDeclarations.load(dir).stream()
        .map(d -> (Resolver) new LivenessResolver(d))
        .toList();
  }

  @Override
  public String provider() {
    return declaration.provider();
  }

  @Override
  public boolean canResolve(Credential credential) {
    return credential.secret() != null && declaration.rules().contains(credential.ruleId());
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String secret = credential.secret().reveal();
    Identity nobody = new Identity(provider(), null, null, null, Map.of());
    String call = declaration.call();
    try {
      URI base =
          LivenessDeclaration.baseUrl(
              "providers." + provider() + ".base_url",
              context.config().baseUrl(provider(), declaration.baseUrl().toString()));
      SafeHttpClient http = new SafeHttpClient(base, declaration.allowList(), context.http());
      if (declaration.path().contains("{token}") && !secret.matches("[A-Za-z0-9:_\\-]+")) {
        return Grant.unresolved(
            nobody,
            GrantStatus.UNKNOWN,
            provider() + ": the token has characters that cannot go in " + call + "; not sent");
      }
      String id = null;
      if (declaration.needsId()) {
        // The paired public part (Twilio's account SID) comes from the scanned file: it may fill
        // one path segment and the basic-auth user, only in its documented format; the host stays.
        id = credential.attribute(LivenessDeclaration.ID_ATTRIBUTE);
        if (id == null) {
          return Grant.unresolved(
              nobody,
              GrantStatus.UNKNOWN,
              provider()
                  + ": "
                  + call
                  + " needs the id paired with the token, and none was found"
                  + " next to it; not sent");
        }
        if (!declaration.acceptsId(id)) {
          return Grant.unresolved(
              nobody,
              GrantStatus.UNKNOWN,
              provider()
                  + ": the id paired with the token does not have the documented format "
                  + declaration.idFormat().pattern()
                  + "; not sent");
        }
      }
      HttpResult answer =
          send(http, declaration.pathFor(secret, id), declaration.headersFor(secret, id));
      return judge(answer, secret, credential.redacted(), nobody);
    } catch (ProviderUnreachableException e) {
      String message = scrub(e.getMessage(), secret, credential.redacted());
      String reason =
          message.contains("HTTP 429")
              ? provider() + " rate-limited the liveness check (" + call + "): " + message
              : provider() + " could not be asked (" + call + "): " + message;
      return Grant.unresolved(nobody, GrantStatus.UNKNOWN, reason);
    } catch (RefusedRequestException | IllegalArgumentException e) {
      return Grant.unresolved(
          nobody, GrantStatus.UNKNOWN, scrub(e.getMessage(), secret, credential.redacted()));
    }
  }

  /** The one declared call: its fixed GraphQL query, or a GET, HEAD or read-only POST. */
  private HttpResult send(SafeHttpClient http, String pathAndQuery, Map<String, String> headers)
      throws ProviderUnreachableException {
    LivenessDeclaration.Graphql graphql = declaration.graphql();
    if (graphql != null) {
      return http.graphql(pathAndQuery, graphql.operation(), graphql.query(), Map.of(), headers);
    }
    return switch (declaration.method()) {
      case "GET" -> http.get(pathAndQuery, headers);
      case "HEAD" -> http.head(pathAndQuery, headers);
      default -> http.post(pathAndQuery, "", null, headers);
    };
  }

  private Grant judge(HttpResult answer, String secret, String redacted, Identity nobody) {
    JsonNode body = parse(answer);
    String what = declaration.call() + " answered HTTP " + answer.status();
    for (LivenessDeclaration.Outcome limited : declaration.limited()) {
      if (matches(limited, answer, body)) {
        return Grant.unresolved(
            nobody,
            GrantStatus.UNKNOWN,
            provider() + " rate-limited the check: " + limited.reason());
      }
    }
    for (LivenessDeclaration.Outcome dead : declaration.dead()) {
      if (matches(dead, answer, body)) {
        if (declaration.deadMayMean() != null) {
          // A key from another region (or site) is refused here too: not live here is not dead.
          return Grant.unresolved(
              nobody,
              GrantStatus.UNKNOWN,
              provider()
                  + ": not live at "
                  + declaration.baseUrl().getHost()
                  + " ("
                  + dead.reason()
                  + "), but "
                  + declaration.deadMayMean());
        }
        return Grant.unresolved(
            nobody, GrantStatus.INVALID, provider() + ": " + dead.reason() + " (" + what + ")");
      }
    }
    if (matches(declaration.live(), answer, body)) {
      return active(body, secret, redacted, what);
    }
    return Grant.unresolved(
        nobody,
        GrantStatus.UNKNOWN,
        provider() + ": " + what + ", which the liveness declaration does not describe");
  }

  private Grant active(JsonNode body, String secret, String redacted, String what) {
    Map<String, String> fields = new LinkedHashMap<>();
    declaration
        .identity()
        .forEach(
            (name, pointer) -> {
              JsonNode value = body == null ? null : body.at(pointer);
              if (value != null && value.isValueNode() && !value.asText().isEmpty()) {
                fields.put(name, scrub(value.asText(), secret, redacted));
              }
            });
    String principal = fields.remove("principal");
    String account = fields.remove("account");
    String type = fields.remove("token_type");
    List<String> evidence = new ArrayList<>();
    evidence.add("liveness check: " + what + " (" + declaration.source() + ")");
    evidence.add("one-call check only: what this key may do was not resolved");
    return new Grant(
        new Identity(provider(), principal, account, type, fields),
        List.of(),
        List.of(),
        null,
        null,
        null,
        GrantStatus.ACTIVE,
        null,
        evidence);
  }

  private static boolean matches(
      LivenessDeclaration.Outcome outcome, HttpResult answer, JsonNode body) {
    if (!outcome.status().contains(answer.status())) {
      return false;
    }
    if (outcome.contains() != null
        && (answer.body() == null || !answer.body().contains(outcome.contains()))) {
      return false;
    }
    if (outcome.pointer() != null) {
      JsonNode value = body == null ? null : body.at(outcome.pointer());
      if (value == null || !value.isValueNode() || value.isNull()) {
        return false;
      }
      // without 'in', the pointer must only hold a value (a GraphQL answer's data, not its errors)
      return outcome.values().isEmpty()
          ? !value.asText().isEmpty()
          : outcome.values().contains(value.asText());
    }
    return true;
  }

  private static JsonNode parse(HttpResult answer) {
    String text = answer.body() == null ? "" : answer.body().strip();
    if (!(text.startsWith("{") || text.startsWith("["))) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** Text with the secret (raw or URL-encoded) replaced by its redacted form. */
  static String scrub(String text, String secret, String redacted) {
    if (text == null) {
      return "";
    }
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return text.replace(secret, redacted).replace(encoded, redacted);
  }
}
