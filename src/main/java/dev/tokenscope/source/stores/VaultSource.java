package dev.tokenscope.source.stores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * HashiCorp Vault KV secrets engines, version 1 and 2 (and the older {@code generic} type), walked
 * recursively.
 *
 * <p>Calls, all GET (the allow-lists have no other method, so no write can be sent): {@code
 * sys/seal-status} (a sealed Vault is told apart from a network failure), {@code
 * auth/token/lookup-self} (an expired token is reported once, not once per path), {@code
 * sys/mounts} or {@code sys/internal/ui/mounts/<mount>} (the type and KV version of each mount),
 * then, only under mounts whose type is {@code kv} or {@code generic}, per folder a LIST sent as
 * {@code GET ...?list=true}, per secret a read of the latest version and, for KV v2, its metadata.
 *
 * <p>Why only KV: a GET under a dynamic secrets engine is not a read. {@code database/creds/<role>}
 * creates a database user, {@code aws/creds/<role>} an IAM key, {@code pki/issue/...} is POST but
 * other engines mint on GET too. So the secret reads are on a second allow-list, {@link
 * #readAllowList}, built from the KV mounts {@code sys/mounts} reported, and nothing outside them
 * can be requested.
 */
final class VaultSource implements Source {
  /**
   * The discovery calls; secret reads go through {@link #readAllowList} once the mounts are known.
   */
  static final AllowList ALLOW_LIST =
      AllowList.of(
          "vault",
          AllowedRequest.get("/v1/sys/seal-status"),
          AllowedRequest.get("/v1/auth/token/lookup-self"),
          AllowedRequest.get("/v1/sys/mounts"),
          AllowedRequest.get("/v1/sys/internal/ui/mounts/[^?]+"));

  /**
   * The reads of the given KV mounts (mount path to KV version): for version 2 only its {@code
   * data/} and {@code metadata/} trees, for version 1 and {@code generic} the mount's paths.
   */
  static AllowList readAllowList(Map<String, Integer> kvMounts) {
    List<AllowedRequest> allowed = new ArrayList<>();
    for (Map.Entry<String, Integer> mount : kvMounts.entrySet()) {
      String prefix = "/v1/" + java.util.regex.Pattern.quote(encodePath(mount.getKey()));
      allowed.add(
          AllowedRequest.get(
              mount.getValue() == 2 ? prefix + "/(data|metadata)(/[^?]*)?" : prefix + "(/[^?]*)?"));
    }
    return new AllowList("vault", allowed);
  }

  private static final int PARALLEL_READS = 8;

  private final SafeHttpClient http;
  private final HttpSettings settings;
  private final Secret token;
  private final String namespace;
  private final String mount;
  private final String startPath;
  private final Function<SourceSink, StoreScanner> scanners;

  /**
   * @param mount the KV mount to walk, or null for every KV mount the token may see
   * @param startPath the folder (or secret) under the mount to start at, or "" for all of it
   */
  VaultSource(
      URI address,
      Secret token,
      String namespace,
      String mount,
      String startPath,
      HttpSettings settings,
      Function<SourceSink, StoreScanner> scanners) {
    this.http = new SafeHttpClient(address, ALLOW_LIST, settings);
    this.settings = settings;
    this.token = token;
    this.namespace = namespace;
    this.mount = mount == null ? null : trimSlashes(mount);
    this.startPath = startPath == null ? "" : trimSlashes(startPath);
    this.scanners = scanners;
  }

  @Override
  public String describe() {
    return "Vault at " + http.baseUrl() + (namespace == null ? "" : " namespace " + namespace);
  }

  @Override
  public void read(SourceSink sink) {
    StoreScanner scanner = scanners.apply(sink);
    String where = "vault " + http.baseUrl();
    try {
      HttpResult seal = http.get("/v1/sys/seal-status", Map.of());
      if (seal.ok() && json(seal).path("sealed").asBoolean(false)) {
        sink.problem(
            where,
            "Vault is sealed: nothing can be read until it is unsealed (vault operator unseal), then scan again");
        return;
      }
      HttpResult self = http.get("/v1/auth/token/lookup-self", headers());
      if (self.status() == 403 || self.status() == 401) {
        sink.problem(
            where,
            "Vault rejected the token ("
                + errors(self)
                + "): it is expired, revoked, from another namespace, or lacks the default policy;"
                + " log in again (vault login) or give a valid token with VAULT_TOKEN or --vault-token-file");
        return;
      }
      Map<String, Integer> kvMounts = mounts(sink);
      SafeHttpClient reads = new SafeHttpClient(http.baseUrl(), readAllowList(kvMounts), settings);
      for (Map.Entry<String, Integer> kv : kvMounts.entrySet()) {
        walk(reads, kv.getKey(), kv.getValue(), scanner);
      }
    } catch (ProviderUnreachableException e) {
      String sealed =
          e.getMessage().contains("HTTP 503")
              ? " (HTTP 503: a sealed or standby Vault answers this way)"
              : "";
      sink.problem(where, "cannot reach Vault: " + e.getMessage() + sealed);
    }
  }

  /** The KV mounts to walk and their versions. */
  private Map<String, Integer> mounts(SourceSink sink) throws ProviderUnreachableException {
    Map<String, Integer> found = new LinkedHashMap<>();
    if (mount != null) {
      Integer version = versionOf(mount, sink);
      if (version != null) {
        found.put(mount, version);
      }
      return found;
    }
    HttpResult result = http.get("/v1/sys/mounts", headers());
    if (!result.ok()) {
      sink.problem(
          "vault " + http.baseUrl() + "/v1/sys/mounts",
          "cannot list mounts ("
              + errors(result)
              + "); trying mount 'secret' only: name others with --vault-mount");
      Integer version = versionOf("secret", sink);
      if (version != null) {
        found.put("secret", version);
      }
      return found;
    }
    JsonNode root = json(result);
    JsonNode data = root.has("data") ? root.get("data") : root;
    Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String type = field.getValue().path("type").asText("");
      if (type.equals("kv") || type.equals("generic")) {
        found.put(
            trimSlashes(field.getKey()),
            field.getValue().path("options").path("version").asText("1").equals("2") ? 2 : 1);
      }
    }
    return found;
  }

  /**
   * The KV version of a mount the user named, from the UI mount endpoint any token with access to
   * it may read; null (and a problem) when it is not a KV mount or its type cannot be told, since a
   * read under another engine may create a credential.
   */
  private Integer versionOf(String kvMount, SourceSink sink) throws ProviderUnreachableException {
    HttpResult result = http.get("/v1/sys/internal/ui/mounts/" + encodePath(kvMount), headers());
    JsonNode data = result.ok() ? json(result).path("data") : null;
    String where = "vault://" + kvMount;
    if (data == null || data.path("type").asText("").isEmpty()) {
      sink.problem(
          where,
          "cannot tell the type of mount '"
              + kvMount
              + "' ("
              + errors(result)
              + "); it is not read: only mounts Vault reports as KV are walked, since a read under"
              + " a dynamic secrets engine creates credentials");
      return null;
    }
    String type = data.path("type").asText();
    if (!type.equals("kv") && !type.equals("generic")) {
      sink.problem(
          where,
          "mount '"
              + kvMount
              + "' is a "
              + type
              + " secrets engine, not KV: it is not read (a read there can create a credential)");
      return null;
    }
    return data.path("options").path("version").asText("1").equals("2") ? 2 : 1;
  }

  private void walk(SafeHttpClient reads, String kvMount, int version, StoreScanner scanner)
      throws ProviderUnreachableException {
    List<String> secrets = new ArrayList<>();
    Deque<String> folders = new ArrayDeque<>();
    folders.push(startPath.isEmpty() ? "" : startPath + "/");
    boolean first = true;
    while (!folders.isEmpty()) {
      String folder = folders.pop();
      String listPath = version == 2 ? kvMount + "/metadata/" + folder : kvMount + "/" + folder;
      HttpResult listed =
          reads.get("/v1/" + encodePath(trimSlashes(listPath)) + "?list=true", headers());
      String display = "vault://" + trimSlashes(listPath);
      if (listed.status() == 404) {
        if (first && !startPath.isEmpty()) {
          secrets.add(startPath); // --vault-path named a secret, not a folder
        }
      } else if (!listed.ok()) {
        scanner
            .sink()
            .problem(
                display,
                "cannot list ("
                    + errors(listed)
                    + "); the secrets under it were not scanned, the rest of the walk goes on");
      } else {
        List<String> keys = new ArrayList<>();
        json(listed).path("data").path("keys").forEach(k -> keys.add(k.asText()));
        for (int i = keys.size() - 1; i >= 0; i--) {
          if (keys.get(i).endsWith("/")) {
            folders.push(folder + keys.get(i));
          }
        }
        for (String key : keys) {
          if (!key.endsWith("/")) {
            secrets.add(folder + key);
          }
        }
      }
      first = false;
    }
    readAll(reads, kvMount, version, secrets, scanner);
  }

  /**
   * Reads the secrets a few at a time: each read is one or two round trips, and a walk of thousands
   * of secrets one by one would take minutes. If Vault stops answering, the reads still queued are
   * abandoned and counted in one problem.
   */
  private void readAll(
      SafeHttpClient client,
      String kvMount,
      int version,
      List<String> secrets,
      StoreScanner scanner)
      throws ProviderUnreachableException {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_READS);
    try {
      List<Future<?>> reads = new ArrayList<>();
      for (String path : secrets) {
        reads.add(
            pool.submit(
                () -> {
                  readSecret(client, kvMount, version, path, scanner);
                  return null;
                }));
      }
      for (int i = 0; i < reads.size(); i++) {
        try {
          reads.get(i).get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof ProviderUnreachableException unreachable) {
            pool.shutdownNow();
            throw new ProviderUnreachableException(
                unreachable.getMessage()
                    + " (while reading "
                    + kvMount
                    + "/"
                    + secrets.get(i)
                    + "; "
                    + (secrets.size() - i)
                    + " secrets of the mount not read)",
                unreachable);
          }
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProviderUnreachableException("interrupted while reading Vault", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void readSecret(
      SafeHttpClient reads, String kvMount, int version, String path, StoreScanner scanner)
      throws ProviderUnreachableException {
    SourceSink sink = scanner.sink();
    String dataPath = version == 2 ? kvMount + "/data/" + path : kvMount + "/" + path;
    String display = "vault://" + dataPath;
    HttpResult result = reads.get("/v1/" + encodePath(dataPath), headers());
    JsonNode body = json(result);
    JsonNode metadata = body.path("data").path("metadata");
    if (result.status() == 404 && !metadata.path("deletion_time").asText("").isEmpty()
        || metadata.path("destroyed").asBoolean(false)) {
      String state = metadata.path("destroyed").asBoolean(false) ? "destroyed" : "deleted";
      sink.skipped(
          display,
          "latest version "
              + metadata.path("version").asText("?")
              + " is "
              + state
              + "; earlier versions were not read");
      return;
    }
    if (!result.ok()) {
      sink.problem(display, "cannot read (" + errors(result) + "); the rest of the walk goes on");
      return;
    }
    sink.stats().files.incrementAndGet();
    JsonNode data = version == 2 ? body.path("data").path("data") : body.path("data");
    String versionText = version == 2 ? metadata.path("version").asText(null) : null;
    Instant date = instant(metadata.path("created_time").asText(null));
    if (version == 2) {
      HttpResult meta = reads.get("/v1/" + encodePath(kvMount + "/metadata/" + path), headers());
      if (meta.ok()) {
        JsonNode m = json(meta).path("data");
        Instant updated = instant(m.path("updated_time").asText(null));
        date = updated != null ? updated : date;
        if (versionText == null) {
          versionText = m.path("current_version").asText(null);
        }
      }
    }
    Location where = new Location("vault", dataPath, 0, 0, null, null, date, versionText);
    List<StoreEntry> entries = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String value =
          field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
      if (!scanner.tooLarge(
          display + " field " + field.getKey(), value.getBytes(StandardCharsets.UTF_8).length)) {
        entries.addAll(JsonEntries.of(field.getKey(), value, where));
      }
    }
    scanner.item(where, entries);
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Vault-Token", token.reveal());
    headers.put("X-Vault-Request", "true");
    if (namespace != null && !namespace.isBlank()) {
      headers.put("X-Vault-Namespace", namespace);
    }
    return headers;
  }

  private static JsonNode json(HttpResult result) {
    try {
      JsonNode node = JsonEntries.JSON.readTree(result.body());
      return node == null ? JsonEntries.JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JsonEntries.JSON.createObjectNode();
    }
  }

  /** Vault's own error text ("permission denied"), with the status. */
  private static String errors(HttpResult result) {
    List<String> messages = new ArrayList<>();
    json(result)
        .path("errors")
        .forEach(
            e ->
                messages.add(
                    e.asText()
                        .replaceAll("\\s+", " ")
                        .replace("1 error occurred: * ", "")
                        .strip()));
    return "HTTP "
        + result.status()
        + (messages.isEmpty() ? "" : ": " + String.join("; ", messages));
  }

  private static Instant instant(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // Vault writes RFC 3339; a different form is shown without a date rather than
      // failing the scan.
    }
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  private static String trimSlashes(String text) {
    String out = text;
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}
