package dev.tokenscope.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The one HTTP layer every resolver and store reader uses. It sends a request only when it is on
 * the provider's {@link AllowList}, only to the provider's configured base URL (never a host from
 * scanned content), GraphQL only as queries, with timeouts, retries with backoff on 429/5xx and a
 * per-provider rate limit.
 */
public final class SafeHttpClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final AllowList allowList;
  private final HttpSettings settings;
  private final HttpClient client;
  private final Object rateLock = new Object();
  private long nextRequestNanos;

  /**
   * @throws IllegalArgumentException when the base URL is not one a token may be sent to (see
   *     {@link BaseUrl})
   */
  public SafeHttpClient(URI baseUrl, AllowList allowList, HttpSettings settings) {
    BaseUrl.check(baseUrl);
    this.baseUrl = stripTrailingSlash(baseUrl);
    this.allowList = allowList;
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public String provider() {
    return allowList.provider();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** GET {@code base + pathAndQuery}. */
  public HttpResult get(String pathAndQuery, Map<String, String> headers)
      throws ProviderUnreachableException {
    return send("GET", pathAndQuery, null, null, headers);
  }

  /** HEAD {@code base + pathAndQuery}. */
  public HttpResult head(String pathAndQuery, Map<String, String> headers)
      throws ProviderUnreachableException {
    return send("HEAD", pathAndQuery, null, null, headers);
  }

  /** A POST that the allow-list marks as read-only. */
  public HttpResult post(String path, String body, String contentType, Map<String, String> headers)
      throws ProviderUnreachableException {
    return send("POST", path, body, contentType, headers);
  }

  /**
   * A GraphQL query. Refused, before anything is sent, unless the parsed document is exactly one
   * {@code query} named {@code operationName} (see {@link GraphqlQueryGuard}) and that name is on
   * the allow-list.
   */
  public HttpResult graphql(
      String path,
      String operationName,
      String query,
      Map<String, Object> variables,
      Map<String, String> headers)
      throws ProviderUnreachableException {
    GraphqlQueryGuard.check(provider(), query, operationName);
    URI uri = target(path);
    allowList.check("POST", relativePath(uri), operationName);
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.put("operationName", operationName);
    body.set("variables", JSON.valueToTree(variables == null ? Map.of() : variables));
    return transmit("POST", uri, body.toString(), "application/json", headers);
  }

  private HttpResult send(
      String method,
      String pathAndQuery,
      String body,
      String contentType,
      Map<String, String> headers)
      throws ProviderUnreachableException {
    URI uri = target(pathAndQuery);
    allowList.check(method, relativePath(uri), null);
    return transmit(method, uri, body, contentType, headers);
  }

  /**
   * The URI a request will actually go to, refused unless it is on the base URL's scheme, host and
   * port, under its path, without user info or fragment. The allow-list is then checked against
   * this URI's own path, so no character of a path (a {@code #}, an {@code @}, an encoded
   * separator) can make the request sent differ from the request checked.
   */
  private URI target(String pathAndQuery) {
    String text = baseUrl + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery;
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new RefusedRequestException(provider(), "a request to an unparseable URI");
    }
    String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    boolean same =
        java.util.Objects.equals(uri.getScheme(), baseUrl.getScheme())
            && java.util.Objects.equals(uri.getRawAuthority(), baseUrl.getRawAuthority())
            && uri.getRawUserInfo() == null
            && uri.getRawFragment() == null
            && uri.getRawPath() != null
            && uri.getRawPath().startsWith(basePath + "/");
    if (!same) {
      throw new RefusedRequestException(
          provider(), "a request that would leave its base URL (" + uri.getRawPath() + ")");
    }
    return uri;
  }

  private String relativePath(URI uri) {
    String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    return uri.getRawPath().substring(basePath.length());
  }

  private HttpResult transmit(
      String method, URI uri, String body, String contentType, Map<String, String> headers)
      throws ProviderUnreachableException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout());
    headers.forEach(builder::header);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpRequest request = builder.build();
    long backoff = settings.firstBackoff().toMillis();
    String lastProblem = "no attempt made";
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      awaitRateLimit();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status != 429 && status < 500) {
          return new HttpResult(status, response.headers().map(), response.body());
        }
        lastProblem = "HTTP " + status + (status == 429 ? " (rate limited)" : " (provider error)");
        long wait = retryAfterMillis(response).orElse(backoff);
        if (attempt < settings.maxAttempts()) {
          sleep(Math.min(wait, settings.maxBackoff().toMillis()));
        }
      } catch (IOException e) {
        lastProblem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (attempt < settings.maxAttempts()) {
          sleep(backoff);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderUnreachableException(provider() + ": interrupted", e);
      }
      backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
    }
    throw new ProviderUnreachableException(
        provider()
            + " did not answer "
            + method
            + " "
            + uri.getPath()
            + " after "
            + settings.maxAttempts()
            + " attempts: "
            + lastProblem,
        null);
  }

  private static java.util.OptionalLong retryAfterMillis(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("retry-after")
        .map(
            v -> {
              try {
                return java.util.OptionalLong.of(Long.parseLong(v.trim()) * 1000);
              } catch (NumberFormatException e) {
                return java.util.OptionalLong.empty();
              }
            })
        .orElse(java.util.OptionalLong.empty());
  }

  private void awaitRateLimit() throws ProviderUnreachableException {
    long interval = (long) (1_000_000_000L / settings.requestsPerSecond());
    long wait;
    synchronized (rateLock) {
      long now = System.nanoTime();
      long at = Math.max(now, nextRequestNanos);
      nextRequestNanos = at + interval;
      wait = at - now;
    }
    if (wait > 0) {
      sleep(wait / 1_000_000);
    }
  }

  private void sleep(long millis) throws ProviderUnreachableException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnreachableException(provider() + ": interrupted", e);
    }
  }

  private static URI stripTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }
}
