package dev.tokenscope.resolve.anthropic;

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
import java.util.List;
import java.util.Map;

/**
 * Resolves Anthropic API keys ({@code sk-ant-api03-}) and Admin API keys ({@code sk-ant-admin01-}).
 *
 * <p>Calls, all {@code GET}, reads by Anthropic's API reference, with {@code x-api-key} and {@code
 * anthropic-version}:
 *
 * <ul>
 *   <li>Admin keys: {@code GET /v1/organizations/me} (the organization) and {@code GET
 *       /v1/organizations/workspaces} (its workspaces, all of which an admin key manages).
 *   <li>API keys: {@code GET /v1/models}, which proves the key works, then {@code GET
 *       /v1/organizations/me}, which Anthropic's API reference ("Get Current Organization", checked
 *       2026-12) documents for a standard key as well: the organization the key belongs to. The
 *       workspace of an API key is not readable with the key itself.
 * </ul>
 */
public final class AnthropicResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  static final AllowList ALLOW_LIST =
      AllowList.of(
          "anthropic",
          get("/v1/models"),
          get("/v1/organizations/me"),
          get("/v1/organizations/workspaces"));

  @Override
  public String provider() {
    return "anthropic";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "anthropic".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String key = credential.secret().reveal();
    boolean admin = key.startsWith("sk-ant-admin");
    String type = admin ? "admin-key" : "api-key";
    Identity unknown = new Identity("anthropic", null, null, type, Map.of());
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers =
        Map.of("x-api-key", key, "anthropic-version", "2023-06-01", "User-Agent", "tokenscope");
    try {
      String path = admin ? "/v1/organizations/me" : "/v1/models";
      HttpResult answer = http.get(path, headers);
      if (answer.status() == 401) {
        JsonAnswer.read(answer, "anthropic", "GET " + path);
        return Grant.unresolved(
            unknown,
            GrantStatus.INVALID,
            "Anthropic answers authentication_error: the key is disabled, deleted or never existed");
      }
      if (!answer.ok()) {
        String type403 = answer.status() == 403 ? " (permission_error)" : "";
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "Anthropic answered GET " + path + " with HTTP " + answer.status() + type403);
      }
      JsonNode body = JsonAnswer.read(answer, "anthropic", "GET " + path);
      List<String> evidence = new ArrayList<>();
      List<Permission> permissions = new ArrayList<>();
      if (admin) {
        String organization = body.path("id").asText(null);
        String name = body.path("name").asText("");
        permissions.add(
            Permission.of(
                "organization:admin", organization == null ? "*" : organization, Access.ADMIN));
        HttpResult workspaces = http.get("/v1/organizations/workspaces?limit=100", headers);
        if (workspaces.ok()) {
          JsonNode data =
              JsonAnswer.read(workspaces, "anthropic", "GET /v1/organizations/workspaces")
                  .path("data");
          List<String> names = new ArrayList<>();
          data.forEach(
              w -> names.add(w.path("id").asText() + " (" + w.path("name").asText() + ")"));
          evidence.add("GET /v1/organizations/workspaces: " + String.join(", ", names));
        }
        evidence.add(
            "an Admin API key manages members, invites, workspaces and API keys of the organization");
        Identity identity =
            new Identity("anthropic", name, organization, type, Map.of("organization_name", name));
        return new Grant(
            identity, List.of(), permissions, null, null, null, GrantStatus.ACTIVE, null, evidence);
      }
      evidence.add(
          "GET /v1/models: 200, "
              + body.path("data").size()
              + " models; the key's workspace is not readable with the key itself");
      Identity identity = unknown;
      String scope = "*";
      HttpResult organization = http.get("/v1/organizations/me", headers);
      if (organization.ok()) {
        JsonNode org = JsonAnswer.read(organization, "anthropic", "GET /v1/organizations/me");
        String id = org.path("id").asText(null);
        String name = org.path("name").asText("");
        identity = new Identity("anthropic", name, id, type, Map.of("organization_name", name));
        scope = id == null ? "*" : id;
        evidence.add("GET /v1/organizations/me: the key belongs to organization " + name);
      } else {
        evidence.add(
            "GET /v1/organizations/me answered HTTP "
                + organization.status()
                + ": the key's organization is not known");
      }
      permissions.add(new Permission("api:use", scope, Access.WRITE, true));
      return new Grant(
          identity, List.of(), permissions, null, null, null, GrantStatus.ACTIVE, null, evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }
}
