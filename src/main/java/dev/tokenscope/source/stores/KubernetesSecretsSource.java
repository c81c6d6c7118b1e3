package dev.tokenscope.source.stores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Messages;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Secrets of a live Kubernetes cluster, through the auditor's kubeconfig.
 *
 * <p>Calls: {@code GET /api/v1/secrets} (or {@code /api/v1/namespaces/<ns>/secrets}), paginated
 * with {@code limit}/{@code continue}. Only list is used; {@link KubernetesReadOnly} refuses every
 * other request to the API server. RBAC needed: {@code get} and {@code list} on {@code secrets} (a
 * ClusterRole for all namespaces, a Role for one).
 */
final class KubernetesSecretsSource implements Source {
  private static final long PAGE_SIZE = 250;

  private final Supplier<Config> config;
  private final String namespace;
  private final Function<SourceSink, StoreScanner> scanners;

  /**
   * @param config the cluster's client config; may throw {@link IllegalStateException} with a user
   *     message
   * @param namespace one namespace, or null for all
   */
  KubernetesSecretsSource(
      Supplier<Config> config, String namespace, Function<SourceSink, StoreScanner> scanners) {
    this.config = config;
    this.namespace = namespace;
    this.scanners = scanners;
  }

  /**
   * The config of a kubeconfig context (null: the current one) from a file (null: the default
   * places).
   */
  static Supplier<Config> kubeconfig(String context, java.nio.file.Path file) {
    return () -> {
      try {
        if (file == null) {
          return Config.autoConfigure(context);
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
          throw new IllegalStateException(
              "kubeconfig " + file + " not found: give an existing file with --kubeconfig");
        }
        return Config.fromKubeconfig(context, file.toFile());
      } catch (KubernetesClientException | IllegalArgumentException e) {
        throw new IllegalStateException(
            "cannot load kubeconfig"
                + (context == null ? "" : " context " + context)
                + ": "
                + e.getMessage());
      }
    };
  }

  @Override
  public String describe() {
    return "Kubernetes secrets"
        + (namespace == null ? " in all namespaces" : " in namespace " + namespace);
  }

  @Override
  public void read(SourceSink sink) {
    StoreScanner scanner = scanners.apply(sink);
    Config resolved;
    try {
      resolved = config.get();
    } catch (IllegalStateException e) {
      sink.problem("k8s", e.getMessage());
      return;
    }
    String context =
        resolved.getCurrentContext() == null ? null : resolved.getCurrentContext().getName();
    String where =
        "k8s://"
            + (context == null ? resolved.getMasterUrl() : context)
            + (namespace == null ? "" : "/" + namespace);
    try (KubernetesClient client = KubernetesReadOnly.client(resolved)) {
      String next = null;
      do {
        var options = new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(next).build();
        SecretList page =
            namespace == null
                ? client.secrets().inAnyNamespace().list(options)
                : client.secrets().inNamespace(namespace).list(options);
        for (Secret secret : page.getItems()) {
          read(secret, context, scanner);
        }
        next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        next = next == null || next.isEmpty() ? null : next;
      } while (next != null);
    } catch (RefusedRequestException e) {
      throw e;
    } catch (KubernetesClientException e) {
      sink.problem(where, "cannot list secrets: " + describe(e));
    }
  }

  private static String describe(KubernetesClientException e) {
    String reason =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : Messages.firstLine(e.getMessage(), "");
    return switch (e.getCode()) {
      case 401 ->
          "HTTP 401: the cluster rejected the credentials ("
              + reason
              + "); log in again or pick another context with --context";
      case 403 ->
          "HTTP 403: "
              + reason
              + "; the auditor needs RBAC get and list on secrets (a ClusterRole for all namespaces, or give --namespace)";
      default -> (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + reason;
    };
  }

  private static void read(Secret secret, String context, StoreScanner scanner) {
    SourceSink sink = scanner.sink();
    String ns = secret.getMetadata().getNamespace();
    String name = secret.getMetadata().getName();
    String path = (context == null ? "" : context + "/") + ns + "/" + name;
    String display = "k8s://" + path;
    Location where =
        new Location(
            "k8s",
            path,
            0,
            0,
            null,
            null,
            instant(secret.getMetadata().getCreationTimestamp()),
            secret.getMetadata().getResourceVersion());
    List<StoreEntry> entries = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    for (Map.Entry<String, String> field : data.entrySet()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(field.getValue() == null ? "" : field.getValue());
      } catch (IllegalArgumentException e) {
        sink.problem(
            display + " key " + field.getKey(),
            "data is not base64 as the API guarantees; not scanned");
        continue;
      }
      add(
          field.getKey(),
          scanner.text(display + " key " + field.getKey(), bytes),
          where,
          entries,
          text);
    }
    Map<String, String> stringData =
        secret.getStringData() == null ? Map.of() : secret.getStringData();
    for (Map.Entry<String, String> field : stringData.entrySet()) {
      String value = field.getValue() == null ? "" : field.getValue();
      add(
          field.getKey(),
          scanner.tooLarge(
                  display + " key " + field.getKey(), value.getBytes(StandardCharsets.UTF_8).length)
              ? null
              : value,
          where,
          entries,
          text);
    }
    sink.stats().files.incrementAndGet();
    scanner.scan(text.toString(), where, entries);
  }

  private static void add(
      String key, String value, Location where, List<StoreEntry> entries, StringBuilder text) {
    if (value == null) {
      return;
    }
    text.append(key).append(": ").append(value).append('\n');
    entries.addAll(JsonEntries.of(key, value, where));
    if (key.equals(".dockerconfigjson") || key.equals(".dockercfg")) {
      dockerPasswords(value, where, entries, text);
    }
  }

  /** Image pull secrets hold base64 {@code user:password} under {@code auths.<registry>.auth}. */
  private static void dockerPasswords(
      String json, Location where, List<StoreEntry> entries, StringBuilder text) {
    try {
      JsonNode root = JsonEntries.JSON.readTree(json);
      JsonNode auths = root.has("auths") ? root.get("auths") : root;
      auths
          .fields()
          .forEachRemaining(
              registry -> {
                try {
                  String plain =
                      new String(
                          Base64.getDecoder().decode(registry.getValue().path("auth").asText("")),
                          StandardCharsets.UTF_8);
                  int colon = plain.indexOf(':');
                  if (colon >= 0) {
                    entries.add(new StoreEntry("password", plain.substring(colon + 1), where));
                    text.append("password: ").append(plain, colon + 1, plain.length()).append('\n');
                  }
                } catch (IllegalArgumentException e) {
                  // An auth that is not base64 holds no password to decode; the raw text is scanned
                  // already.
                }
              });
    } catch (IOException e) {
      // Not JSON: the value was scanned as text already.
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
