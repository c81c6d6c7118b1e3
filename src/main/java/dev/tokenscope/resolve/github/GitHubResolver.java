package dev.tokenscope.resolve.github;

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
import dev.tokenscope.resolve.TokenChecksum;
import dev.tokenscope.resolve.UnexpectedAnswerException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves GitHub tokens: classic personal access tokens ({@code ghp_}), fine-grained ones ({@code
 * github_pat_}), OAuth app tokens ({@code gho_}), GitHub App user tokens ({@code ghu_}) and
 * installation tokens ({@code ghs_}). The base URL is configurable for GitHub Enterprise Server
 * ({@code https://HOST/api/v3}).
 *
 * <p>Calls, all {@code GET}, which GitHub documents as reads that change nothing:
 *
 * <ul>
 *   <li>{@code GET /user}: the login; the {@code X-OAuth-Scopes} header lists a classic or OAuth
 *       token's scopes, {@code GitHub-Authentication-Token-Expiration} its expiry.
 *   <li>{@code GET /user/orgs}: for classic and OAuth tokens, the organizations the user belongs
 *       to, where organization scopes such as {@code admin:org} apply.
 *   <li>{@code GET /user/repos}: the repositories a fine-grained or App user token reaches, with
 *       the user's role on each (the token can do at most that).
 *   <li>{@code GET /installation/repositories}: the repositories an installation token reaches.
 *   <li>Probes on the first {@value #PROBED_REPOSITORIES} repositories of a fine-grained token:
 *       {@code GET /repos/{o}/{r}/actions/secrets}, {@code /hooks}, {@code /actions/permissions}. A
 *       200 proves the token holds the read side of the {@code secrets}, {@code webhooks} or {@code
 *       administration} permission; write access cannot be proven without writing, so the user's
 *       role stays a conditional ceiling.
 * </ul>
 */
public final class GitHubResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://api.github.com";
  static final int PROBED_REPOSITORIES = 10;
  private static final String REPO = "/repos/[^/]+/[^/]+";
  static final AllowList ALLOW_LIST =
      AllowList.of(
          "github",
          get("/user"),
          get("/user/orgs"),
          get("/user/repos"),
          get("/installation/repositories"),
          get(REPO + "/actions/secrets"),
          get(REPO + "/hooks"),
          get(REPO + "/actions/permissions"));

  /** Fine-grained permission probes: the permission a 200 proves, and the path under the repo. */
  private static final Map<String, String> PROBES = new LinkedHashMap<>();

  static {
    PROBES.put("secrets:read", "/actions/secrets?per_page=1");
    PROBES.put("webhooks:read", "/hooks?per_page=1");
    PROBES.put("administration:read", "/actions/permissions");
  }

  @Override
  public String provider() {
    return "github";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "github".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String token = credential.secret().reveal();
    String type = tokenType(token);
    Identity unknownIdentity = new Identity("github", null, null, type, Map.of());
    if (type.equals("refresh-token")) {
      return Grant.unresolved(
          unknownIdentity,
          GrantStatus.UNKNOWN,
          "a GitHub refresh token (ghr_) is only exchanged for an access token, which tokenscope does not do: it would create a new credential");
    }
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers =
        Map.of(
            "Authorization",
            "Bearer " + token,
            "Accept",
            "application/vnd.github+json",
            "X-GitHub-Api-Version",
            "2022-11-28",
            "User-Agent",
            "tokenscope");
    try {
      if (type.equals("app-installation")) {
        return installation(http, headers, token, unknownIdentity);
      }
      HttpResult user = http.get("/user", headers);
      Grant refused = refusal(user, token, unknownIdentity, "GET /user");
      if (refused != null) {
        return refused;
      }
      JsonNode body = JsonAnswer.read(user, "github", "GET /user");
      String login = body.path("login").asText(null);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("user_type", body.path("type").asText(""));
      if (body.hasNonNull("id")) {
        details.put("user_id", body.get("id").asText());
      }
      Instant expires = expiration(user.header("github-authentication-token-expiration"));
      String scopes = user.header("x-oauth-scopes");
      if (type.equals("app-user")) {
        // A GitHub App user token has no OAuth scopes: GitHub sends X-OAuth-Scopes empty or not
        // at all. It acts with the App's permissions within what the user can do, so it is read
        // like a fine-grained token whichever way the header comes.
        details.put(
            "x_oauth_scopes", scopes == null ? "absent" : scopes.isBlank() ? "empty" : scopes);
        return fineGrained(http, headers, login, type, details, expires);
      }
      if (scopes != null) {
        Grant grant = classic(scopes, login, type, details, expires);
        return withOrganizations(http, headers, grant);
      }
      return fineGrained(http, headers, login, type, details, expires);
    } catch (ProviderUnreachableException e) {
      return Grant.unresolved(unknownIdentity, GrantStatus.UNKNOWN, e.getMessage());
    } catch (UnexpectedAnswerException e) {
      return Grant.unresolved(unknownIdentity, GrantStatus.UNKNOWN, e.getMessage());
    }
  }

  static String tokenType(String token) {
    if (token.startsWith("github_pat_")) {
      return "fine-grained-pat";
    }
    if (token.startsWith("ghp_")) {
      return "classic-pat";
    }
    if (token.startsWith("gho_")) {
      return "oauth-app";
    }
    if (token.startsWith("ghu_")) {
      return "app-user";
    }
    if (token.startsWith("ghs_")) {
      return "app-installation";
    }
    if (token.startsWith("ghr_")) {
      return "refresh-token";
    }
    return "classic-pat-legacy";
  }

  private static Grant classic(
      String scopeHeader, String login, String type, Map<String, String> details, Instant expires) {
    List<Permission> permissions = new ArrayList<>();
    for (String scope : scopeHeader.split(",")) {
      String name = scope.strip();
      if (!name.isEmpty()) {
        permissions.add(Permission.of(name, "*", GitHubScopes.access(name)));
      }
    }
    List<String> evidence = new ArrayList<>();
    evidence.add("X-OAuth-Scopes: " + scopeHeader.strip());
    evidence.add(
        "classic scopes apply to every repository and organization "
            + login
            + " can reach (resource *)");
    if (expires == null) {
      evidence.add("no GitHub-Authentication-Token-Expiration header: the token does not expire");
    }
    Identity identity = new Identity("github", login, login, type, details);
    return new Grant(
        identity, List.of(), permissions, null, expires, null, GrantStatus.ACTIVE, null, evidence);
  }

  private static Grant withOrganizations(
      SafeHttpClient http, Map<String, String> headers, Grant grant)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    HttpResult answer = http.get("/user/orgs?per_page=100", headers);
    List<String> evidence = new ArrayList<>();
    Map<String, String> details = new LinkedHashMap<>(grant.identity().details());
    if (answer.ok()) {
      List<String> orgs = new ArrayList<>();
      JsonNode list = JsonAnswer.read(answer, "github", "GET /user/orgs");
      if (!list.isArray()) {
        throw new UnexpectedAnswerException(
            "github answered GET /user/orgs with JSON that is not a list");
      }
      list.forEach(o -> orgs.add(o.path("login").asText()));
      details.put("orgs", String.join(",", orgs));
      evidence.add(
          "GET /user/orgs: "
              + (orgs.isEmpty() ? "no organizations" : String.join(", ", orgs))
              + " (private memberships need read:org)");
    } else {
      evidence.add(
          "GET /user/orgs answered HTTP " + answer.status() + ": organizations not listed");
    }
    Identity i = grant.identity();
    Identity identity =
        new Identity(i.provider(), i.principal(), i.account(), i.tokenType(), details);
    return grant.withIdentity(identity, evidence);
  }

  private Grant fineGrained(
      SafeHttpClient http,
      Map<String, String> headers,
      String login,
      String type,
      Map<String, String> details,
      Instant expires)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    HttpResult listing = http.get("/user/repos?per_page=100", headers);
    List<String> evidence = new ArrayList<>();
    List<Permission> permissions = new ArrayList<>();
    Set<String> owners = new LinkedHashSet<>();
    if (!listing.ok()) {
      evidence.add(
          "GET /user/repos answered HTTP " + listing.status() + ": repositories not listed");
    } else {
      JsonNode repos = JsonAnswer.read(listing, "github", "GET /user/repos");
      evidence.add(
          "GET /user/repos: "
              + repos.size()
              + " repositories reachable"
              + (repos.size() == 100 ? " (first page only)" : ""));
      // A fine-grained (or App user) token's /user/repos also lists public repositories it was
      // never given: anyone may read those. Private ones are listed only when the token reaches
      // them, so they count at once; a public one counts only when a probe proves the token's
      // access to it.
      List<JsonNode> privateFirst = new ArrayList<>();
      List<JsonNode> publicOnes = new ArrayList<>();
      repos.forEach(r -> (isPublic(r) ? publicOnes : privateFirst).add(r));
      privateFirst.addAll(publicOnes);
      int probed = 0;
      List<String> publicUnproven = new ArrayList<>();
      for (JsonNode repo : privateFirst) {
        String fullName = repo.path("full_name").asText();
        String role = role(repo.path("permissions"));
        boolean proven = false;
        if (probed++ < PROBED_REPOSITORIES) {
          proven = probe(http, headers, fullName, permissions, evidence);
        }
        if (isPublic(repo) && !proven) {
          publicUnproven.add(fullName);
          continue;
        }
        owners.add(repo.path("owner").path("login").asText());
        // The token's own permissions are not readable through the API: the user's role is the
        // ceiling.
        permissions.add(new Permission("role:" + role, fullName, roleAccess(role), true));
      }
      if (!publicUnproven.isEmpty()) {
        evidence.add(
            "GET /user/repos also listed "
                + publicUnproven.size()
                + " public repositories ("
                + String.join(", ", publicUnproven.subList(0, Math.min(5, publicUnproven.size())))
                + (publicUnproven.size() > 5 ? ", …" : "")
                + ") that any token can read; nothing shows this token was given them, so they"
                + " are not counted as reachable");
      }
      if (repos.size() > PROBED_REPOSITORIES) {
        evidence.add(
            "permission probes ran on the first " + PROBED_REPOSITORIES + " repositories only");
      }
    }
    evidence.add(
        "write permissions of a fine-grained token cannot be probed without writing; role:* permissions are the user's role, an upper bound");
    details.put("owners", String.join(",", owners));
    Identity identity =
        new Identity(
            "github", login, owners.size() == 1 ? owners.iterator().next() : login, type, details);
    return new Grant(
        identity, List.of(), permissions, null, expires, null, GrantStatus.ACTIVE, null, evidence);
  }

  private static boolean isPublic(JsonNode repo) {
    return repo.path("private").isBoolean() && !repo.get("private").asBoolean();
  }

  /** Runs the probes on one repository; true when one proved a permission of the token there. */
  private static boolean probe(
      SafeHttpClient http,
      Map<String, String> headers,
      String fullName,
      List<Permission> permissions,
      List<String> evidence)
      throws ProviderUnreachableException {
    boolean proven = false;
    for (Map.Entry<String, String> probe : PROBES.entrySet()) {
      String path = "/repos/" + fullName + probe.getValue();
      HttpResult result = http.get(path, headers);
      if (result.ok()) {
        proven = true;
        permissions.add(Permission.of(probe.getKey(), fullName, Access.READ));
        evidence.add("GET " + path.replaceAll("\\?.*", "") + ": 200, so " + probe.getKey());
      } else {
        String needs = result.header("x-accepted-github-permissions");
        evidence.add(
            "GET "
                + path.replaceAll("\\?.*", "")
                + ": "
                + result.status()
                + (needs == null ? "" : " (needs " + needs + ")"));
      }
    }
    return proven;
  }

  private Grant installation(
      SafeHttpClient http, Map<String, String> headers, String token, Identity unknownIdentity)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    HttpResult listing = http.get("/installation/repositories?per_page=100", headers);
    Grant refused = refusal(listing, token, unknownIdentity, "GET /installation/repositories");
    if (refused != null) {
      return refused;
    }
    JsonNode body = JsonAnswer.read(listing, "github", "GET /installation/repositories");
    List<Permission> permissions = new ArrayList<>();
    Set<String> owners = new LinkedHashSet<>();
    for (JsonNode repo : body.path("repositories")) {
      owners.add(repo.path("owner").path("login").asText());
      permissions.add(
          new Permission("installation", repo.path("full_name").asText(), Access.WRITE, true));
    }
    List<String> evidence =
        List.of(
            "GET /installation/repositories: "
                + body.path("total_count").asInt(permissions.size())
                + " repositories",
            "an installation token holds the permissions granted to the GitHub App installation; they are readable only with the App's own key",
            "installation tokens expire one hour after they are created");
    String account = owners.size() == 1 ? owners.iterator().next() : null;
    Identity identity =
        new Identity(
            "github",
            "app installation" + (account == null ? "" : " on " + account),
            account,
            "app-installation",
            Map.of());
    return new Grant(
        identity, List.of(), permissions, null, null, null, GrantStatus.ACTIVE, null, evidence);
  }

  /** A grant for an answer that refuses the token, or null when the answer is a success. */
  private static Grant refusal(HttpResult result, String token, Identity identity, String request)
      throws UnexpectedAnswerException {
    if (result.ok()) {
      return null;
    }
    // A proxy's HTML error page is not GitHub's verdict: only GitHub's own JSON error is.
    JsonAnswer.read(result, "github", request);
    if (result.status() == 401) {
      String prefix = prefixOf(token);
      if (prefix == null) {
        return Grant.unresolved(
            identity,
            GrantStatus.INVALID,
            "GitHub answers 401 Bad credentials: the token was revoked, has expired or never existed (its format carries no checksum to tell which)");
      }
      boolean issued = TokenChecksum.holds(token, prefix);
      return Grant.unresolved(
          identity,
          issued ? GrantStatus.REVOKED : GrantStatus.INVALID,
          issued
              ? "GitHub answers 401 Bad credentials; the token's checksum is valid, so GitHub issued it and it was revoked or has expired"
              : "GitHub answers 401 Bad credentials and the token's checksum fails: GitHub never issued it");
    }
    if ("0".equals(result.header("x-ratelimit-remaining"))) {
      String reset = result.header("x-ratelimit-reset");
      String when =
          reset == null || !reset.strip().matches("\\d{1,12}")
              ? ""
              : " until " + Instant.ofEpochSecond(Long.parseLong(reset.strip()));
      return Grant.unresolved(
          identity,
          GrantStatus.UNKNOWN,
          "GitHub rate limit for this token is exhausted" + when + "; run again later");
    }
    return Grant.unresolved(
        identity,
        GrantStatus.UNKNOWN,
        "GitHub answered " + request + " with HTTP " + result.status());
  }

  private static String prefixOf(String token) {
    int underscore = token.indexOf('_');
    return underscore < 0 || token.startsWith("github_pat_")
        ? null
        : token.substring(0, underscore + 1);
  }

  private static String role(JsonNode permissions) {
    for (String role : List.of("admin", "maintain", "push", "triage", "pull")) {
      if (permissions.path(role).asBoolean(false)) {
        return role;
      }
    }
    return "pull";
  }

  private static Access roleAccess(String role) {
    return switch (role) {
      case "admin" -> Access.ADMIN;
      case "maintain", "push" -> Access.WRITE;
      default -> Access.READ;
    };
  }

  /** GitHub writes {@code 2021-10-07 19:07:53 UTC} (or an offset such as {@code -0800}). */
  static Instant expiration(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String text = header.strip();
    try {
      if (text.endsWith(" UTC")) {
        return LocalDateTime.parse(
                text.substring(0, text.length() - 4),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
            .toInstant(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx"))
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
