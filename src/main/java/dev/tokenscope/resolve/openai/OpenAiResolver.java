package dev.tokenscope.resolve.openai;

import static dev.tokenscope.http.AllowedRequest.get;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.JsonAnswer;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.UnexpectedAnswerException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves OpenAI API keys: admin keys ({@code sk-admin-}), project keys ({@code sk-proj-}),
 * service-account keys ({@code sk-svcacct-}) and legacy user keys ({@code sk-}).
 *
 * <p>Calls, all {@code GET}, reads by OpenAI's API reference:
 *
 * <ul>
 *   <li>Admin keys: {@code GET /v1/organization/projects}: the organization's projects, which an
 *       admin key administers (members, keys, service accounts, rate limits); {@code GET
 *       /v1/organization/admin_api_keys}: the admin keys, among which the one whose {@code
 *       redacted_value} (head and tail) matches this key gives its owner, creation and last use.
 *   <li>Other keys: {@code GET /v1/models}: proves the key works; the {@code openai-organization}
 *       and {@code openai-project} headers name its organization and project. A restricted key's
 *       per-endpoint permissions are not readable through the API.
 * </ul>
 */
public final class OpenAiResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://api.openai.com";
  static final AllowList ALLOW_LIST =
      AllowList.of(
          "openai",
          get("/v1/models"),
          get("/v1/organization/projects"),
          get("/v1/organization/admin_api_keys"));

  /** The entry of {@code key} in the admin key list, matched by its redacted head and tail. */
  private static JsonNode ownAdminKey(
      SafeHttpClient http, Map<String, String> headers, String key, List<String> evidence)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    HttpResult answer = http.get("/v1/organization/admin_api_keys?limit=100", headers);
    if (!answer.ok()) {
      evidence.add(
          "GET /v1/organization/admin_api_keys answered HTTP "
              + answer.status()
              + ": creation and last use unknown");
      return null;
    }
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode entry :
        JsonAnswer.read(answer, "openai", "GET /v1/organization/admin_api_keys").path("data")) {
      String redacted = entry.path("redacted_value").asText("");
      int dots = redacted.indexOf("...");
      if (dots > 0
          && key.startsWith(redacted.substring(0, dots))
          && key.endsWith(redacted.substring(dots + 3))
          && redacted.length() > dots + 3) {
        matches.add(entry);
      }
    }
    if (matches.size() != 1) {
      evidence.add(
          "GET /v1/organization/admin_api_keys: "
              + matches.size()
              + " keys match this key's head and tail; creation and last use unknown");
      return null;
    }
    evidence.add(
        "GET /v1/organization/admin_api_keys: this key is "
            + matches.get(0).path("id").asText()
            + " (matched by its redacted value)");
    return matches.get(0);
  }

  /**
   * The scopes OpenAI names in its answer to a live restricted key that lacks them ("You have
   * insufficient permissions for this operation. Missing scopes: api.model.read. Check that…"), or
   * null when the message is not that answer. Scope names hold dots, so the list ends at the first
   * ". " (or the end).
   */
  static List<String> missingScopes(String message) {
    int at = message.indexOf("Missing scopes:");
    if (at < 0) {
      return message.toLowerCase(java.util.Locale.ROOT).contains("insufficient permissions")
          ? List.of()
          : null;
    }
    String rest = message.substring(at + "Missing scopes:".length()).strip();
    int end = rest.indexOf(". ");
    String list = end < 0 ? rest.replaceAll("\\.$", "") : rest.substring(0, end);
    List<String> out = new ArrayList<>();
    for (String scope : list.split("[,\\s]+")) {
      if (scope.matches("[a-z][a-z0-9_.]*")) {
        out.add(scope);
      }
    }
    return out;
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "openai".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String key = credential.secret().reveal();
    String type =
        key.startsWith("sk-admin-")
            ? "admin-key"
            : key.startsWith("sk-proj-")
                ? "project-key"
                : key.startsWith("sk-svcacct-") ? "service-account-key" : "user-key";
    Identity unknown = new Identity("openai", null, null, type, Map.of());
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers =
        Map.of("Authorization", "Bearer " + key, "User-Agent", "tokenscope");
    String path = type.equals("admin-key") ? "/v1/organization/projects?limit=100" : "/v1/models";
    try {
      HttpResult answer = http.get(path, headers);
      String request = "GET " + path.replaceAll("\\?.*", "");
      JsonNode refusal = null;
      if (answer.status() == 401) {
        JsonNode error = JsonAnswer.read(answer, "openai", request).path("error");
        if (missingScopes(error.path("message").asText("")) != null) {
          // A live restricted key without the scope this call needs: OpenAI answers 401 with
          // "You have insufficient permissions for this operation. Missing scopes: …".
          refusal = error;
        }
      }
      if (answer.status() == 401 && refusal == null) {
        JsonNode error = JsonAnswer.read(answer, "openai", request).path("error");
        return Grant.unresolved(
            unknown,
            GrantStatus.INVALID,
            "OpenAI refuses the key ("
                + error.path("code").asText("401")
                + "): deleted, disabled or never valid");
      }
      String organization = answer.header("openai-organization");
      String project = answer.header("openai-project");
      Map<String, String> details = new LinkedHashMap<>();
      if (project != null) {
        details.put("project", project);
      }
      List<String> evidence = new ArrayList<>();
      List<Permission> permissions = new ArrayList<>();
      if (refusal != null) {
        List<String> missing = missingScopes(refusal.path("message").asText(""));
        details.put("missing_scopes", String.join(", ", missing));
        evidence.add(
            request
                + ": 401 insufficient permissions, missing scopes "
                + String.join(", ", missing)
                + ": the key is live and restricted (it lacks those scopes)");
        evidence.add("the key's other per-endpoint permissions are not readable through the API");
        permissions.add(
            new Permission("api:use", project == null ? "*" : project, Access.WRITE, true));
      } else if (answer.status() == 403) {
        String message =
            JsonAnswer.read(answer, "openai", request).path("error").path("message").asText("");
        evidence.add(request + ": 403 " + message);
        evidence.add(
            "the key is valid but restricted; its per-endpoint permissions are not readable through the API");
        permissions.add(
            new Permission("api:use", project == null ? "*" : project, Access.WRITE, true));
      } else if (!answer.ok()) {
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "OpenAI answered " + request + " with HTTP " + answer.status());
      } else if (type.equals("admin-key")) {
        JsonNode projects = JsonAnswer.read(answer, "openai", request).path("data");
        List<String> names = new ArrayList<>();
        projects.forEach(
            p -> names.add(p.path("id").asText() + " (" + p.path("name").asText() + ")"));
        permissions.add(
            Permission.of(
                "organization:admin", organization == null ? "*" : organization, Access.ADMIN));
        evidence.add(request + ": " + projects.size() + " projects: " + String.join(", ", names));
        evidence.add(
            "an admin key manages members, projects, API keys and service accounts of the whole organization");
      } else {
        JsonNode models = JsonAnswer.read(answer, "openai", request).path("data");
        permissions.add(Permission.of("models:read", project == null ? "*" : project, Access.READ));
        permissions.add(
            new Permission("api:use", project == null ? "*" : project, Access.WRITE, true));
        evidence.add(
            request
                + ": 200, "
                + models.size()
                + " models; whether the key is All, Restricted or Read only is not readable through the API");
      }
      Instant created = null;
      Instant lastUsed = null;
      String principal = project;
      if (type.equals("admin-key")) {
        JsonNode own = ownAdminKey(http, headers, key, evidence);
        if (own != null) {
          created =
              own.hasNonNull("created_at")
                  ? Instant.ofEpochSecond(own.get("created_at").asLong())
                  : null;
          lastUsed =
              own.hasNonNull("last_used_at")
                  ? Instant.ofEpochSecond(own.get("last_used_at").asLong())
                  : null;
          principal = own.path("owner").path("name").asText(own.path("name").asText(null));
          details.put("key_name", own.path("name").asText(""));
          details.put("owner_type", own.path("owner").path("type").asText(""));
        }
      }
      Identity identity = new Identity("openai", principal, organization, type, details);
      return new Grant(
          identity,
          List.of(),
          permissions,
          created,
          null,
          lastUsed,
          GrantStatus.ACTIVE,
          null,
          evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }
}
