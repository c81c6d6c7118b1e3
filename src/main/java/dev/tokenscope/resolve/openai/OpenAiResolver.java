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
 *       admin key administers (members, keys, service accounts, rate limits).
 *   <li>Other keys: {@code GET /v1/models}: proves the key works; the {@code openai-organization}
 *       and {@code openai-project} headers name its organization and project. A restricted key's
 *       per-endpoint permissions are not readable through the API.
 * </ul>
 */
public final class OpenAiResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://api.openai.com";
  static final AllowList ALLOW_LIST = AllowList.of("openai", get("/v1/models"), get("/v1/organization/projects"));

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
    String type = key.startsWith("sk-admin-") ? "admin-key" : key.startsWith("sk-proj-") ? "project-key" : key.startsWith("sk-svcacct-") ? "service-account-key" : "user-key";
    Identity unknown = new Identity("openai", null, null, type, Map.of());
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers = Map.of("Authorization", "Bearer " + key, "User-Agent", "tokenscope");
    String path = type.equals("admin-key") ? "/v1/organization/projects?limit=100" : "/v1/models";
    try {
      HttpResult answer = http.get(path, headers);
      String request = "GET " + path.replaceAll("\\?.*", "");
      if (answer.status() == 401) {
        JsonNode error = JsonAnswer.read(answer, "openai", request).path("error");
        return Grant.unresolved(unknown, GrantStatus.INVALID, "OpenAI refuses the key (" + error.path("code").asText("401") + "): deleted, disabled or never valid");
      }
      String organization = answer.header("openai-organization");
      String project = answer.header("openai-project");
      Map<String, String> details = new LinkedHashMap<>();
      if (project != null) {
        details.put("project", project);
      }
      List<String> evidence = new ArrayList<>();
      List<Permission> permissions = new ArrayList<>();
      if (answer.status() == 403) {
        String message = JsonAnswer.read(answer, "openai", request).path("error").path("message").asText("");
        evidence.add(request + ": 403 " + message);
        evidence.add("the key is valid but restricted; its per-endpoint permissions are not readable through the API");
        permissions.add(new Permission("api:use", project == null ? "*" : project, Access.WRITE, true));
      } else if (!answer.ok()) {
        return Grant.unresolved(unknown, GrantStatus.UNKNOWN, "OpenAI answered " + request + " with HTTP " + answer.status());
      } else if (type.equals("admin-key")) {
        JsonNode projects = JsonAnswer.read(answer, "openai", request).path("data");
        List<String> names = new ArrayList<>();
        projects.forEach(p -> names.add(p.path("id").asText() + " (" + p.path("name").asText() + ")"));
        permissions.add(Permission.of("organization:admin", organization == null ? "*" : organization, Access.ADMIN));
        evidence.add(request + ": " + projects.size() + " projects: " + String.join(", ", names));
        evidence.add("an admin key manages members, projects, API keys and service accounts of the whole organization");
      } else {
        JsonNode models = JsonAnswer.read(answer, "openai", request).path("data");
        permissions.add(Permission.of("models:read", project == null ? "*" : project, Access.READ));
        permissions.add(new Permission("api:use", project == null ? "*" : project, Access.WRITE, true));
        evidence.add(request + ": 200, " + models.size() + " models; whether the key is All, Restricted or Read only is not readable through the API");
      }
      Identity identity = new Identity("openai", project, organization, type, details);
      return new Grant(identity, List.of(), permissions, null, null, null, GrantStatus.ACTIVE, null, evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }
}
