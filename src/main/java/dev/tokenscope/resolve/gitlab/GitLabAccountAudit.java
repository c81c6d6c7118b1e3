package dev.tokenscope.resolve.gitlab;

import static dev.tokenscope.http.AllowedRequest.get;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.account.AccountAnswers;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.FoundTokenLookup;
import dev.tokenscope.resolve.account.HttpAnswers;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.ListingException;
import dev.tokenscope.resolve.account.SelfLookup;
import dev.tokenscope.resolve.account.SnapshotAnswers;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code audit gitlab --group G [--instance]}: the access tokens and deploy tokens of a GitLab
 * group and every project under it, and with {@code --instance} every personal access token of the
 * instance. GET requests only (a GET on GitLab's REST API never changes anything):
 *
 * <ul>
 *   <li>{@code GET /api/v4/groups/:id/access_tokens}, {@code /groups/:id/deploy_tokens}: the
 *       group's own tokens (Owner role needed).
 *   <li>{@code GET /api/v4/groups/:id/projects?include_subgroups=true}, then per project {@code
 *       /projects/:id/access_tokens} and {@code /projects/:id/deploy_tokens} (Maintainer needed).
 *   <li>{@code --instance}: {@code GET /api/v4/user} (is the auditor an administrator?) and {@code
 *       GET /api/v4/personal_access_tokens}: every user's tokens for an administrator, only the
 *       auditor's own otherwise (reported as a partial listing).
 *   <li>With {@code --scan}: {@code GET /api/v4/personal_access_tokens/self} with each {@code
 *       glpat-} token found in a file, to the audited instance only: its answer's {@code id} is the
 *       id the group, project and instance lists give the same token (group and project access
 *       tokens are personal access tokens of a bot user), which joins the two ({@link
 *       #foundTokens}).
 * </ul>
 *
 * Lists answer page by page ({@code X-Next-Page}, {@code Link}); revoked and expired tokens are
 * listed by GitLab and kept apart (they can no longer be used).
 */
public final class GitLabAccountAudit {
  private static final String ID = "[A-Za-z0-9._%-]+";

  public static final AllowList ALLOW_LIST =
      AllowList.of(
          "gitlab",
          get("/api/v4/groups/" + ID + "/access_tokens"),
          get("/api/v4/groups/" + ID + "/deploy_tokens"),
          get("/api/v4/groups/" + ID + "/projects"),
          get("/api/v4/projects/[0-9]+/access_tokens"),
          get("/api/v4/projects/[0-9]+/deploy_tokens"),
          get("/api/v4/user"),
          get("/api/v4/personal_access_tokens"),
          get(GitLabResolver.SELF));

  private final AccountAnswers answers;
  private final String group;
  private final boolean instance;
  private final java.time.Clock clock;
  private final List<String> problems = new ArrayList<>();
  private final List<ListedCredential> listed = new ArrayList<>();

  private GitLabAccountAudit(
      AccountAnswers answers, String group, boolean instance, java.time.Clock clock) {
    this.answers = answers;
    this.group = group;
    this.instance = instance;
    this.clock = clock;
  }

  /** True for a group id or full path GitLab accepts. */
  public static boolean validGroup(String group) {
    return group != null
        && group.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
        && !group.contains("..");
  }

  public static AccountListing live(
      ResolveContext context, String token, String group, boolean instance) {
    SafeHttpClient http = context.client(ALLOW_LIST, GitLabResolver.DEFAULT_BASE_URL);
    Map<String, String> headers = GitLabResolver.headers(token);
    return new GitLabAccountAudit(
            new HttpAnswers(http, headers, "GitLab", context.clock(), context.http().maxBackoff()),
            group,
            instance,
            context.clock())
        .run();
  }

  /**
   * Asks the audited instance (the same base URL as {@link #live}) for the id of each personal,
   * group or project access token found in a file; 401 is GitLab's answer for a revoked, expired or
   * unknown token. Deploy tokens have ids of their own and no self-lookup, so none is joined.
   */
  public static FoundTokenLookup foundTokens(ResolveContext context) {
    return new SelfLookup(
        context.client(ALLOW_LIST, GitLabResolver.DEFAULT_BASE_URL),
        GitLabResolver.SELF,
        GitLabResolver::headers,
        Set.of("gitlab.personal-access-token"),
        Set.of(401),
        "/id",
        listed -> listed.kind().endsWith("-access-token"));
  }

  public static AccountListing snapshot(
      Path dir, String group, boolean instance, java.time.Clock clock) {
    return new GitLabAccountAudit(new SnapshotAnswers(dir), group, instance, clock).run();
  }

  private AccountListing run() {
    if (group != null) {
      String encoded = group.replace("/", "%2F");
      String base = "/api/v4/groups/" + encoded;
      try {
        for (JsonNode token : answers.list(base + "/access_tokens", "")) {
          listed.add(accessToken(token, "group", group));
        }
      } catch (ListingException e) {
        if (e.refusedCredential()) {
          problems.add(e.getMessage());
          return listing();
        }
        problems.add(
            "access tokens of group " + group + " not listed (needs Owner): " + e.getMessage());
      }
      try {
        for (JsonNode token : answers.list(base + "/deploy_tokens", "")) {
          listed.add(deployToken(token, "group", group));
        }
      } catch (ListingException e) {
        problems.add("deploy tokens of group " + group + " not listed: " + e.getMessage());
      }
      List<JsonNode> projects;
      try {
        projects = answers.list(base + "/projects?include_subgroups=true", "");
      } catch (ListingException e) {
        problems.add("projects of group " + group + " not listed: " + e.getMessage());
        projects = List.of();
      }
      for (JsonNode project : projects) {
        String id = project.path("id").asText();
        String path = project.path("path_with_namespace").asText(id);
        if (!id.matches("[0-9]+")) {
          problems.add("project '" + path + "' has no numeric id; skipped");
          continue;
        }
        try {
          for (JsonNode token : answers.list("/api/v4/projects/" + id + "/access_tokens", "")) {
            listed.add(accessToken(token, "project", path));
          }
        } catch (ListingException e) {
          problems.add(
              "access tokens of project "
                  + path
                  + " not listed (needs Maintainer): "
                  + e.getMessage());
        }
        try {
          for (JsonNode token : answers.list("/api/v4/projects/" + id + "/deploy_tokens", "")) {
            listed.add(deployToken(token, "project", path));
          }
        } catch (ListingException e) {
          problems.add("deploy tokens of project " + path + " not listed: " + e.getMessage());
        }
      }
    }
    if (instance) {
      personalTokens();
    }
    return listing();
  }

  private void personalTokens() {
    boolean admin;
    try {
      admin = answers.get("/api/v4/user").path("is_admin").asBoolean(false);
    } catch (ListingException e) {
      problems.add("the auditor's own user could not be read: " + e.getMessage());
      return;
    }
    try {
      for (JsonNode token : answers.list("/api/v4/personal_access_tokens", "")) {
        listed.add(personalToken(token));
      }
      if (!admin) {
        problems.add(
            "the auditor is not a GitLab administrator: /personal_access_tokens listed only the auditor's own tokens, not every user's");
      }
    } catch (ListingException e) {
      problems.add("personal access tokens not listed: " + e.getMessage());
    }
  }

  private AccountListing listing() {
    String what =
        group == null
            ? "GitLab instance"
            : "GitLab group " + group + (instance ? " and instance" : "");
    return new AccountListing(
        "gitlab",
        what + " (" + answers.describe() + ")",
        listed,
        List.of(),
        problems,
        answers.notes(),
        // Without --instance no personal access token is listed, and with --instance alone no
        // group token: an entry for either may exist though it is not in the listing.
        instance && group != null);
  }

  /** A group or project access token: a bot user with a role and scopes. */
  private ListedCredential accessToken(JsonNode node, String owner, String path) {
    String id = node.path("id").asText();
    String name = node.path("name").asText(null);
    List<String> scopes = strings(node.path("scopes"));
    int level = node.path("access_level").asInt(0);
    List<Permission> permissions = scopePermissions(scopes, path);
    boolean api = scopes.contains("api");
    if (level > 0) {
      String role =
          (owner.equals("group") ? "group-role:" : "role:") + GitLabResolver.roleName(level);
      permissions.add(Permission.of(role, path, GitLabResolver.roleAccess(level)));
      if (level >= 50 && api) {
        permissions.add(Permission.of(owner + ":delete", path, Access.DELETE));
      }
    }
    String kind = owner + "-access-token";
    return credential(
        node,
        kind,
        id,
        name,
        path,
        permissions,
        "gitlab " + owner + " access token '" + name + "' of " + path,
        null);
  }

  private ListedCredential deployToken(JsonNode node, String owner, String path) {
    String id = node.path("id").asText();
    String name = node.path("name").asText(null);
    List<Permission> permissions = scopePermissions(strings(node.path("scopes")), path);
    return credential(
        node,
        owner + "-deploy-token",
        id,
        name,
        path,
        permissions,
        "gitlab " + owner + " deploy token '" + name + "' of " + path,
        node.path("username").asText(null));
  }

  private ListedCredential personalToken(JsonNode node) {
    String id = node.path("id").asText();
    String name = node.path("name").asText(null);
    List<Permission> permissions = scopePermissions(strings(node.path("scopes")), "*");
    String user = "user:" + node.path("user_id").asText("?");
    return credential(
        node,
        "personal-access-token",
        id,
        name,
        "*",
        permissions,
        "gitlab personal access token '" + name + "' of " + user,
        user);
  }

  private ListedCredential credential(
      JsonNode node,
      String kind,
      String id,
      String name,
      String path,
      List<Permission> permissions,
      String place,
      String principal) {
    boolean revoked = node.path("revoked").asBoolean(false);
    Instant expires = date(node.path("expires_at"));
    boolean expired =
        node.path("expired").asBoolean(false)
            || (node.has("active") && !node.path("active").asBoolean(true) && !revoked)
            || (expires != null && !expires.isAfter(clock.instant()));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("token_id", id);
    if (name != null) {
      details.put("token_name", name);
    }
    details.put("scopes", String.join(",", strings(node.path("scopes"))));
    GrantStatus status = revoked || expired ? GrantStatus.REVOKED : GrantStatus.ACTIVE;
    Grant grant =
        new Grant(
            new Identity("gitlab", principal, path, kind, details),
            List.of(),
            permissions,
            date(node.path("created_at")),
            expires,
            date(node.path("last_used_at")),
            status,
            revoked ? "revoked" : expired ? "expired" : null,
            List.of(
                "scopes "
                    + strings(node.path("scopes"))
                    + (node.has("access_level")
                        ? ", access level " + node.path("access_level").asInt()
                        : "")));
    return new ListedCredential("gitlab", kind, id, name, place, grant, null);
  }

  private static List<Permission> scopePermissions(List<String> scopes, String path) {
    List<Permission> out = new ArrayList<>();
    for (String scope : scopes) {
      out.add(Permission.of(scope, path, GitLabResolver.SCOPES.getOrDefault(scope, Access.READ)));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** GitLab gives {@code expires_at} as a date and the others as instants. */
  private static Instant date(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    String text = node.asText();
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
