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
 *   <li>{@code GET /-/npm/v1/tokens}: the user's tokens; each entry carries {@code key}, the
 *       SHA-512 of the token, so tokenscope finds its own token's entry (read-only, automation or
 *       publish, CIDR allow-list, creation) without the token appearing anywhere. Granular tokens
 *       may not list tokens; they are reported as granular with their package ceiling.
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
      HttpResult tokens = http.get("/-/npm/v1/tokens", headers);
      if (tokens.ok()) {
        JsonNode entry =
            ownEntry(JsonAnswer.read(tokens, "npm", "GET /-/npm/v1/tokens"), sha512(token));
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
              "GET /-/npm/v1/tokens: the token is not among the user's classic tokens, so it is a granular token");
        }
      } else {
        evidence.add(
            "GET /-/npm/v1/tokens answered HTTP "
                + tokens.status()
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

  private static JsonNode ownEntry(JsonNode list, String key) {
    for (JsonNode entry : list.path("objects")) {
      if (key.equalsIgnoreCase(entry.path("key").asText())) {
        return entry;
      }
    }
    return null;
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
