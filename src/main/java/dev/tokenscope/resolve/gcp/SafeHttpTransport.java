package dev.tokenscope.resolve.gcp;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.SafeHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transport Google's client libraries (the IAM and Resource Manager REST clients, the auth
 * library's token request) use here: it hands every request to the {@link SafeHttpClient} whose
 * base URL it falls under, so the read-only allow-lists, the configured endpoints, retries and the
 * rate limit apply to the libraries exactly as to hand-written calls. A URL under no configured
 * base URL, or a method other than GET and POST, is refused before anything is sent.
 */
final class SafeHttpTransport extends HttpTransport {
  /** Headers java.net.http sets itself (and refuses), and compression it would not undo. */
  private static final Set<String> DROPPED =
      Set.of(
          "content-length",
          "host",
          "connection",
          "expect",
          "upgrade",
          "accept-encoding",
          "content-encoding");

  /** A client and the allow-list it enforces (several clients may share one base URL in tests). */
  record Route(SafeHttpClient client, AllowList allowList) {}

  private final List<Route> routes;

  SafeHttpTransport(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  @Override
  public boolean supportsMethod(String method) {
    return true;
  }

  @Override
  protected LowLevelHttpRequest buildRequest(String method, String url) {
    String upper = method.toUpperCase(Locale.ROOT);
    for (Route route : routes) {
      String base = route.client().baseUrl().toString();
      if (url.startsWith(base + "/")) {
        String pathAndQuery = url.substring(base.length());
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        if (permits(route.allowList(), upper, path)) {
          return new Request(route.client(), upper, pathAndQuery);
        }
      }
    }
    throw new RefusedRequestException(GcpEndpoints.PROVIDER, upper + " " + url);
  }

  /** AllowList only offers a throwing check; here a refusal just means "try the next route". */
  private static boolean permits(AllowList allowList, String method, String path) {
    try {
      allowList.check(method, path, null);
      return true;
    } catch (RefusedRequestException notThisRoute) {
      return false;
    }
  }

  private static final class Request extends LowLevelHttpRequest {
    private final SafeHttpClient client;
    private final String method;
    private final String pathAndQuery;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Request(SafeHttpClient client, String method, String pathAndQuery) {
      this.client = client;
      this.method = method;
      this.pathAndQuery = pathAndQuery;
    }

    @Override
    public void addHeader(String name, String value) {
      if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
        headers.merge(name, value, (a, b) -> a + ", " + b);
      }
    }

    @Override
    public LowLevelHttpResponse execute() throws IOException {
      HttpResult result =
          switch (method) {
            case "GET" -> client.get(pathAndQuery, headers);
            case "POST" ->
                client.post(
                    pathAndQuery,
                    body(),
                    getContentType() == null ? "application/json" : getContentType(),
                    headers);
            default ->
                throw new RefusedRequestException(client.provider(), method + " " + pathAndQuery);
          };
      return new Response(result);
    }

    private String body() throws IOException {
      if (getStreamingContent() == null) {
        return "";
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      getStreamingContent().writeTo(out);
      if ("gzip".equalsIgnoreCase(getContentEncoding())) {
        // The clients are told not to compress; undo it anyway, since the body is sent as text.
        try (InputStream in =
            new java.util.zip.GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static final class Response extends LowLevelHttpResponse {
    private final HttpResult result;
    private final byte[] body;
    private final List<String[]> headers = new ArrayList<>();

    Response(HttpResult result) {
      this.result = result;
      this.body =
          result.body() == null ? new byte[0] : result.body().getBytes(StandardCharsets.UTF_8);
      result
          .headers()
          .forEach((name, values) -> values.forEach(v -> headers.add(new String[] {name, v})));
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public String getContentEncoding() {
      return null;
    }

    @Override
    public long getContentLength() {
      return body.length;
    }

    @Override
    public String getContentType() {
      return result.header("content-type");
    }

    @Override
    public String getStatusLine() {
      return "HTTP/1.1 " + result.status();
    }

    @Override
    public int getStatusCode() {
      return result.status();
    }

    @Override
    public String getReasonPhrase() {
      return "";
    }

    @Override
    public int getHeaderCount() {
      return headers.size();
    }

    @Override
    public String getHeaderName(int index) {
      return headers.get(index)[0];
    }

    @Override
    public String getHeaderValue(int index) {
      return headers.get(index)[1];
    }
  }
}
