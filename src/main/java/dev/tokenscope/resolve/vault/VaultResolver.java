package dev.tokenscope.resolve.vault;

import static dev.tokenscope.http.AllowedRequest.get;
import static dev.tokenscope.http.AllowedRequest.readOnlyPost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves HashiCorp Vault tokens ({@code hvs.}, {@code hvb.}, legacy {@code s.}). Vault has no
 * public endpoint, so nothing is sent until {@code providers.vault.base_url} names the user's own
 * Vault (and {@code namespace}, for Vault Enterprise or HCP, sent as {@code X-Vault-Namespace}): a
 * guessed address could hand the token to whatever listens there.
 *
 * <p>Calls:
 *
 * <ul>
 *   <li>{@code GET /v1/auth/token/lookup-self}: policies, TTL, renewable, orphan, expiry. The
 *       answer also holds the token itself ({@code data.id}), which is never kept.
 *   <li>{@code GET /v1/sys/mounts}: the secret engines, when the token may list them.
 *   <li>{@code POST /v1/sys/capabilities-self}: Vault evaluates the token's own policies on the
 *       given paths and returns the capabilities; it is a query by POST only because it takes a
 *       body, and Vault documents it as changing nothing. Paths asked: {@code sys/}, the policy,
 *       auth and mount management paths, {@code auth/token/create}, the raft snapshot and every
 *       secret mount.
 * </ul>
 *
 * A {@code root} policy or {@code sudo} on {@code sys/} is admin-equivalent (policy file).
 */
public final class VaultResolver implements Resolver {
  /** The token's own record: policies, TTL, its accessor (and the token itself, never kept). */
  static final String LOOKUP_SELF = "/v1/auth/token/lookup-self";

  static final AllowList ALLOW_LIST =
      AllowList.of(
          "vault",
          get(LOOKUP_SELF),
          get("/v1/sys/mounts"),
          readOnlyPost("/v1/sys/capabilities-self"));
  static final List<String> SYSTEM_PATHS =
      List.of(
          "sys/",
          "sys/mounts/",
          "sys/auth/",
          "sys/policies/acl/",
          "sys/policy/",
          "auth/token/create",
          "auth/",
          "sys/storage/raft/snapshot",
          "sys/raw/");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String provider() {
    return "vault";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "vault".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String token = credential.secret().reveal();
    Identity unknown = new Identity("vault", null, null, tokenType(token), Map.of());
    String baseUrl = context.config().baseUrl("vault", null);
    if (baseUrl == null) {
      return Grant.unresolved(
          unknown,
          GrantStatus.UNKNOWN,
          "Vault has no public address: set providers.vault.base_url in .tokenscope.yaml to your Vault to resolve Vault tokens");
    }
    SafeHttpClient http = context.client(ALLOW_LIST, baseUrl);
    String namespace = context.config().namespace("vault");
    Map<String, String> headers = headers(token, namespace);
    try {
      HttpResult lookup = http.get(LOOKUP_SELF, headers);
      if (lookup.status() == 403 || lookup.status() == 401) {
        // A proxy's HTML 403 is not Vault's verdict: only Vault's own JSON error is.
        JsonAnswer.read(lookup, "vault", "GET /v1/auth/token/lookup-self");
        return Grant.unresolved(
            unknown,
            GrantStatus.INVALID,
            "Vault answers 'permission denied' to auth/token/lookup-self: the token is revoked, expired or unknown"
                + " (Vault does not say which; a valid token created without the default policy is answered the same)");
      }
      if (!lookup.ok()) {
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "Vault answered GET /v1/auth/token/lookup-self with HTTP " + lookup.status());
      }
      JsonNode data =
          JsonAnswer.read(lookup, "vault", "GET /v1/auth/token/lookup-self").path("data");
      List<String> policies = new ArrayList<>();
      data.path("policies").forEach(p -> policies.add(p.asText()));
      Map<String, String> details = new LinkedHashMap<>();
      details.put("policies", String.join(",", policies));
      details.put("ttl_seconds", data.path("ttl").asText(""));
      details.put("renewable", data.path("renewable").asText(""));
      details.put("orphan", data.path("orphan").asText(""));
      details.put("type", data.path("type").asText(""));
      details.put("path", data.path("path").asText(""));
      if (namespace != null) {
        details.put("namespace", namespace);
      }
      Instant expires = JsonAnswer.instant(data.get("expire_time"));
      Instant created =
          data.hasNonNull("creation_time")
              ? Instant.ofEpochSecond(data.get("creation_time").asLong())
              : JsonAnswer.instant(data.get("issue_time"));
      List<String> evidence = new ArrayList<>();
      evidence.add(
          "lookup-self: policies "
              + policies
              + ", ttl "
              + data.path("ttl").asText()
              + "s, renewable "
              + data.path("renewable").asText()
              + ", orphan "
              + data.path("orphan").asText());
      if (expires == null) {
        evidence.add("no expire_time: the token never expires");
      }
      List<Permission> permissions = new ArrayList<>();
      if (policies.contains("root")) {
        permissions.add(Permission.of("root:*", "*", Access.ADMIN));
        evidence.add("the root policy allows everything on every path");
      } else {
        capabilities(http, headers, permissions, evidence);
      }
      Identity identity =
          new Identity(
              "vault",
              data.path("display_name").asText(null),
              namespace,
              data.path("type").asText(unknown.tokenType()),
              details);
      return new Grant(
          identity,
          List.of(),
          permissions,
          created,
          expires,
          null,
          GrantStatus.ACTIVE,
          null,
          evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }

  private static void capabilities(
      SafeHttpClient http,
      Map<String, String> headers,
      List<Permission> permissions,
      List<String> evidence)
      throws ProviderUnreachableException, UnexpectedAnswerException {
    Set<String> paths = new LinkedHashSet<>(SYSTEM_PATHS);
    HttpResult mounts = http.get("/v1/sys/mounts", headers);
    if (mounts.ok()) {
      JsonNode body = JsonAnswer.read(mounts, "vault", "GET /v1/sys/mounts");
      JsonNode table = body.has("data") ? body.get("data") : body;
      List<String> listed = new ArrayList<>();
      table
          .fields()
          .forEachRemaining(
              e -> {
                // cubbyhole is private to each token and identity is Vault's own: neither holds
                // shared secrets.
                String mountType = e.getValue().path("type").asText("");
                if (e.getKey().endsWith("/")
                    && e.getValue().isObject()
                    && e.getValue().has("type")
                    && !mountType.equals("cubbyhole")
                    && !mountType.equals("identity")) {
                  listed.add(e.getKey());
                }
              });
      paths.addAll(listed);
      evidence.add("sys/mounts: " + listed);
    } else {
      paths.add("secret/");
      evidence.add(
          "GET /v1/sys/mounts answered HTTP "
              + mounts.status()
              + ": mounts not listed, checked secret/ only");
    }
    ObjectNode request = JSON.createObjectNode();
    request.set("paths", JSON.valueToTree(List.copyOf(paths)));
    HttpResult answer =
        http.post("/v1/sys/capabilities-self", request.toString(), "application/json", headers);
    if (!answer.ok()) {
      evidence.add(
          "POST /v1/sys/capabilities-self answered HTTP "
              + answer.status()
              + ": capabilities unknown");
      return;
    }
    JsonNode body = JsonAnswer.read(answer, "vault", "POST /v1/sys/capabilities-self");
    JsonNode table = body.has("data") && body.get("data").isObject() ? body.get("data") : body;
    for (String path : paths) {
      JsonNode caps = table.path(path);
      List<String> granted = new ArrayList<>();
      caps.forEach(c -> granted.add(c.asText()));
      granted.remove("deny");
      if (!granted.isEmpty()) {
        evidence.add("capabilities on " + path + ": " + granted);
      }
      for (String capability : granted) {
        permissions.add(Permission.of(capability + ":" + path, path, access(capability, path)));
      }
    }
  }

  /**
   * The headers every Vault request carries a token in, with the namespace (Vault Enterprise, HCP)
   * when the config names one.
   */
  static Map<String, String> headers(String token, String namespace) {
    Map<String, String> headers =
        new HashMap<>(Map.of("X-Vault-Token", token, "User-Agent", "tokenscope"));
    if (namespace != null) {
      headers.put("X-Vault-Namespace", namespace);
    }
    return headers;
  }

  static Access access(String capability, String path) {
    boolean governance =
        path.startsWith("sys/policies")
            || path.startsWith("sys/policy")
            || path.startsWith("auth/token/create")
            || path.startsWith("sys/auth");
    return switch (capability) {
      case "root", "sudo" -> Access.ADMIN;
      case "create", "update", "patch" -> governance ? Access.PERMISSIONS : Access.WRITE;
      case "delete" -> Access.DELETE;
      case "list" -> Access.LIST;
      default -> Access.READ;
    };
  }

  static String tokenType(String token) {
    if (token.startsWith("hvb.") || token.startsWith("b.")) {
      return "batch";
    }
    if (token.startsWith("hvr.") || token.startsWith("r.")) {
      return "recovery";
    }
    return "service";
  }
}
