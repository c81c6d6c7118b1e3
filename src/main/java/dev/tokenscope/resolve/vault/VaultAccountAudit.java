package dev.tokenscope.resolve.vault;

import static dev.tokenscope.http.AllowedRequest.get;
import static dev.tokenscope.http.AllowedRequest.readOnlyPost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code audit vault}: every token of a Vault, by its accessor, never the token itself:
 *
 * <ul>
 *   <li>{@code GET /v1/auth/token/accessors?list=true} (Vault's LIST, sent as GET): every accessor.
 *       Needs {@code sudo} on {@code auth/token/accessors}.
 *   <li>{@code POST /v1/auth/token/lookup-accessor} with {@code {"accessor": …}}: its policies,
 *       TTL, creation, orphan flag and display name. A POST only because it takes a body; Vault
 *       documents it as a lookup that changes nothing, and the answer's {@code id} is empty.
 *   <li>{@code GET /v1/sys/mounts}, once: the secret engines whose paths are asked about.
 *   <li>{@code POST /v1/sys/capabilities-accessor} with the accessor and paths: what the token's
 *       policies allow there, evaluated by Vault; read-only for the same reason.
 *   <li>With {@code --scan}: {@code GET /v1/auth/token/lookup-self} with each Vault token found in
 *       a file, to the audited Vault only: its {@code accessor} is the one the listing holds, which
 *       joins the two ({@link #foundTokens}). The answer also holds the token itself ({@code
 *       data.id}), which is never read.
 * </ul>
 *
 * Nothing here reads a secret, creates a token or renews a lease.
 */
public final class VaultAccountAudit {
  public static final AllowList ALLOW_LIST =
      AllowList.of(
          "vault",
          get("/v1/auth/token/accessors"),
          readOnlyPost("/v1/auth/token/lookup-accessor"),
          get("/v1/sys/mounts"),
          readOnlyPost("/v1/sys/capabilities-accessor"),
          get(VaultResolver.LOOKUP_SELF));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AccountAnswers answers;
  private final String namespace;
  private final java.time.Clock clock;
  private final List<String> problems = new ArrayList<>();
  private final List<ListedCredential> listed = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private VaultAccountAudit(AccountAnswers answers, String namespace, java.time.Clock clock) {
    this.answers = answers;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** Live, against {@code address} (never guessed: from VAULT_ADDR or the config). */
  public static AccountListing live(ResolveContext context, String token, String address) {
    SafeHttpClient http = context.client(ALLOW_LIST, address);
    String namespace = context.config().namespace("vault");
    Map<String, String> headers = VaultResolver.headers(token, namespace);
    return new VaultAccountAudit(
            new HttpAnswers(http, headers, "Vault", context.clock(), context.http().maxBackoff()),
            namespace,
            context.clock())
        .run();
  }

  /**
   * Asks the audited Vault ({@code address}, as for {@link #live}) for the accessor of each Vault
   * token found in a file. Vault answers 403 "permission denied" for a revoked, expired or unknown
   * token; a batch token has no accessor, and recovery tokens work only in recovery mode, so
   * neither can join.
   */
  public static FoundTokenLookup foundTokens(ResolveContext context, String address) {
    String namespace = context.config().namespace("vault");
    return new SelfLookup(
        context.client(ALLOW_LIST, address),
        VaultResolver.LOOKUP_SELF,
        token -> VaultResolver.headers(token, namespace),
        Set.of("vault.service-token", "vault.legacy-token"),
        Set.of(401, 403),
        "/data/accessor",
        listed -> listed.kind().equals("token"));
  }

  public static AccountListing snapshot(Path dir, java.time.Clock clock) {
    return new VaultAccountAudit(new SnapshotAnswers(dir), null, clock).run();
  }

  private AccountListing run() {
    List<String> accessors = new ArrayList<>();
    try {
      answers
          .get("/v1/auth/token/accessors?list=true")
          .at("/data/keys")
          .forEach(k -> accessors.add(k.asText()));
    } catch (ListingException e) {
      problems.add(
          "token accessors not listed (needs sudo on auth/token/accessors): " + e.getMessage());
      return listing();
    }
    Set<String> paths = new LinkedHashSet<>(VaultResolver.SYSTEM_PATHS);
    try {
      JsonNode body = answers.get("/v1/sys/mounts");
      JsonNode table = body.has("data") ? body.get("data") : body;
      table
          .fields()
          .forEachRemaining(
              e -> {
                String type = e.getValue().path("type").asText("");
                if (e.getKey().endsWith("/")
                    && e.getValue().has("type")
                    && !type.equals("cubbyhole")
                    && !type.equals("identity")) {
                  paths.add(e.getKey());
                }
              });
    } catch (ListingException e) {
      paths.add("secret/");
      notes.add(
          "secret engines not listed ("
              + e.getMessage()
              + "): capabilities checked on secret/ only");
    }
    for (String accessor : accessors) {
      if (!accessor.matches("[A-Za-z0-9._-]{1,128}")) {
        problems.add("accessor '" + accessor + "' is not an accessor; skipped");
        continue;
      }
      ObjectNode question = JSON.createObjectNode().put("accessor", accessor);
      JsonNode data;
      try {
        data =
            answers
                .post(
                    "/v1/auth/token/lookup-accessor",
                    question.toString(),
                    "/v1/auth/token/lookup-accessor/" + accessor)
                .path("data");
      } catch (ListingException e) {
        if (e.getMessage().contains("HTTP 400")) {
          // Revoked or expired between the LIST and the lookup: gone, nothing to assess.
          notes.add("accessor " + accessor + " was gone by the time it was looked up");
        } else {
          problems.add("accessor " + accessor + " not looked up: " + e.getMessage());
        }
        continue;
      }
      listed.add(token(accessor, data, paths));
    }
    return listing();
  }

  private ListedCredential token(String accessor, JsonNode data, Set<String> paths) {
    List<String> policies = new ArrayList<>();
    data.path("policies").forEach(p -> policies.add(p.asText()));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("token_id", accessor);
    String name = data.path("display_name").asText(null);
    if (name != null) {
      details.put("token_name", name);
    }
    details.put("policies", String.join(",", policies));
    details.put("ttl_seconds", data.path("ttl").asText(""));
    details.put("orphan", data.path("orphan").asText(""));
    details.put("path", data.path("path").asText(""));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "lookup-accessor: policies "
            + policies
            + ", ttl "
            + data.path("ttl").asText()
            + "s, orphan "
            + data.path("orphan").asText());
    List<Permission> permissions = new ArrayList<>();
    if (policies.contains("root")) {
      permissions.add(Permission.of("root:*", "*", Access.ADMIN));
      evidence.add("the root policy allows everything on every path");
    } else {
      capabilities(accessor, paths, permissions, evidence);
    }
    Instant created =
        data.hasNonNull("creation_time")
            ? Instant.ofEpochSecond(data.get("creation_time").asLong())
            : null;
    Instant expires = instant(data.path("expire_time"));
    if (expires == null) {
      evidence.add("no expire_time: the token never expires");
    }
    Grant grant =
        new Grant(
            new Identity("vault", name, namespace, data.path("type").asText("service"), details),
            List.of(),
            permissions,
            created,
            expires,
            null,
            GrantStatus.ACTIVE,
            null,
            evidence);
    return new ListedCredential(
        "vault",
        "token",
        accessor,
        name,
        "vault token accessor " + accessor + " (" + name + ")",
        grant,
        null);
  }

  private void capabilities(
      String accessor, Set<String> paths, List<Permission> permissions, List<String> evidence) {
    ObjectNode question = JSON.createObjectNode().put("accessor", accessor);
    question.set("paths", JSON.valueToTree(List.copyOf(paths)));
    JsonNode body;
    try {
      body =
          answers.post(
              "/v1/sys/capabilities-accessor",
              question.toString(),
              "/v1/sys/capabilities-accessor/" + accessor);
    } catch (ListingException e) {
      problems.add("capabilities of accessor " + accessor + " unknown: " + e.getMessage());
      return;
    }
    JsonNode table = body.has("data") && body.get("data").isObject() ? body.get("data") : body;
    for (String path : paths) {
      List<String> granted = new ArrayList<>();
      table.path(path).forEach(c -> granted.add(c.asText()));
      granted.remove("deny");
      if (!granted.isEmpty()) {
        evidence.add("capabilities on " + path + ": " + granted);
      }
      for (String capability : granted) {
        permissions.add(
            Permission.of(capability + ":" + path, path, VaultResolver.access(capability, path)));
      }
    }
  }

  private AccountListing listing() {
    List<String> all = new ArrayList<>(answers.notes());
    all.addAll(notes);
    return new AccountListing(
        "vault", "Vault (" + answers.describe() + ")", listed, List.of(), problems, all);
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
