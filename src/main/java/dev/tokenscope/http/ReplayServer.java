package dev.tokenscope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server on the loopback interface that answers with recorded provider responses. It
 * lets the examples run offline and lets tests exercise the real resolver code path: the resolver's
 * base URL is pointed at {@link #baseUrl(String)} and everything else is unchanged.
 *
 * <p>Exchanges are listed in {@code exchanges.yaml}: {@code provider}, {@code method}, {@code
 * path}, optional {@code operation} (a GraphQL operation name, or the {@code Action} of an AWS
 * Query-API form body, matched against the request body) and {@code query} (a substring the query
 * string must hold) and {@code body_contains} (a substring the request body must hold: a GraphQL
 * variable such as {@code "after":"cursor-2"}, a Vault accessor) and {@code credential_last_four}
 * (the last four characters of the credential the request carries in {@code Authorization}, {@code
 * PRIVATE-TOKEN} or {@code X-Vault-Token}: two tokens asking the same self-lookup path get their
 * own answers), then the answer: {@code status}, {@code headers}, and {@code body} or {@code
 * body_file} (relative to the YAML file), and {@code times} (answer only that many requests, then
 * let later exchanges answer: a rate limit that clears). The first matching exchange answers; an
 * unmatched request gets 404 and is remembered in {@link #unmatched()} so tests can assert on it.
 * Every request received is kept in {@link #received()}.
 */
public final class ReplayServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the server saw it (the body is kept for assertions on GraphQL documents). */
  public record Received(
      String provider,
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      String body) {}

  /** One recorded exchange. */
  public record Exchange(
      String provider,
      String method,
      String path,
      String operation,
      String query,
      int status,
      Map<String, String> headers,
      String body,
      String bodyContains,
      int times,
      String credentialLastFour) {

    /** An exchange matched by everything but the credential the request carries. */
    public Exchange(
        String provider,
        String method,
        String path,
        String operation,
        String query,
        int status,
        Map<String, String> headers,
        String body,
        String bodyContains,
        int times) {
      this(
          provider,
          method,
          path,
          operation,
          query,
          status,
          headers,
          body,
          bodyContains,
          times,
          null);
    }

    /** An exchange matched by method, path, operation and query, answering every time. */
    public Exchange(
        String provider,
        String method,
        String path,
        String operation,
        String query,
        int status,
        Map<String, String> headers,
        String body) {
      this(provider, method, path, operation, query, status, headers, body, null, 0, null);
    }

    /** An answer to a request matched by method and path alone, with no extra headers. */
    public static Exchange answer(
        String provider, String method, String path, int status, String body) {
      return new Exchange(provider, method, path, null, null, status, Map.of(), body);
    }
  }

  private final HttpServer server;
  private final List<Exchange> exchanges;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Received> unmatched = new CopyOnWriteArrayList<>();
  private final Map<Exchange, Integer> answered = new java.util.IdentityHashMap<>();

  private ReplayServer(List<Exchange> exchanges) throws IOException {
    this.exchanges = new CopyOnWriteArrayList<>(exchanges);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server answering with the exchanges recorded in {@code dir/exchanges.yaml}. */
  public static ReplayServer fromDirectory(Path dir) throws IOException {
    Path file = Files.isDirectory(dir) ? dir.resolve("exchanges.yaml") : dir;
    JsonNode root;
    try {
      root = YamlTrees.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read recorded responses " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(file + ": expected a YAML list of exchanges");
    }
    List<Exchange> list = new ArrayList<>();
    for (JsonNode node : root) {
      String body = node.path("body").asText("");
      if (node.hasNonNull("body_file")) {
        body =
            Files.readString(
                file.resolveSibling(node.get("body_file").asText()), StandardCharsets.UTF_8);
      }
      String lastFour = node.path("credential_last_four").asText(null);
      if (lastFour != null && lastFour.length() != 4) {
        throw new IOException(
            file
                + ": credential_last_four must be exactly the last four characters of a credential, not '"
                + lastFour
                + "'");
      }
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      node.path("headers")
          .fields()
          .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
      list.add(
          new Exchange(
              node.path("provider").asText(""),
              node.path("method").asText("GET"),
              node.path("path").asText("/"),
              node.path("operation").asText(null),
              node.path("query").asText(null),
              node.path("status").asInt(200),
              headers,
              body,
              node.path("body_contains").asText(null),
              node.path("times").asInt(0),
              lastFour));
    }
    return new ReplayServer(list);
  }

  /** Starts a server with exchanges built in code (tests). */
  public static ReplayServer of(List<Exchange> exchanges) throws IOException {
    return new ReplayServer(exchanges);
  }

  /** Adds an exchange ahead of the others (tests that change an answer mid-way). */
  public void prepend(Exchange exchange) {
    exchanges.add(0, exchange);
  }

  /** The base URL under which a provider's recorded API is served. */
  public URI baseUrl(String provider) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + provider);
  }

  public List<Received> received() {
    return Collections.unmodifiableList(received);
  }

  public List<Received> unmatched() {
    return Collections.unmodifiableList(unmatched);
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      String fullPath = http.getRequestURI().getRawPath();
      int slash = fullPath.indexOf('/', 1);
      String provider = slash < 0 ? fullPath.substring(1) : fullPath.substring(1, slash);
      String path = slash < 0 ? "/" : fullPath.substring(slash);
      String query = http.getRequestURI().getRawQuery();
      String body;
      try (InputStream in = http.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Received request =
          new Received(
              provider,
              http.getRequestMethod(),
              path,
              query,
              Map.copyOf(http.getRequestHeaders()),
              body);
      received.add(request);
      String operation = graphqlOperation(body);
      for (Exchange exchange : exchanges) {
        if (matches(exchange, request, operation) && takeTurn(exchange)) {
          byte[] bytes = exchange.body().getBytes(StandardCharsets.UTF_8);
          exchange.headers().forEach((k, v) -> http.getResponseHeaders().add(k, v));
          if (!exchange.headers().keySet().stream()
              .anyMatch(k -> k.equalsIgnoreCase("content-type"))) {
            http.getResponseHeaders().add("Content-Type", "application/json");
          }
          boolean empty = bytes.length == 0 || "HEAD".equals(request.method());
          http.sendResponseHeaders(exchange.status(), empty ? -1 : bytes.length);
          if (!empty) {
            http.getResponseBody().write(bytes);
          }
          return;
        }
      }
      unmatched.add(request);
      byte[] bytes =
          ("{\"message\":\"no recorded response for " + request.method() + " " + path + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      http.getResponseHeaders().add("Content-Type", "application/json");
      http.sendResponseHeaders(404, bytes.length);
      http.getResponseBody().write(bytes);
    }
  }

  /** True when the exchange may still answer ({@code times} not used up), counting this answer. */
  private boolean takeTurn(Exchange exchange) {
    synchronized (answered) {
      int used = answered.getOrDefault(exchange, 0);
      if (exchange.times() > 0 && used >= exchange.times()) {
        return false;
      }
      answered.put(exchange, used + 1);
      return true;
    }
  }

  private static boolean matches(Exchange exchange, Received request, String operation) {
    return (exchange.provider().isEmpty() || exchange.provider().equals(request.provider()))
        && exchange.method().equalsIgnoreCase(request.method())
        && exchange.path().equals(request.path())
        && (exchange.operation() == null || exchange.operation().equals(operation))
        && (exchange.query() == null
            || (request.query() != null && request.query().contains(exchange.query())))
        && (exchange.bodyContains() == null || request.body().contains(exchange.bodyContains()))
        && (exchange.credentialLastFour() == null
            || credential(request.headers()).endsWith(exchange.credentialLastFour()));
  }

  /**
   * The credential a request carries, in the headers the providers' APIs take it in (a bearer or
   * {@code token} scheme stripped), or "" when it carries none.
   */
  private static String credential(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
      if (header.getValue().isEmpty()) {
        continue;
      }
      String value = header.getValue().get(0).strip();
      if (name.equals("private-token") || name.equals("x-vault-token")) {
        return value;
      }
      if (name.equals("authorization")) {
        return value.replaceFirst("^(?i)(bearer|token)\\s+", "");
      }
    }
    return "";
  }

  private static String graphqlOperation(String body) {
    if (!body.isEmpty() && !body.stripLeading().startsWith("{")) {
      return queryAction(body);
    }
    if (body.isEmpty()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node.path("operationName").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code Action} field of an AWS Query-API form body (STS, IAM), or null. */
  private static String queryAction(String body) {
    for (String pair : body.split("&")) {
      if (pair.startsWith("Action=")) {
        return java.net.URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
