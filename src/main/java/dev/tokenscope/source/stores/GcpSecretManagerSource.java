package dev.tokenscope.source.stores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GCP Secret Manager: every secret of a project, its latest enabled version.
 *
 * <p>Calls, all GET (the allow-list has no other method): {@code projects.secrets.list} (paginated;
 * names only), {@code projects.secrets.versions.access} on {@code latest}, and when the latest
 * version is disabled or destroyed, {@code projects.secrets.versions.list} filtered to enabled
 * versions, then access of the newest. The auditor needs {@code roles/secretmanager.secretAccessor}
 * (or {@code secretmanager.secrets.list} and {@code secretmanager.versions.access}).
 */
final class GcpSecretManagerSource implements Source {
  static final String DEFAULT_BASE_URL = "https://secretmanager.googleapis.com";
  static final AllowList ALLOW_LIST =
      AllowList.of(
          "gcp-secrets",
          AllowedRequest.get("/v1/projects/[^/]+/secrets"),
          AllowedRequest.get("/v1/projects/[^/]+/secrets/[^/]+/versions"),
          AllowedRequest.get("/v1/projects/[^/]+/secrets/[^/]+/versions/[^/]+:access"));

  private final SafeHttpClient http;
  private final String project;
  private final Supplier<Secret> accessToken;
  private final Function<SourceSink, StoreScanner> scanners;

  /**
   * @param accessToken the auditor's OAuth access token; may throw {@link IllegalStateException}
   *     with a user message
   */
  GcpSecretManagerSource(
      URI baseUrl,
      String project,
      Supplier<Secret> accessToken,
      HttpSettings settings,
      Function<SourceSink, StoreScanner> scanners) {
    this.http = new SafeHttpClient(baseUrl, ALLOW_LIST, settings);
    this.project = project;
    this.accessToken = accessToken;
    this.scanners = scanners;
  }

  @Override
  public String describe() {
    return "GCP Secret Manager of project " + project;
  }

  @Override
  public void read(SourceSink sink) {
    StoreScanner scanner = scanners.apply(sink);
    String where = "gcp-secrets://projects/" + project;
    Map<String, String> headers;
    try {
      headers = Map.of("Authorization", "Bearer " + accessToken.get().reveal());
    } catch (IllegalStateException e) {
      sink.problem(where, e.getMessage());
      return;
    }
    String pageToken = null;
    try {
      do {
        String query =
            "?pageSize=250"
                + (pageToken == null
                    ? ""
                    : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
        HttpResult page = http.get("/v1/projects/" + encode(project) + "/secrets" + query, headers);
        if (!page.ok()) {
          sink.problem(
              where,
              "cannot list secrets: "
                  + error(page)
                  + "; the auditor needs secretmanager.secrets.list (roles/secretmanager.viewer)");
          return;
        }
        JsonNode body = json(page);
        for (JsonNode secret : body.path("secrets")) {
          readSecret(secret.path("name").asText(), headers, scanner);
        }
        pageToken = body.path("nextPageToken").asText(null);
        pageToken = pageToken == null || pageToken.isEmpty() ? null : pageToken;
      } while (pageToken != null);
    } catch (ProviderUnreachableException e) {
      sink.problem(where, "cannot reach Secret Manager: " + e.getMessage());
    }
  }

  private void readSecret(String name, Map<String, String> headers, StoreScanner scanner)
      throws ProviderUnreachableException {
    SourceSink sink = scanner.sink();
    String display = "gcp-secrets://" + name;
    HttpResult access = http.get("/v1/" + name + "/versions/latest:access", headers);
    if (access.status() == 400 && body(access).contains("FAILED_PRECONDITION")) {
      // The latest version is disabled or destroyed: the newest enabled one is what applications
      // get.
      HttpResult versions =
          http.get(
              "/v1/"
                  + name
                  + "/versions?filter="
                  + URLEncoder.encode("state:ENABLED", StandardCharsets.UTF_8),
              headers);
      JsonNode newest = json(versions).path("versions").path(0);
      if (!versions.ok() || newest.isMissingNode()) {
        sink.skipped(display, "no enabled version (" + error(access) + ")");
        return;
      }
      access = http.get("/v1/" + newest.path("name").asText() + ":access", headers);
    }
    if (!access.ok()) {
      sink.problem(
          display, "cannot read: " + error(access) + "; the rest of the secrets are scanned");
      return;
    }
    JsonNode body = json(access);
    String versionName = body.path("name").asText("");
    String version = versionName.substring(versionName.lastIndexOf('/') + 1);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body.path("payload").path("data").asText(""));
    } catch (IllegalArgumentException e) {
      sink.problem(display, "payload is not base64 as the API documents; not scanned");
      return;
    }
    String text = scanner.text(display, bytes);
    if (text == null) {
      return;
    }
    sink.stats().files.incrementAndGet();
    Location where =
        new Location(
            "gcp-secrets",
            name,
            0,
            0,
            null,
            null,
            instant(body.path("createTime").asText(null)),
            version.isEmpty() ? null : version);
    scanner.scan(
        text, where, JsonEntries.of(name.substring(name.lastIndexOf('/') + 1), text, where));
  }

  private static String body(HttpResult result) {
    return result.body() == null ? "" : result.body();
  }

  private static JsonNode json(HttpResult result) {
    try {
      JsonNode node = JsonEntries.JSON.readTree(body(result));
      return node == null ? JsonEntries.JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JsonEntries.JSON.createObjectNode();
    }
  }

  /** Google's error status and message ("PERMISSION_DENIED: Permission '...' denied"). */
  private static String error(HttpResult result) {
    JsonNode error = json(result).path("error");
    return "HTTP "
        + result.status()
        + (error.isMissingNode()
            ? ""
            : " " + error.path("status").asText("") + ": " + error.path("message").asText(""));
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // the API writes RFC 3339; another form is shown without a date rather than
      // failing
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
