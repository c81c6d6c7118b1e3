package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.stores.StoreSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code scan} options that read secret stores and the machine's credential files. */
final class StoreOptions {

  @Option(
      names = "--vault",
      paramLabel = "ADDR",
      description =
          "scan the KV secrets of the Vault at ADDR (token: VAULT_TOKEN, --vault-token-file or ~/.vault-token)")
  String vault;

  @Option(
      names = "--vault-mount",
      paramLabel = "MOUNT",
      description = "only this KV mount (default: every KV mount the token can see)")
  String vaultMount;

  @Option(
      names = "--vault-path",
      paramLabel = "PATH",
      description = "only secrets under this path of the mount")
  String vaultPath;

  @Option(
      names = "--vault-namespace",
      paramLabel = "NS",
      description = "Vault Enterprise namespace (default: VAULT_NAMESPACE)")
  String vaultNamespace;

  @Option(
      names = "--vault-token-file",
      paramLabel = "FILE",
      description = "file holding the Vault token")
  Path vaultTokenFile;

  @Option(
      names = "--aws-secrets",
      description = "scan AWS Secrets Manager with your AWS credentials")
  boolean awsSecrets;

  @Option(
      names = "--aws-ssm",
      description =
          "scan AWS SSM Parameter Store (SecureStrings decrypted) with your AWS credentials")
  boolean awsSsm;

  /**
   * The stores' AWS region: {@code --aws-region} (in {@link AwsScanOptions}); the old name stays.
   */
  @Option(names = "--region", hidden = true, paramLabel = "REGION")
  String region;

  @Option(
      names = "--ssm-path",
      paramLabel = "PATH",
      description = "only parameters under this path (default: /)")
  String ssmPath;

  @Option(
      names = "--gcp-secrets",
      description =
          "scan GCP Secret Manager of --project (credentials: GOOGLE_OAUTH_ACCESS_TOKEN or Application Default Credentials)")
  boolean gcpSecrets;

  @Option(
      names = "--project",
      paramLabel = "PROJECT",
      description = "GCP project id for --gcp-secrets")
  String project;

  @Option(
      names = "--k8s",
      description =
          "scan the Secrets of a Kubernetes cluster through your kubeconfig (needs RBAC get/list on secrets)")
  boolean k8s;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT",
      description = "kubeconfig context (default: the current one)")
  String context;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "only this Kubernetes namespace (default: all)")
  String namespace;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubeconfig file (default: KUBECONFIG or ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--local",
      description =
          "scan this machine's credential files (~/.aws, gcloud, docker, npm, pypi, netrc, git, kube, gh, railway)")
  boolean local;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "home directory for --local (default: yours)")
  Path home;

  @Option(
      names = "--env-root",
      paramLabel = "DIR",
      description = "also scan .env files under DIR (with --local)")
  Path envRoot;

  @Option(
      names = "--store-max-value-size",
      paramLabel = "BYTES",
      description = "skip store values larger than this (default: ${DEFAULT-VALUE})")
  long maxValueBytes = StoreSources.DEFAULT_MAX_VALUE_BYTES;

  /** The sources the options ask for, each detecting with the scan's detector. */
  List<Source> sources(Detector detector, Config config) {
    List<Source> sources = new ArrayList<>();
    StoreSources stores = new StoreSources(detector, config, maxValueBytes);
    try {
      if (vault != null) {
        sources.add(stores.vault(vault, vaultMount, vaultPath, vaultNamespace, vaultTokenFile));
      } else if (vaultMount != null
          || vaultPath != null
          || vaultNamespace != null
          || vaultTokenFile != null) {
        throw new IllegalArgumentException(
            "--vault-mount, --vault-path, --vault-namespace and --vault-token-file need --vault ADDR");
      }
      if (awsSecrets) {
        sources.add(stores.awsSecrets(region));
      }
      if (awsSsm) {
        sources.add(stores.awsParameters(region, ssmPath));
      } else if (ssmPath != null) {
        throw new IllegalArgumentException("--ssm-path needs --aws-ssm");
      }
      if (gcpSecrets) {
        sources.add(stores.gcpSecrets(project));
      } else if (project != null) {
        throw new IllegalArgumentException("--project needs --gcp-secrets");
      }
      if (k8s) {
        sources.add(stores.kubernetes(context, namespace, kubeconfig));
      } else if (context != null || namespace != null || kubeconfig != null) {
        throw new IllegalArgumentException("--context, --namespace and --kubeconfig need --k8s");
      }
      if (local) {
        sources.add(
            stores.local(home != null ? home : Path.of(System.getProperty("user.home")), envRoot));
      } else if (home != null || envRoot != null) {
        throw new IllegalArgumentException("--home and --env-root need --local");
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return sources;
  }
}
