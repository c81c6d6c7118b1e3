package dev.tokenscope.resolve.liveness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.GraphqlQueryGuard;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One provider's liveness check, as declared in {@code rules/liveness/<provider>.yaml}: the fixed
 * base URL and the one read-only call, where the token goes, and what a live, a dead and a
 * rate-limited answer look like. Everything that decides where a token is sent comes from this file
 * (shipped with tokenscope or given by the user), never from the scanned content the token was
 * found in: the base URL is checked here, at load, and holds no placeholder.
 */
record LivenessDeclaration(
    String provider,
    String file,
    String source,
    List<String> rules,
    URI baseUrl,
    String method,
    String path,
    Graphql graphql,
    Pattern idFormat,
    Token token,
    Map<String, String> headers,
    String readOnly,
    String deadMayMean,
    Outcome live,
    Map<String, String> identity,
    List<Outcome> dead,
    List<Outcome> limited) {

  /** Where the token travels: a header (with a value template), basic auth, a query or the path. */
  record Token(String in, String name, String template, String user) {}

  /**
   * A fixed GraphQL query sent as the one call (POST). {@link
   * dev.tokenscope.http.GraphqlQueryGuard} checks it at load and again before sending: exactly one
   * named {@code query}, never a mutation or subscription.
   */
  record Graphql(String operation, String query) {}

  /**
   * An answer shape: the statuses it has, and optionally a JSON pointer whose text must be one of
   * the values, or text the body must hold. {@code reason} is what a person reads.
   */
  record Outcome(
      Set<Integer> status, String pointer, List<String> values, String contains, String reason) {}

  private static final Set<String> KEYS =
      Set.of(
          "provider",
          "source",
          "rules",
          "base_url",
          "request",
          "read_only",
          "live",
          "dead",
          "rate_limited",
          "dead_may_mean",
          "checked");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9/._@\\-{}]*");

  /**
   * What a paired public part ({@code {id}}, such as Twilio's account SID) may hold whatever its
   * declared format says: one path segment, never a separator, dot-dot or encoded character.
   */
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_\\-]+");

  /** The credential attribute that {@code {id}} stands for: a detector pair's {@code as: id}. */
  static final String ID_ATTRIBUTE = "id";

  /** The allow-list: exactly the one declared call. */
  AllowList allowList() {
    String regex = Pattern.quote(path).replace("{token}", "\\E[A-Za-z0-9:_\\-]+\\Q");
    if (idFormat != null) {
      regex = regex.replace("{id}", "\\E(?:" + idFormat.pattern() + ")\\Q");
    }
    AllowedRequest request =
        switch (method) {
          case "GET" -> AllowedRequest.get(regex);
          case "HEAD" -> AllowedRequest.head(regex);
          default ->
              graphql != null
                  ? AllowedRequest.graphqlQuery(regex, graphql.operation())
                  : AllowedRequest.readOnlyPost(regex);
        };
    return AllowList.of(provider, request);
  }

  /** True when the call needs the credential's paired public part ({@code {id}}). */
  boolean needsId() {
    return idFormat != null;
  }

  /**
   * True when a paired public part may be sent: it has the declared format and is one plain path
   * segment. It comes from the scanned file, so it may fill only a path segment or the basic-auth
   * user, never the host.
   */
  boolean acceptsId(String id) {
    return id != null
        && SAFE_SEGMENT.matcher(id).matches()
        && idFormat != null
        && idFormat.matcher(id).matches();
  }

  /** The path and query sent for one token (and its checked paired id, or null). */
  String pathFor(String secret, String id) {
    String p = path.replace("{token}", secret);
    if (id != null) {
      p = p.replace("{id}", id);
    }
    if ("query".equals(token.in())) {
      p += "?" + token.name() + "=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }
    return p;
  }

  /** The request headers for one token (fixed ones, then the one carrying the token). */
  Map<String, String> headersFor(String secret, String id) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("User-Agent", "tokenscope");
    switch (token.in()) {
      case "header" -> all.put(token.name(), token.template().replace("{token}", secret));
      case "basic" -> {
        String user = fill(token.user(), secret, id);
        String password = fill(token.template(), secret, id);
        all.put(
            "Authorization",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
      }
      default -> {}
    }
    return all;
  }

  private static String fill(String template, String secret, String id) {
    String filled = template.replace("{token}", secret);
    return id == null ? filled : filled.replace("{id}", id);
  }

  String call() {
    return method
        + " "
        + path
        + (graphql == null ? "" : " (GraphQL query " + graphql.operation() + ")");
  }

  /** Parses and checks one shipped declaration file; the exception's message names the problem. */
  static LivenessDeclaration parse(String file, JsonNode root) {
    return parse(file, root, true);
  }

  /**
   * Parses and checks one declaration file. A user's file ({@code shipped} false) passes the same
   * checks, and may not send a plain POST: only GET, HEAD or a GraphQL query the guard accepts,
   * because a shipped POST's read-only-ness was reviewed and pinned by a test.
   */
  static LivenessDeclaration parse(String file, JsonNode root, boolean shipped) {
    if (root == null || !root.isObject()) {
      throw bad(file, "expected a YAML mapping");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw bad(file, "unknown key '" + key + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
      }
    }
    String provider = text(file, root, "provider");
    JsonNode checked = root.get("checked");
    if (checked != null && !checked.asText().matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw bad(file, "checked: the date the source was last read, as YYYY-MM-DD");
    }
    String source = text(file, root, "source");
    if (!source.startsWith("https://")) {
      throw bad(file, "source must be the https URL of the provider's documentation");
    }
    List<String> rules = new ArrayList<>();
    root.path("rules").forEach(r -> rules.add(r.asText()));
    if (rules.isEmpty()) {
      throw bad(file, "rules: name at least one detector rule id");
    }
    URI base = baseUrl(file, text(file, root, "base_url"));
    JsonNode request = root.path("request");
    String method = text(file, request, "method").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw bad(file, "request.method " + method + ": only GET, HEAD or a read-only POST");
    }
    Graphql graphql = graphql(file, request.path("graphql"), method);
    if (!shipped && "POST".equals(method) && graphql == null) {
      throw bad(
          file,
          "request.method POST: a user's liveness check may send GET, HEAD or a GraphQL query"
              + " (request.graphql), not a plain POST");
    }
    String path = text(file, request, "path");
    if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
      throw bad(file, "request.path '" + path + "' must be a plain absolute path");
    }
    String bare = path.replace("{token}", "").replace("{id}", "");
    if (bare.contains("{") || bare.contains("}")) {
      throw bad(file, "request.path may hold only the {token} and {id} placeholders");
    }
    Pattern idFormat = idFormat(file, request.path("id_format"), path);
    String readOnly = text(file, root, "read_only");
    Token token = token(file, request.path("token"), path);
    Map<String, String> headers = new LinkedHashMap<>();
    request
        .path("headers")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asText().contains("{")) {
                throw bad(file, "request.headers." + e.getKey() + " must be fixed text");
              }
              headers.put(e.getKey(), e.getValue().asText());
            });
    JsonNode liveNode = root.path("live");
    Outcome live = outcome(file, "live", liveNode, "live");
    Map<String, String> identity = new LinkedHashMap<>();
    liveNode
        .path("identity")
        .fields()
        .forEachRemaining(
            e -> {
              String pointer = e.getValue().asText();
              if (!pointer.startsWith("/")) {
                throw bad(file, "live.identity." + e.getKey() + " must be a JSON pointer");
              }
              identity.put(e.getKey(), pointer);
            });
    List<Outcome> dead = outcomes(file, "dead", root.path("dead"));
    if (dead.isEmpty()) {
      throw bad(file, "dead: declare what a dead key's answer looks like");
    }
    List<Outcome> limited = outcomes(file, "rate_limited", root.path("rate_limited"));
    if (limited.isEmpty()) {
      throw bad(file, "rate_limited: declare what a rate-limited answer looks like");
    }
    return new LivenessDeclaration(
        provider,
        file,
        source,
        List.copyOf(rules),
        base,
        method,
        path,
        graphql,
        idFormat,
        token,
        Map.copyOf(headers),
        readOnly,
        root.path("dead_may_mean").asText(null),
        live,
        Map.copyOf(identity),
        dead,
        limited);
  }

  /**
   * The base URL: https, or http to a loopback address (tests, replay), with a host and nothing a
   * scanned file could fill in.
   */
  static URI baseUrl(String file, String text) {
    if (text.contains("{") || text.contains("}")) {
      throw bad(file, "base_url '" + text + "' must be fixed, with no placeholder");
    }
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw bad(file, "base_url '" + text + "' is not a URL");
    }
    if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null) {
      throw bad(file, "base_url '" + text + "' must be scheme://host[:port][/path]");
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
    if (!https && !loopbackHttp) {
      throw bad(file, "base_url '" + text + "' must be https (http only to a loopback address)");
    }
    return uri;
  }

  static boolean isLoopback(String host) {
    return host.equals("127.0.0.1")
        || host.equals("localhost")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  private static Token token(String file, JsonNode node, String path) {
    String in = node.path("in").asText("");
    switch (in) {
      case "header" -> {
        String name = text(file, node, "name");
        String template = node.path("value").asText("{token}");
        if (!template.contains("{token}") || template.replace("{token}", "").contains("{")) {
          throw bad(file, "request.token.value must hold {token} and no other placeholder");
        }
        return new Token(in, name, template, null);
      }
      case "basic" -> {
        String user = node.path("user").asText("");
        String password = node.path("password").asText("");
        if (!(user + password).contains("{token}")) {
          throw bad(file, "request.token basic: user or password must be {token}");
        }
        if ((user + password).contains("{id}") && !path.contains("{id}")) {
          throw bad(file, "request.token basic: {id} is used only with {id} in request.path");
        }
        return new Token(in, "Authorization", password, user);
      }
      case "query" -> {
        return new Token(in, text(file, node, "name"), "{token}", null);
      }
      case "path" -> {
        if (!path.contains("{token}")) {
          throw bad(file, "request.token in: path needs {token} in request.path");
        }
        return new Token(in, null, "{token}", null);
      }
      default -> throw bad(file, "request.token.in must be header, basic, query or path");
    }
  }

  private static Graphql graphql(String file, JsonNode node, String method) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!"POST".equals(method)) {
      throw bad(file, "request.graphql is sent by POST: set request.method to POST");
    }
    String operation = text(file, node, "operation");
    String query = text(file, node, "query");
    if (query.contains("{token}") || query.contains("{id}")) {
      throw bad(file, "request.graphql.query must be fixed text, with no placeholder");
    }
    String problem = GraphqlQueryGuard.problem(query, operation);
    if (problem != null) {
      throw bad(file, "request.graphql.query is refused: " + problem);
    }
    return new Graphql(operation, query);
  }

  private static Pattern idFormat(String file, JsonNode node, String path) {
    boolean used = path.contains("{id}");
    if (node.isMissingNode() || node.isNull()) {
      if (used) {
        throw bad(
            file,
            "request.path uses {id}: give request.id_format, the provider's documented format of"
                + " the paired id (such as AC[0-9a-f]{32})");
      }
      return null;
    }
    if (!used) {
      throw bad(file, "request.id_format is given but request.path has no {id}");
    }
    try {
      return Pattern.compile(node.asText());
    } catch (java.util.regex.PatternSyntaxException e) {
      throw bad(file, "request.id_format is not a regular expression: " + e.getDescription());
    }
  }

  private static List<Outcome> outcomes(String file, String key, JsonNode node) {
    List<Outcome> list = new ArrayList<>();
    if (node.isArray()) {
      int i = 0;
      for (JsonNode each : node) {
        list.add(outcome(file, key + "[" + i++ + "]", each, key));
      }
    } else if (node.isObject()) {
      list.add(outcome(file, key, node, key));
    }
    return list;
  }

  private static Outcome outcome(String file, String where, JsonNode node, String kind) {
    if (!node.isObject()) {
      throw bad(file, where + ": missing");
    }
    Set<Integer> statuses = new java.util.TreeSet<>();
    JsonNode status = node.path("status");
    if (status.isArray()) {
      status.forEach(s -> statuses.add(s.asInt()));
    } else if (status.isInt()) {
      statuses.add(status.asInt());
    }
    if (statuses.isEmpty()) {
      throw bad(file, where + ".status: give the HTTP status(es)");
    }
    List<String> values = new ArrayList<>();
    JsonNode when = node.path("when");
    String pointer = when.path("pointer").asText(null);
    when.path("in").forEach(v -> values.add(v.asText()));
    if (pointer != null && !pointer.startsWith("/")) {
      throw bad(file, where + ".when: a JSON pointer and (optionally) the values 'in' it");
    }
    String contains = node.path("body_contains").asText(null);
    String reason = node.path("reason").asText(null);
    if (reason == null && !"live".equals(kind)) {
      throw bad(file, where + ".reason: say what this answer means");
    }
    return new Outcome(Set.copyOf(statuses), pointer, List.copyOf(values), contains, reason);
  }

  private static String text(String file, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isValueNode() || value.asText().isBlank()) {
      throw bad(file, "'" + key + "' is required");
    }
    return value.asText().trim();
  }

  private static IllegalArgumentException bad(String file, String problem) {
    return new IllegalArgumentException(file + ": " + problem);
  }
}
