package dev.tokenscope.resolve.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.SafeHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Account answers read live through a {@link SafeHttpClient} (so only allow-listed requests leave).
 *
 * <p>Pagination: a list is read with {@code per_page=100} and followed while the answer names a
 * next page, by GitHub's and GitLab's {@code Link: <…>; rel="next"} header or GitLab's {@code
 * X-Next-Page}. Only the path and query of a next link are used, sent to the same base URL, and
 * only when the path is the one asked for: an answer cannot redirect the audit elsewhere.
 *
 * <p>Rate limits: {@code SafeHttpClient} already retries 429 and 5xx with {@code Retry-After}.
 * GitHub also answers a spent rate limit with 403 and {@code x-ratelimit-remaining: 0}; that (and a
 * 429 with {@code retry-after}) is waited out here up to {@code maxWait} per attempt, each wait
 * noted, and when it does not clear the list is reported as not read.
 */
public final class HttpAnswers implements AccountAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
  private static final int MAX_PAGES = 1000;
  private static final int RATE_LIMIT_ATTEMPTS = 3;

  private final SafeHttpClient http;
  private final Map<String, String> headers;
  private final String providerName;
  private final Clock clock;
  private final Duration maxWait;
  private final List<String> notes = new CopyOnWriteArrayList<>();

  public HttpAnswers(
      SafeHttpClient http,
      Map<String, String> headers,
      String providerName,
      Clock clock,
      Duration maxWait) {
    this.http = http;
    this.headers = Map.copyOf(headers);
    this.providerName = providerName;
    this.clock = clock;
    this.maxWait = maxWait;
  }

  @Override
  public String describe() {
    return providerName + " API at " + http.baseUrl();
  }

  @Override
  public List<String> notes() {
    return List.copyOf(notes);
  }

  @Override
  public List<JsonNode> list(String path, String pointer) throws ListingException {
    List<JsonNode> items = new ArrayList<>();
    String next = path + (path.contains("?") ? "&" : "?") + "per_page=100";
    for (int page = 1; next != null; page++) {
      if (page > MAX_PAGES) {
        throw new ListingException(
            path + ": more than " + MAX_PAGES + " pages; stopped (the listing is incomplete)");
      }
      HttpResult result = send("GET", next, null);
      JsonNode body = json(result, path);
      JsonNode array = pointer.isEmpty() ? body : body.at(pointer);
      if (!array.isArray()) {
        throw new ListingException(
            path + ": the answer holds no list" + (pointer.isEmpty() ? "" : " at " + pointer));
      }
      array.forEach(items::add);
      next = nextPage(result, path, next);
    }
    return items;
  }

  @Override
  public JsonNode get(String path) throws ListingException {
    return json(send("GET", path, null), path);
  }

  @Override
  public JsonNode post(String path, String body, String snapshotName) throws ListingException {
    return json(send("POST", path, body), path);
  }

  /** The next page's path and query, or null when this was the last page. */
  private String nextPage(HttpResult result, String path, String current) throws ListingException {
    String link = result.header("link");
    if (link != null) {
      Matcher m = NEXT.matcher(link);
      if (m.find()) {
        URI uri = URI.create(m.group(1));
        String nextPath = uri.getRawPath();
        String base = http.baseUrl().getRawPath();
        if (nextPath != null && !base.isEmpty() && nextPath.startsWith(base)) {
          nextPath = nextPath.substring(base.length());
        }
        if (nextPath == null || !nextPath.equals(path.split("\\?")[0])) {
          throw new ListingException(
              path + ": the next-page link points elsewhere (" + nextPath + "); not followed");
        }
        return nextPath + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      }
      return null;
    }
    String nextNumber = result.header("x-next-page");
    if (nextNumber != null && nextNumber.matches("[0-9]{1,6}")) {
      String withoutPage = current.replaceAll("([?&])page=[0-9]+&?", "$1").replaceAll("[?&]$", "");
      return withoutPage + (withoutPage.contains("?") ? "&" : "?") + "page=" + nextNumber;
    }
    return null;
  }

  private HttpResult send(String method, String pathAndQuery, String body) throws ListingException {
    String path = pathAndQuery.split("\\?")[0];
    for (int attempt = 1; ; attempt++) {
      HttpResult result;
      try {
        result =
            method.equals("POST")
                ? http.post(pathAndQuery, body, "application/json", headers)
                : http.get(pathAndQuery, headers);
      } catch (ProviderUnreachableException e) {
        throw new ListingException(path + ": " + e.getMessage());
      } catch (RefusedRequestException e) {
        throw new ListingException(path + ": " + e.getMessage());
      }
      Duration wait = rateLimitWait(result);
      if (wait == null) {
        return result;
      }
      if (attempt >= RATE_LIMIT_ATTEMPTS) {
        throw new ListingException(
            path
                + ": rate limited (HTTP "
                + result.status()
                + ") and still limited after "
                + attempt
                + " attempts"
                + resetClause(result)
                + "; this list was not read, run the audit again later");
      }
      Duration capped = wait.compareTo(maxWait) > 0 ? maxWait : wait;
      notes.add(
          "rate limited on "
              + path
              + " (HTTP "
              + result.status()
              + "); waited "
              + capped.toMillis()
              + " ms"
              + resetClause(result));
      try {
        Thread.sleep(capped.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ListingException(path + ": interrupted while waiting out a rate limit");
      }
    }
  }

  /**
   * How long to wait when the answer is a rate limit: GitHub's 403 or 429 with {@code
   * x-ratelimit-remaining: 0} (until {@code x-ratelimit-reset}) or with {@code retry-after}; null
   * when the answer is not a rate limit.
   */
  private Duration rateLimitWait(HttpResult result) {
    if (result.status() != 403 && result.status() != 429) {
      return null;
    }
    String retryAfter = result.header("retry-after");
    if (retryAfter != null && retryAfter.trim().matches("[0-9]{1,6}")) {
      return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
    }
    if ("0".equals(result.header("x-ratelimit-remaining"))
        || "0".equals(result.header("ratelimit-remaining"))) {
      String reset = result.header("x-ratelimit-reset");
      if (reset == null) {
        reset = result.header("ratelimit-reset");
      }
      if (reset != null && reset.trim().matches("[0-9]{1,12}")) {
        long seconds = Long.parseLong(reset.trim()) - clock.instant().getEpochSecond();
        return Duration.ofSeconds(Math.max(1, seconds));
      }
      return Duration.ofSeconds(60);
    }
    return result.status() == 429 ? Duration.ofSeconds(1) : null;
  }

  private static String resetClause(HttpResult result) {
    String reset = result.header("x-ratelimit-reset");
    if (reset != null && reset.trim().matches("[0-9]{1,12}")) {
      return ", the limit resets at " + Instant.ofEpochSecond(Long.parseLong(reset.trim()));
    }
    return "";
  }

  private JsonNode json(HttpResult result, String path) throws ListingException {
    if (result.status() == 401) {
      throw new ListingException(
          path
              + ": HTTP 401, the auditor's credential was refused"
              + message(result)
              + " (check the token in the environment or your user config)",
          true);
    }
    if (!result.ok()) {
      throw new ListingException(
          path
              + ": HTTP "
              + result.status()
              + message(result)
              + (result.status() == 403 || result.status() == 404
                  ? " (the auditor's credential may not read this: see docs/accounts.md for the rights each listing needs)"
                  : ""));
    }
    try {
      return JSON.readTree(result.body());
    } catch (IOException e) {
      throw new ListingException(path + ": the answer is not JSON");
    }
  }

  /** The provider's own short error message, cut to a line (it never holds our token). */
  private static String message(HttpResult result) {
    try {
      JsonNode body = JSON.readTree(result.body());
      String text = body.path("message").asText("");
      if (text.isEmpty() && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
        text = body.path("errors").get(0).asText("");
      }
      text = text.lines().findFirst().orElse("");
      return text.isEmpty()
          ? ""
          : " (" + (text.length() > 160 ? text.substring(0, 160) : text) + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
