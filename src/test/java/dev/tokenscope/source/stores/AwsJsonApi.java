package dev.tokenscope.source.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local stand-in for an AWS JSON-protocol service (Secrets Manager, SSM): requests are POSTs to
 * "/" naming the operation in {@code X-Amz-Target}; answers are the documented response bodies from
 * files under {@code src/test/resources/stores/aws}.
 */
final class AwsJsonApi implements AutoCloseable {
  static final Path FIXTURES = Path.of("src/test/resources/stores/aws");

  record Reply(int status, String body) {
    static Reply ok(String file) {
      return new Reply(200, read(file));
    }

    static Reply error(int status, String file) {
      return new Reply(status, read(file));
    }
  }

  /** A request as received: the operation and its JSON body. */
  record Call(String method, String operation, JsonNode body, String authorization) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, Function<JsonNode, Reply>> handlers = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();

  AwsJsonApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers an operation ("secretsmanager.ListSecrets", "AmazonSSM.GetParametersByPath"). */
  AwsJsonApi on(String target, Function<JsonNode, Reply> handler) {
    handlers.put(target, handler);
    return this;
  }

  static String read(String file) {
    try {
      return Files.readString(FIXTURES.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      String target = http.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode body = JSON.readTree(http.getRequestBody().readAllBytes());
      calls.add(
          new Call(
              http.getRequestMethod(),
              target,
              body,
              http.getRequestHeaders().getFirst("Authorization")));
      Function<JsonNode, Reply> handler = handlers.get(target);
      Reply reply =
          handler == null
              ? new Reply(400, "{\"__type\":\"UnknownOperationException\"}")
              : handler.apply(body);
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      http.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      http.getResponseHeaders().add("x-amzn-RequestId", "5d7c1bd9-1c2f-4e0a-9b8e-6f0d3a2b1c4e");
      http.sendResponseHeaders(reply.status(), bytes.length);
      http.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
