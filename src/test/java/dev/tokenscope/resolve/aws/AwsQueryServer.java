package dev.tokenscope.resolve.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server speaking the AWS Query protocol (STS and IAM): it routes each POST by its
 * {@code Action} (and {@code Marker}, for later pages) to recorded XML answers under {@code
 * src/test/resources/aws/live/}. The last answer for an action repeats; an unknown action gets a
 * 404. Every request is remembered with the access key id that signed it.
 */
final class AwsQueryServer implements AutoCloseable {
  private static final Pattern SIGNER = Pattern.compile("Credential=([A-Z0-9]+)/");

  /** A request as received: the action, its marker (or null) and the signing access key id. */
  record Request(String action, String marker, String keyId, String userName) {}

  private final HttpServer server;
  private final Map<String, Deque<String[]>> answers = new ConcurrentHashMap<>();
  private final List<Request> received = new CopyOnWriteArrayList<>();

  AwsQueryServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Answers {@code action} (or {@code action@marker}) with a fixture file, after earlier answers.
   */
  AwsQueryServer answer(String action, int status, String fixture) {
    answers
        .computeIfAbsent(action, k -> new ArrayDeque<>())
        .addLast(new String[] {String.valueOf(status), fixture});
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  List<Request> received() {
    return received;
  }

  List<String> actions() {
    return received.stream()
        .map(r -> r.marker() == null ? r.action() : r.action() + "@" + r.marker())
        .toList();
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      String body;
      try (InputStream in = http.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> form = new HashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String auth = http.getRequestHeaders().getFirst("Authorization");
      Matcher signer = SIGNER.matcher(auth == null ? "" : auth);
      Request request =
          new Request(
              form.get("Action"),
              form.get("Marker"),
              signer.find() ? signer.group(1) : null,
              form.get("UserName"));
      received.add(request);
      Deque<String[]> queue =
          answers.get(
              request.marker() == null
                  ? request.action()
                  : request.action() + "@" + request.marker());
      if (queue == null || queue.isEmpty()) {
        byte[] none =
            "<ErrorResponse><Error><Code>NotRecorded</Code><Message>no recorded answer</Message></Error></ErrorResponse>"
                .getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(404, none.length);
        http.getResponseBody().write(none);
        return;
      }
      String[] answer;
      synchronized (queue) {
        answer = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
      }
      byte[] bytes = fixture(answer[1]);
      http.getResponseHeaders().add("Content-Type", "text/xml");
      http.getResponseHeaders().add("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef");
      http.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
      http.getResponseBody().write(bytes);
    }
  }

  private static byte[] fixture(String name) {
    try (InputStream in =
        AwsQueryServer.class.getClassLoader().getResourceAsStream("aws/live/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture aws/live/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
