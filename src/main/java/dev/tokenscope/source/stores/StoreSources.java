package dev.tokenscope.source.stores;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.model.Secret;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Builds the secret-store and credential-file sources for the CLI. Every source gets a {@link
 * StoreScanner} over the same detector rules as the rest of the scan. A problem with the user's
 * input (no token, an unreadable token file, a malformed address) is an {@link
 * IllegalArgumentException} whose message says what to do.
 */
public final class StoreSources {
  public static final long DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

  /**
   * A store walk makes one or two requests per secret, so it runs faster than the resolvers' 5 per
   * second; still far under Vault's and Secret Manager's documented limits.
   */
  private static final HttpSettings STORE_HTTP =
      new HttpSettings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          4,
          Duration.ofMillis(250),
          Duration.ofSeconds(10),
          100.0);

  private final Config config;
  private final Function<SourceSink, StoreScanner> scanners;

  /**
   * @param detector the scan's own detector (its rules and placeholder filter): store values are
   *     detected here, where each entry's key name is still known, not again in the pipeline
   */
  public StoreSources(Detector detector, Config config, long maxValueBytes) {
    this.config = config;
    this.scanners = sink -> new StoreScanner(detector, sink, maxValueBytes);
  }

  /**
   * Vault KV mounts at an address. The token comes from {@code VAULT_TOKEN}, else the token file,
   * else {@code ~/.vault-token} (where {@code vault login} keeps it).
   */
  public Source vault(String address, String mount, String path, String namespace, Path tokenFile) {
    URI uri;
    try {
      uri = URI.create(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--vault " + address + " is not a URL; give it as https://vault.example.com:8200");
    }
    if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
      throw new IllegalArgumentException(
          "--vault "
              + address
              + " is not an http(s) URL; give it as https://vault.example.com:8200");
    }
    String ns = namespace != null ? namespace : System.getenv("VAULT_NAMESPACE");
    return new VaultSource(uri, vaultToken(tokenFile), ns, mount, path, STORE_HTTP, scanners);
  }

  private static Secret vaultToken(Path tokenFile) {
    if (tokenFile != null) {
      return readToken(tokenFile, "--vault-token-file");
    }
    String env = System.getenv("VAULT_TOKEN");
    if (env != null && !env.isBlank()) {
      return new Secret(env.strip());
    }
    Path helper = Path.of(System.getProperty("user.home"), ".vault-token");
    if (Files.isRegularFile(helper)) {
      return readToken(helper, "~/.vault-token");
    }
    throw new IllegalArgumentException(
        "no Vault token: set VAULT_TOKEN, give --vault-token-file, or run vault login");
  }

  private static Secret readToken(Path file, String what) {
    try {
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException(
            what + " " + file + " is empty: it should hold a Vault token");
      }
      return new Secret(token);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /** AWS Secrets Manager with the auditor's default AWS credentials. */
  public Source awsSecrets(String region) {
    return new AwsSecretsManagerSource(AwsClients.of(region, endpoint("aws-secrets")), scanners);
  }

  /** AWS SSM Parameter Store under a path ("/" for all). */
  public Source awsParameters(String region, String path) {
    if (path != null && !path.startsWith("/")) {
      throw new IllegalArgumentException("--ssm-path " + path + " must start with /, like /prod");
    }
    return new AwsParameterStoreSource(AwsClients.of(region, endpoint("aws-ssm")), path, scanners);
  }

  private URI endpoint(String provider) {
    String url = config.baseUrl(provider, null);
    return url == null ? null : URI.create(url);
  }

  /**
   * GCP Secret Manager of a project, with {@code GOOGLE_OAUTH_ACCESS_TOKEN} or Application Default
   * Credentials.
   */
  public Source gcpSecrets(String project) {
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("--gcp-secrets needs --project PROJECT_ID");
    }
    URI base = URI.create(config.baseUrl("gcp-secrets", GcpSecretManagerSource.DEFAULT_BASE_URL));
    return new GcpSecretManagerSource(base, project, new GcpAccessToken(), STORE_HTTP, scanners);
  }

  /** Secrets of a Kubernetes cluster (all namespaces when namespace is null). */
  public Source kubernetes(String context, String namespace, Path kubeconfig) {
    return new KubernetesSecretsSource(
        KubernetesSecretsSource.kubeconfig(context, kubeconfig), namespace, scanners);
  }

  /** The credential files under a home directory, and {@code .env} files under a root (or null). */
  public Source local(Path home, Path envRoot) {
    return new LocalCredentialsSource(home, envRoot, scanners);
  }
}
