package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a Google API key ({@code AIza…}) with the auditor's own access token: API Keys v2 {@code
 * keys.lookupKey} (GET, read-only: it names the project and key resource that own the key string)
 * and {@code keys.get} (GET, read-only: display name, creation time, restrictions). The key string
 * is sent only to the configured API Keys endpoint. Without an auditor token nothing is sent: an
 * API key has no way to describe itself.
 */
final class ApiKeyLookup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiKeyLookup() {}

  static Grant resolve(String apiKey, GcpEndpoints endpoints, String auditorToken)
      throws ProviderUnreachableException {
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + auditorToken, "Accept", "application/json");
    HttpResult lookup =
        endpoints
            .apiKeys()
            .get(
                "/v2/keys:lookupKey?keyString=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8),
                auth);
    Identity bare = new Identity(GcpEndpoints.PROVIDER, null, null, "api-key", Map.of());
    if (lookup.status() == 404 || lookup.status() == 400) {
      return Grant.unresolved(
          bare,
          GrantStatus.INVALID,
          "Google does not know this API key (keys.lookupKey answered HTTP "
              + lookup.status()
              + "): deleted, or never existed");
    }
    if (!lookup.ok()) {
      return Grant.unresolved(
          bare,
          GrantStatus.UNKNOWN,
          "keys.lookupKey answered HTTP "
              + lookup.status()
              + " to the auditor's credentials (it needs apikeys.keys.lookup on the key's project)");
    }
    String name = json(lookup).path("name").asText("");
    if (!name.matches("projects/[^/:]+/locations/[^/:]+/keys/[^/:]+")) {
      return Grant.unresolved(
          bare, GrantStatus.UNKNOWN, "keys.lookupKey answered without a key name");
    }
    String project = name.substring(0, name.indexOf("/locations/"));
    HttpResult got = endpoints.apiKeys().get("/v2/" + name, auth);
    Identity located = new Identity(GcpEndpoints.PROVIDER, name, project, "api-key", Map.of());
    if (!got.ok()) {
      return Grant.unresolved(
          located,
          GrantStatus.UNKNOWN,
          "the key belongs to "
              + project
              + ", but keys.get answered HTTP "
              + got.status()
              + " (it needs apikeys.keys.get)");
    }
    JsonNode key = json(got);
    JsonNode restrictions = key.path("restrictions");
    List<Permission> permissions = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    for (JsonNode target : restrictions.path("apiTargets")) {
      permissions.add(
          new Permission("api:" + target.path("service").asText(), project, Access.WRITE, false));
    }
    if (permissions.isEmpty()) {
      permissions.add(new Permission("api:*", project, Access.WRITE, false));
      evidence.add(
          "no API restriction: the key may call every API enabled in "
              + project
              + " that accepts API keys");
    } else {
      evidence.add(
          "API restriction: "
              + String.join(", ", permissions.stream().map(Permission::action).toList()));
    }
    String application = application(restrictions);
    evidence.add(
        application.equals("none")
            ? "no application restriction: usable from any website, address or app"
            : "application restriction: " + application);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("display_name", key.path("displayName").asText(""));
    details.put("uid", key.path("uid").asText(""));
    details.put("application_restriction", application);
    return new Grant(
        new Identity(GcpEndpoints.PROVIDER, name, project, "api-key", details),
        List.of(),
        permissions,
        time(key, "createTime"),
        null,
        null,
        GrantStatus.ACTIVE,
        null,
        evidence);
  }

  private static String application(JsonNode restrictions) {
    if (restrictions.has("browserKeyRestrictions")) {
      return "websites " + restrictions.path("browserKeyRestrictions").path("allowedReferrers");
    }
    if (restrictions.has("serverKeyRestrictions")) {
      return "IP addresses " + restrictions.path("serverKeyRestrictions").path("allowedIps");
    }
    if (restrictions.has("androidKeyRestrictions")) {
      return "Android apps";
    }
    if (restrictions.has("iosKeyRestrictions")) {
      return "iOS apps";
    }
    return "none";
  }

  private static Instant time(JsonNode key, String field) {
    try {
      return key.hasNonNull(field) ? Instant.parse(key.get(field).asText()) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode json(HttpResult result) {
    try {
      JsonNode node =
          JSON.readTree(result.body() == null || result.body().isBlank() ? "{}" : result.body());
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
