package dev.tokenscope.resolve.gitlab;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves GitLab personal, project and group access tokens ({@code glpat-}). The base URL is
 * configurable for self-managed GitLab ({@code providers.gitlab.base_url}).
 *
 * <p>Calls, all {@code GET}, which GitLab's REST API documents as reads:
 *
 * <ul>
 *   <li>{@code GET /api/v4/personal_access_tokens/self}: the token's scopes, {@code expires_at},
 *       {@code last_used_at}, {@code revoked}, {@code active}.
 *   <li>{@code GET /api/v4/user}: the user (a bot user for project and group access tokens), and
 *       whether it is an instance administrator.
 *   <li>{@code GET /api/v4/projects?membership=true}: the projects it is a member of, with its
 *       access level in each (first page of 100).
 *   <li>{@code GET /api/v4/groups?min_access_level=10|40|50}: the groups it is a member of,
 *       maintainer of, owner of.
 * </ul>
 */
public final class GitLabResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://gitlab.com";

  /** The token's own record: its id, scopes, expiry, last use, revoked and active. */
  static final String SELF = "/api/v4/personal_access_tokens/self";

  static final AllowList ALLOW_LIST =
      AllowList.of(
          "gitlab", get(SELF), get("/api/v4/user"), get("/api/v4/projects"), get("/api/v4/groups"));
  private static final Pattern BOT = Pattern.compile("(project|group)_(\\d+)_bot.*");
  static final Map<String, Access> SCOPES =
      Map.ofEntries(
          Map.entry("api", Access.WRITE),
          Map.entry("read_api", Access.READ),
          Map.entry("read_user", Access.READ),
          Map.entry("read_repository", Access.READ),
          Map.entry("write_repository", Access.WRITE),
          Map.entry("read_registry", Access.READ),
          Map.entry("write_registry", Access.WRITE),
          Map.entry("read_virtual_registry", Access.READ),
          Map.entry("write_virtual_registry", Access.WRITE),
          Map.entry("sudo", Access.ADMIN),
          Map.entry("admin_mode", Access.ADMIN),
          Map.entry("create_runner", Access.WRITE),
          Map.entry("manage_runner", Access.WRITE),
          Map.entry("k8s_proxy", Access.WRITE),
          Map.entry("self_rotate", Access.PERMISSIONS),
          Map.entry("ai_features", Access.READ),
          Map.entry("read_service_ping", Access.READ));

  @Override
  public String provider() {
    return "gitlab";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "gitlab".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    Identity unknown = new Identity("gitlab", null, null, null, Map.of());
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers = headers(credential.secret().reveal());
    try {
      HttpResult self = http.get(SELF, headers);
      if (self.status() == 401) {
        return rejected(self, unknown);
      }
      List<String> evidence = new ArrayList<>();
      List<Permission> permissions = new ArrayList<>();
      Set<String> scopes = new TreeSet<>();
      Instant created = null;
      Instant expires = null;
      Instant lastUsed = null;
      String tokenName = null;
      if (self.ok()) {
        JsonNode token = JsonAnswer.read(self, "gitlab", "GET /api/v4/personal_access_tokens/self");
        if (token.path("revoked").asBoolean(false) || !token.path("active").asBoolean(true)) {
          return Grant.unresolved(
              unknown,
              GrantStatus.REVOKED,
              "GitLab reports the token "
                  + (token.path("revoked").asBoolean(false) ? "revoked" : "inactive (expired)"));
        }
        token.path("scopes").forEach(s -> scopes.add(s.asText()));
        created = JsonAnswer.instant(token.get("created_at"));
        expires = JsonAnswer.instant(token.get("expires_at"));
        lastUsed = JsonAnswer.instant(token.get("last_used_at"));
        tokenName = token.path("name").asText(null);
        evidence.add(
            "GET /api/v4/personal_access_tokens/self: scopes "
                + scopes
                + (expires == null ? ", no expiry" : ", expires " + expires));
      } else {
        evidence.add(
            "GET /api/v4/personal_access_tokens/self answered HTTP "
                + self.status()
                + " (older GitLab or not a personal/project/group access token): scopes unknown");
      }
      for (String scope : scopes) {
        permissions.add(Permission.of(scope, "*", SCOPES.getOrDefault(scope, Access.READ)));
      }

      HttpResult userAnswer = http.get("/api/v4/user", headers);
      if (userAnswer.status() == 401) {
        return rejected(userAnswer, unknown);
      }
      if (!userAnswer.ok()) {
        evidence.add(
            "GET /api/v4/user answered HTTP "
                + userAnswer.status()
                + " (the token lacks read_user/api scope): user unknown");
        return new Grant(
            unknown,
            List.of(),
            permissions,
            created,
            expires,
            lastUsed,
            GrantStatus.ACTIVE,
            null,
            evidence);
      }
      JsonNode user = JsonAnswer.read(userAnswer, "gitlab", "GET /api/v4/user");
      String username = user.path("username").asText(null);
      boolean bot = user.path("bot").asBoolean(false);
      String type = "personal-access-token";
      Matcher botName = BOT.matcher(username == null ? "" : username);
      if (bot && botName.matches()) {
        type = botName.group(1) + "-access-token";
      } else if (bot) {
        type = "bot-access-token";
      }
      boolean admin = user.path("is_admin").asBoolean(false);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("user_id", user.path("id").asText(""));
      details.put("bot", Boolean.toString(bot));
      details.put("is_admin", Boolean.toString(admin));
      if (tokenName != null) {
        details.put("token_name", tokenName);
      }
      if (admin
          && (scopes.contains("api") || scopes.contains("sudo") || scopes.contains("admin_mode"))) {
        permissions.add(Permission.of("instance:admin", "*", Access.ADMIN));
        evidence.add(username + " is an instance administrator and the token has an API scope");
      }

      String account = memberships(http, headers, scopes, permissions, evidence);
      Identity identity = new Identity("gitlab", username, account, type, details);
      return new Grant(
          identity,
          List.of(),
          permissions,
          created,
          expires,
          lastUsed,
          GrantStatus.ACTIVE,
          null,
          evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }

  /** Adds a permission per project and group membership; returns the single namespace, if one. */
  private static String memberships(
      SafeHttpClient http,
      Map<String, String> headers,
      Set<String> scopes,
      List<Permission> permissions,
      List<String> evidence)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    boolean apiWrite = scopes.isEmpty() || scopes.contains("api");
    Set<String> namespaces = new TreeSet<>();
    HttpResult projects = http.get("/api/v4/projects?membership=true&per_page=100", headers);
    if (projects.ok()) {
      JsonNode list = JsonAnswer.read(projects, "gitlab", "GET /api/v4/projects");
      evidence.add(
          "GET /api/v4/projects?membership=true: "
              + list.size()
              + " projects"
              + (list.size() == 100 ? " (first page only)" : ""));
      for (JsonNode project : list) {
        String path = project.path("path_with_namespace").asText();
        namespaces.add(project.path("namespace").path("full_path").asText(path));
        int level =
            Math.max(
                project.path("permissions").path("project_access").path("access_level").asInt(0),
                project.path("permissions").path("group_access").path("access_level").asInt(0));
        if (level > 0) {
          permissions.add(Permission.of("role:" + roleName(level), path, roleAccess(level)));
        }
        if (level >= 50 && apiWrite) {
          permissions.add(Permission.of("project:delete", path, Access.DELETE));
        }
      }
    } else {
      evidence.add(
          "GET /api/v4/projects answered HTTP " + projects.status() + ": projects not listed");
    }
    // The groups API does not say the member's role; asking by minimum level does.
    Map<String, Integer> groupLevels = new java.util.LinkedHashMap<>();
    for (int level : new int[] {10, 40, 50}) {
      HttpResult groups =
          http.get("/api/v4/groups?min_access_level=" + level + "&per_page=100", headers);
      if (!groups.ok()) {
        evidence.add(
            "GET /api/v4/groups?min_access_level=" + level + " answered HTTP " + groups.status());
        break;
      }
      for (JsonNode group : JsonAnswer.read(groups, "gitlab", "GET /api/v4/groups")) {
        groupLevels.put(group.path("full_path").asText(), level);
      }
    }
    groupLevels.forEach(
        (path, level) -> {
          namespaces.add(path);
          permissions.add(
              Permission.of(
                  "group-role:" + (level >= 50 ? "owner" : level >= 40 ? "maintainer" : "member"),
                  path,
                  level >= 50 ? Access.ADMIN : level >= 40 ? Access.PERMISSIONS : Access.READ));
          if (level >= 50 && apiWrite) {
            permissions.add(Permission.of("group:delete", path, Access.DELETE));
          }
        });
    if (!groupLevels.isEmpty()) {
      evidence.add(
          "groups: "
              + groupLevels.size()
              + " (roles from min_access_level 10/40/50: member, maintainer, owner)");
    }
    return namespaces.size() == 1 ? namespaces.iterator().next() : null;
  }

  private static Grant rejected(HttpResult answer, Identity identity)
      throws UnexpectedAnswerException {
    JsonNode body = JsonAnswer.read(answer, "gitlab", "GET /api/v4/personal_access_tokens/self");
    String description = body.path("error_description").asText("");
    if (description.contains("revoked")) {
      return Grant.unresolved(identity, GrantStatus.REVOKED, "GitLab: " + description);
    }
    if (description.contains("expired")) {
      return Grant.unresolved(identity, GrantStatus.REVOKED, "GitLab: " + description);
    }
    return Grant.unresolved(
        identity,
        GrantStatus.INVALID,
        "GitLab answers 401 Unauthorized: the token does not exist on this GitLab instance");
  }

  /** The headers every GitLab request carries a token in. */
  static Map<String, String> headers(String token) {
    return Map.of("PRIVATE-TOKEN", token, "User-Agent", "tokenscope");
  }

  static String roleName(int level) {
    if (level >= 50) {
      return "owner";
    }
    if (level >= 40) {
      return "maintainer";
    }
    if (level >= 30) {
      return "developer";
    }
    if (level >= 20) {
      return "reporter";
    }
    if (level >= 15) {
      return "planner";
    }
    return "guest";
  }

  static Access roleAccess(int level) {
    if (level >= 50) {
      return Access.ADMIN;
    }
    if (level >= 40) {
      return Access.PERMISSIONS;
    }
    if (level >= 30) {
      return Access.WRITE;
    }
    return Access.READ;
  }
}
