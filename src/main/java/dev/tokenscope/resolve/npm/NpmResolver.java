package dev.tokenscope.resolve.npm;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves npm registry access tokens ({@code npm_}, and legacy UUID tokens).
 *
 * <p>Calls, all {@code GET}, reads by the registry's API:
 *
 * <ul>
 *   <li>{@code GET /-/whoami}: the user name.
 *   <li>{@code GET /-/npm/v1/tokens}, page by page through {@code urls.next}: the user's tokens;
 *       each entry carries {@code key}, the SHA-512 of the token, so tokenscope finds its own
 *       token's entry (read-only, automation or publish, CIDR allow-list, creation) without the
 *       token appearing anywhere. npm revoked every classic token on 2025-12-09, so what leaks now
 *       are granular access tokens: their packages, scopes, organizations and expiry are not
 *       readable through the registry API, so what they may do is the user's packages as a {@code
 *       conditional} ceiling.
 *   <li>{@code GET /-/user/{name}/package}: the packages the user may read or publish.
 * </ul>
 */
public final class NpmResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://registry.npmjs.org";
  static final AllowList ALLOW_LIST =
      AllowList.of("npm", get("/-/whoami"), get("/-/npm/v1/tokens"), get("/-/user/[^/]+/package"));

  @Override
  public String provider() {
    return "npm";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "npm".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String token = credential.secret().reveal();
    Identity unknown = new Identity("npm", null, null, null, Map.of());
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers =
        Map.of(
            "Authorization",
            "Bearer " + token,
            "Accept",
            "application/json",
            "User-Agent",
            "tokenscope");
    try {
      HttpResult whoami = http.get("/-/whoami", headers);
      if (whoami.status() == 401 || whoami.status() == 403) {
        JsonAnswer.read(whoami, "npm", "GET /-/whoami");
        if (TokenChecksum.holds(token, "npm_")) {
          return Grant.unresolved(
              unknown,
              GrantStatus.REVOKED,
              "npm refuses the token (HTTP "
                  + whoami.status()
                  + "); its checksum is valid, so npm issued it and it was revoked or has expired");
        }
        return Grant.unresolved(
            unknown,
            GrantStatus.INVALID,
            "npm refuses the token (HTTP " + whoami.status() + "): revoked or never valid");
      }
      if (!whoami.ok()) {
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "npm answered GET /-/whoami with HTTP " + whoami.status());
      }
      String user = JsonAnswer.read(whoami, "npm", "GET /-/whoami").path("username").asText(null);
      List<String> evidence = new ArrayList<>();
      Map<String, String> details = new LinkedHashMap<>();
      String type = "granular";
      Instant created = null;
      TokenListing listing = listTokens(http, headers, sha512(token));
      if (listing.refusedWith() == null) {
        JsonNode entry = listing.entry();
        if (entry != null) {
          type =
              entry.path("readonly").asBoolean(false)
                  ? "read-only"
                  : entry.path("automation").asBoolean(false) ? "automation" : "publish";
          created = JsonAnswer.instant(entry.get("created"));
          if (entry.path("cidr_whitelist").isArray() && !entry.path("cidr_whitelist").isEmpty()) {
            List<String> cidrs = new ArrayList<>();
            entry.path("cidr_whitelist").forEach(c -> cidrs.add(c.asText()));
            details.put("cidr_whitelist", String.join(",", cidrs));
          }
          evidence.add(
              "GET /-/npm/v1/tokens: this token's entry says readonly="
                  + entry.path("readonly").asText()
                  + ", automation="
                  + entry.path("automation").asText());
        } else {
          evidence.add(
              "GET /-/npm/v1/tokens ("
                  + listing.pages()
                  + (listing.pages() == 1 ? " page" : " pages")
                  + (listing.truncated() ? ", stopped at the page limit" : "")
                  + "): the token is not among the user's listed tokens, so it is a granular"
                  + " access token (npm revoked all classic tokens on 2025-12-09)");
        }
      } else {
        evidence.add(
            "GET /-/npm/v1/tokens answered HTTP "
                + listing.refusedWith()
                + ": a granular token without token-management rights");
      }
      if (type.equals("automation")) {
        details.put("bypasses_2fa", "true");
      }
      List<Permission> permissions = new ArrayList<>();
      HttpResult packages =
          user == null
              ? null
              : http.get(
                  "/-/user/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/package",
                  headers);
      boolean canPublish = !type.equals("read-only");
      boolean ceiling = type.equals("granular");
      if (packages != null && packages.ok()) {
        JsonNode list = JsonAnswer.read(packages, "npm", "GET /-/user/{name}/package");
        list.fields()
            .forEachRemaining(
                e -> {
                  boolean write = e.getValue().asText().contains("write");
                  if (write && canPublish) {
                    permissions.add(
                        new Permission("package:publish", e.getKey(), Access.WRITE, ceiling));
                    permissions.add(
                        new Permission("package:unpublish", e.getKey(), Access.DELETE, ceiling));
                  } else {
                    permissions.add(
                        new Permission("package:read", e.getKey(), Access.READ, ceiling));
                  }
                });
        evidence.add("GET /-/user/" + user + "/package: " + list.size() + " packages");
      } else {
        permissions.add(
            new Permission(
                canPublish ? "package:publish" : "package:read",
                "*",
                canPublish ? Access.WRITE : Access.READ,
                ceiling));
        if (canPublish) {
          permissions.add(new Permission("package:unpublish", "*", Access.DELETE, ceiling));
        }
        evidence.add(
            "packages of "
                + user
                + " not listed; the permission applies to every package the user maintains (resource *)");
      }
      if (ceiling) {
        evidence.add(
            "a granular token's packages and scopes are not readable through the registry API: the user's packages are an upper bound");
      }
      Identity identity = new Identity("npm", user, user, type, details);
      return new Grant(
          identity,
          List.of(),
          permissions,
          created,
          null,
          null,
          GrantStatus.ACTIVE,
          null,
          evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }

  /** Most pages of the token list read before giving up (100 tokens a page). */
  static final int MAX_TOKEN_PAGES = 20;

  /**
   * What the token list said: this token's entry (null if absent), how many pages were read,
   * whether the page limit stopped the walk, or the HTTP status that refused the listing.
   */
  record TokenListing(JsonNode entry, int pages, boolean truncated, Integer refusedWith) {}

  /**
   * Walks {@code GET /-/npm/v1/tokens} page by page, following {@code urls.next} as npm's own
   * client does, until this token's entry is found. A {@code next} link is followed only for its
   * path and query, and only when its path is the token list itself: the host is always the
   * configured registry.
   */
  private static TokenListing listTokens(
      SafeHttpClient http, Map<String, String> headers, String key)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    String next = "/-/npm/v1/tokens?perPage=100";
    int pages = 0;
    while (next != null) {
      if (pages == MAX_TOKEN_PAGES) {
        return new TokenListing(null, pages, true, null);
      }
      HttpResult answer = http.get(next, headers);
      if (!answer.ok()) {
        return new TokenListing(null, pages, false, answer.status());
      }
      pages++;
      JsonNode page = JsonAnswer.read(answer, "npm", "GET /-/npm/v1/tokens");
      for (JsonNode entry : page.path("objects")) {
        if (key.equalsIgnoreCase(entry.path("key").asText())) {
          return new TokenListing(entry, pages, false, null);
        }
      }
      next = sameListing(page.path("urls").path("next").asText(null));
    }
    return new TokenListing(null, pages, false, null);
  }

  /** The path and query of a {@code urls.next} link to the token list, or null. */
  static String sameListing(String link) {
    if (link == null || link.isBlank()) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(link.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!"/-/npm/v1/tokens".equals(uri.getRawPath())) {
      return null;
    }
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  static String sha512(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-512").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
    }
  }
}
