package dev.tokenscope.resolve.github;

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
import dev.tokenscope.resolve.account.HttpAnswers;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.ListingException;
import dev.tokenscope.resolve.account.SnapshotAnswers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code audit github --org ORG}: every credential with access to a GitHub organisation, through
 * GET requests only (a GET on the REST API never changes anything):
 *
 * <ul>
 *   <li>{@code GET /orgs/{org}/personal-access-tokens}: approved fine-grained tokens (owner,
 *       permissions, expiry, last use); {@code GET /orgs/{org}/personal-access-token-requests}:
 *       pending ones. Both need an organisation owner (or a GitHub App with the organisation
 *       personal-access-tokens permission).
 *   <li>{@code GET /orgs/{org}/credential-authorizations}: classic tokens and SSH keys authorised
 *       for SAML single sign-on (scopes, last access, the token's last eight characters).
 *   <li>{@code GET /orgs/{org}/installations}: GitHub App installations and their permissions.
 *   <li>{@code GET /orgs/{org}/repos}, then per repository {@code GET /repos/{o}/{r}/keys}: deploy
 *       keys, read-only or read-write.
 *   <li>{@code GET /orgs/{org}/actions/secrets} and {@code GET /repos/{o}/{r}/actions/secrets}:
 *       Actions secret names (GitHub never returns their values), to check the inventory's {@code
 *       stored_in}.
 * </ul>
 */
public final class GitHubAccountAudit {
  private static final String ORG = "/orgs/[A-Za-z0-9][A-Za-z0-9-]*";
  private static final String REPO = "/repos/[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+";

  public static final AllowList ALLOW_LIST =
      AllowList.of(
          "github",
          get(ORG + "/personal-access-tokens"),
          get(ORG + "/personal-access-token-requests"),
          get(ORG + "/credential-authorizations"),
          get(ORG + "/installations"),
          get(ORG + "/repos"),
          get(ORG + "/actions/secrets"),
          get(REPO + "/keys"),
          get(REPO + "/actions/secrets"));

  private final AccountAnswers answers;
  private final String org;
  private final java.time.Clock clock;
  private final List<String> problems = new ArrayList<>();
  private final List<ListedCredential> listed = new ArrayList<>();
  private final List<String> secretNames = new ArrayList<>();

  private GitHubAccountAudit(AccountAnswers answers, String org, java.time.Clock clock) {
    this.answers = answers;
    this.org = org;
    this.clock = clock;
  }

  /** True for a name GitHub accepts as an organisation login. */
  public static boolean validOrganisation(String org) {
    return org != null && org.matches("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
  }

  public static AccountListing live(ResolveContext context, String token, String org) {
    SafeHttpClient http = context.client(ALLOW_LIST, GitHubResolver.DEFAULT_BASE_URL);
    Map<String, String> headers =
        Map.of(
            "Authorization", "Bearer " + token,
            "Accept", "application/vnd.github+json",
            "X-GitHub-Api-Version", "2022-11-28",
            "User-Agent", "tokenscope");
    return new GitHubAccountAudit(
            new HttpAnswers(http, headers, "GitHub", context.clock(), context.http().maxBackoff()),
            org,
            context.clock())
        .run();
  }

  /** Offline: the same answers saved under their paths in {@code dir} (docs/accounts.md). */
  public static AccountListing snapshot(Path dir, String org, java.time.Clock clock) {
    return new GitHubAccountAudit(new SnapshotAnswers(dir), org, clock).run();
  }

  private AccountListing run() {
    String base = "/orgs/" + org;
    try {
      for (JsonNode grant : answers.list(base + "/personal-access-tokens", "")) {
        listed.add(fineGrained(grant, false));
      }
    } catch (ListingException e) {
      if (e.refusedCredential()) {
        problems.add(e.getMessage());
        return listing();
      }
      problems.add(
          "fine-grained tokens not listed (needs an organisation owner): " + e.getMessage());
    }
    try {
      for (JsonNode request : answers.list(base + "/personal-access-token-requests", "")) {
        listed.add(fineGrained(request, true));
      }
    } catch (ListingException e) {
      problems.add("pending fine-grained token requests not listed: " + e.getMessage());
    }
    try {
      for (JsonNode authorization : answers.list(base + "/credential-authorizations", "")) {
        listed.add(authorization(authorization));
      }
    } catch (ListingException e) {
      // An organisation without SAML single sign-on has no credential authorizations: GitHub
      // answers 404, which is not a gap in the listing.
      if (!e.getMessage().contains("HTTP 404")) {
        problems.add("SAML credential authorizations not listed: " + e.getMessage());
      }
    }
    try {
      for (JsonNode installation : answers.list(base + "/installations", "/installations")) {
        listed.add(installation(installation));
      }
    } catch (ListingException e) {
      problems.add("GitHub App installations not listed: " + e.getMessage());
    }
    try {
      answers
          .list(base + "/actions/secrets", "/secrets")
          .forEach(s -> secretNames.add(s.path("name").asText()));
    } catch (ListingException e) {
      problems.add("organisation Actions secret names not listed: " + e.getMessage());
    }
    List<JsonNode> repos;
    try {
      repos = answers.list(base + "/repos", "");
    } catch (ListingException e) {
      problems.add(
          "repositories not listed, so no deploy keys or repository secrets: " + e.getMessage());
      repos = List.of();
    }
    for (JsonNode repo : repos) {
      String fullName = repo.path("full_name").asText(org + "/" + repo.path("name").asText());
      if (!fullName.matches("[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")
          || fullName.contains("..")) {
        problems.add("repository name '" + fullName + "' is not a GitHub name; skipped");
        continue;
      }
      try {
        for (JsonNode key : answers.list("/repos/" + fullName + "/keys", "")) {
          listed.add(deployKey(fullName, key));
        }
      } catch (ListingException e) {
        problems.add("deploy keys of " + fullName + " not listed: " + e.getMessage());
      }
      try {
        answers
            .list("/repos/" + fullName + "/actions/secrets", "/secrets")
            .forEach(s -> secretNames.add(fullName + "/" + s.path("name").asText()));
      } catch (ListingException e) {
        problems.add("Actions secret names of " + fullName + " not listed: " + e.getMessage());
      }
    }
    return listing();
  }

  private AccountListing listing() {
    return new AccountListing(
        "github",
        "GitHub organisation " + org + " (" + answers.describe() + ")",
        listed,
        secretNames,
        problems,
        answers.notes());
  }

  /** An approved fine-grained token (grant) or a pending request for one. */
  private ListedCredential fineGrained(JsonNode node, boolean request) {
    String owner = node.path("owner").path("login").asText(null);
    String tokenId = node.path("token_id").asText(node.path("id").asText());
    String name = node.path("token_name").asText(null);
    List<Permission> permissions = new ArrayList<>();
    String resource =
        "subset".equals(node.path("repository_selection").asText())
            ? org + "/(selected)"
            : org + "/*";
    node.path("permissions")
        .fields()
        .forEachRemaining(
            group ->
                group
                    .getValue()
                    .fields()
                    .forEachRemaining(
                        p ->
                            permissions.add(
                                Permission.of(
                                    p.getKey() + ":" + p.getValue().asText(),
                                    group.getKey().equals("repository") ? resource : org,
                                    level(p.getValue().asText())))));
    boolean expired = node.path("token_expired").asBoolean(false);
    Map<String, String> details = details(tokenId, name);
    details.put("repository_selection", node.path("repository_selection").asText(""));
    if (request) {
      details.put("pending_request", node.path("id").asText());
    }
    String kind = request ? "fine-grained-pat-request" : "fine-grained-pat";
    Grant grant =
        new Grant(
            new Identity("github", owner, org, kind, details),
            List.of(),
            // A pending request grants nothing yet: what it asks for is kept in the evidence.
            request ? List.of() : permissions,
            instant(node.path(request ? "created_at" : "access_granted_at")),
            instant(node.path("token_expires_at")),
            instant(node.path("token_last_used_at")),
            expired ? GrantStatus.REVOKED : request ? GrantStatus.UNKNOWN : GrantStatus.ACTIVE,
            expired
                ? "the token has expired"
                : request
                    ? "a pending request: it grants nothing until an owner approves it"
                    : null,
            List.of(
                (request ? "requests " : "granted ")
                    + permissions.stream().map(Permission::action).toList()
                    + " on "
                    + node.path("repository_selection").asText("?")
                    + " repositories"));
    return new ListedCredential(
        "github",
        kind,
        tokenId,
        name,
        "github "
            + (request ? "pending request for a " : "")
            + "fine-grained token '"
            + name
            + "' of "
            + owner,
        grant,
        null);
  }

  /** A classic token, SSH key or other credential authorised for the organisation's SSO. */
  private ListedCredential authorization(JsonNode node) {
    String login = node.path("login").asText(null);
    String id = node.path("credential_id").asText();
    String type = node.path("credential_type").asText("credential");
    String title = node.path("authorized_credential_title").asText(null);
    String lastEight = node.path("token_last_eight").asText(null);
    List<Permission> permissions = new ArrayList<>();
    node.path("scopes")
        .forEach(
            s -> permissions.add(Permission.of(s.asText(), "*", GitHubScopes.access(s.asText()))));
    Map<String, String> details = details(id, title);
    details.put("credential_type", type);
    String kind =
        type.toLowerCase(java.util.Locale.ROOT).contains("ssh") ? "ssh-key" : "classic-pat";
    Grant grant =
        new Grant(
            new Identity("github", login, org, kind, details),
            List.of(),
            permissions,
            instant(node.path("credential_authorized_at")),
            instant(node.path("authorized_credential_expires_at")),
            instant(node.path("credential_accessed_at")),
            GrantStatus.ACTIVE,
            null,
            List.of(
                "authorised for SAML SSO with scopes "
                    + permissions.stream().map(Permission::action).toList()));
    return new ListedCredential(
        "github",
        kind,
        id,
        title,
        "github " + type + " of " + login + " authorised for " + org + " SSO",
        grant,
        lastEight != null && lastEight.length() == 8 ? lastEight : null);
  }

  private ListedCredential installation(JsonNode node) {
    String id = node.path("id").asText();
    String app = node.path("app_slug").asText("app " + node.path("app_id").asText());
    String resource =
        "selected".equals(node.path("repository_selection").asText())
            ? org + "/(selected)"
            : org + "/*";
    List<Permission> permissions = new ArrayList<>();
    node.path("permissions")
        .fields()
        .forEachRemaining(
            p ->
                permissions.add(
                    Permission.of(
                        p.getKey() + ":" + p.getValue().asText(),
                        resource,
                        level(p.getValue().asText()))));
    boolean suspended = node.hasNonNull("suspended_at");
    Map<String, String> details = details(id, app);
    Grant grant =
        new Grant(
            new Identity("github", app, org, "app-installation", details),
            List.of(),
            permissions,
            instant(node.path("created_at")),
            null,
            null,
            suspended ? GrantStatus.REVOKED : GrantStatus.ACTIVE,
            suspended ? "the installation is suspended" : null,
            List.of(
                "installation permissions "
                    + permissions.stream().map(Permission::action).toList()));
    return new ListedCredential(
        "github",
        "app-installation",
        id,
        app,
        "github app installation " + app + " on " + org,
        grant,
        null);
  }

  private ListedCredential deployKey(String repo, JsonNode node) {
    String id = node.path("id").asText();
    String title = node.path("title").asText(null);
    boolean readOnly = node.path("read_only").asBoolean(true);
    Map<String, String> details = details(id, title);
    details.put("repository", repo);
    Grant grant =
        new Grant(
            new Identity("github", "deploy-key:" + repo + "/" + id, org, "deploy-key", details),
            List.of(),
            List.of(
                readOnly
                    ? Permission.of("deploy_key:read", repo, Access.READ)
                    : Permission.of("deploy_key:write", repo, Access.WRITE)),
            instant(node.path("created_at")),
            null,
            instant(node.path("last_used")),
            GrantStatus.ACTIVE,
            null,
            List.of("deploy key of " + repo + (readOnly ? ", read-only" : ", read-write")));
    return new ListedCredential(
        "github",
        "deploy-key",
        id,
        title,
        "github deploy key '" + title + "' of " + repo,
        grant,
        null);
  }

  private static Map<String, String> details(String id, String name) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("token_id", id);
    if (name != null) {
      details.put("token_name", name);
    }
    return details;
  }

  private static Access level(String level) {
    return switch (level) {
      case "admin" -> Access.ADMIN;
      case "write" -> Access.WRITE;
      default -> Access.READ;
    };
  }

  private static Instant instant(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(node.asText()).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
