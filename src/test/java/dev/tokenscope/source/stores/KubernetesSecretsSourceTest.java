package dev.tokenscope.source.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.model.Credential;
import dev.tokenscope.source.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSecretsSourceTest {
  private static final String JWT =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IlNhVG9rZW4ifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6ZGVwbG95ZXIifQ.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg";

  KubernetesMockServer server;
  KubernetesClient client;
  private final RecordingSink sink = new RecordingSink();
  private int requestsBeforeScan;

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private void create(
      String namespace,
      String name,
      String type,
      Map<String, String> data,
      Map<String, String> stringData) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .endMetadata()
            .withType(type)
            .withData(data)
            .withStringData(stringData)
            .build();
    client.secrets().inNamespace(namespace).resource(secret).create();
  }

  @BeforeEach
  void cluster() {
    create(
        "payments",
        "stripe",
        "Opaque",
        Map.of(
            "STRIPE_SECRET_KEY",
            b64("sk_live_51K8sSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c"),
            "STRIPE_ACCOUNT",
            b64("acct_1HbQ2kLmN8pR4tV6")),
        null);
    create(
        "payments",
        "db",
        "Opaque",
        null,
        Map.of("DB_PASSWORD", "K8s#Pg9P4ssw0rdQx", "DB_HOST", "db.payments.svc"));
    create(
        "ci",
        "deployer-token",
        "kubernetes.io/service-account-token",
        Map.of("token", b64(JWT), "namespace", b64("ci")),
        null);
    create(
        "ci",
        "regcred",
        "kubernetes.io/dockerconfigjson",
        Map.of(
            ".dockerconfigjson",
            b64(
                "{\"auths\":{\"registry.internal.test\":{\"auth\":\""
                    + b64("robot$ci:R0b0tR3g1stryP4ss")
                    + "\"}}}")),
        null);
    create(
        "tls",
        "keystore",
        "Opaque",
        Map.of(
            "keystore.p12",
            Base64.getEncoder()
                .encodeToString(new byte[] {0x30, (byte) 0x82, 0x0a, 0, 0, 0, 0, 1})),
        null);
    requestsBeforeScan = server.getRequestCount();
  }

  private Config config() {
    return client.getConfiguration();
  }

  private void scan(String namespace) {
    new KubernetesSecretsSource(this::config, namespace, sink::scanner).read(sink);
  }

  private List<RecordedRequest> scanRequests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    for (int i = 0; i < server.getRequestCount(); i++) {
      all.add(server.takeRequest(1, TimeUnit.SECONDS));
    }
    return all.subList(requestsBeforeScan, all.size());
  }

  @Test
  void secretsOfEveryNamespaceAreDecodedAndDetected() {
    scan(null);

    Credential stripe = sink.withSecret("sk_live_51K8sSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c").orElseThrow();
    assertThat(stripe.ruleId()).isEqualTo("stripe.live-secret-key");
    assertThat(stripe.locations().get(0).source()).isEqualTo("k8s");
    assertThat(stripe.locations().get(0).display())
        .matches("k8s://fabric8-mock-server-context/payments/stripe#v\\d+");
    assertThat(sink.withSecret("K8s#Pg9P4ssw0rdQx").orElseThrow().attribute("key"))
        .as("stringData is read too")
        .isEqualTo("DB_PASSWORD");
    assertThat(sink.withSecret(JWT).orElseThrow().ruleId()).isEqualTo("jwt.token");
    assertThat(sink.withSecret("R0b0tR3g1stryP4ss").orElseThrow().locations().get(0).path())
        .isEqualTo("fabric8-mock-server-context/ci/regcred");
    assertThat(sink.withSecret("acct_1HbQ2kLmN8pR4tV6")).isEmpty();
    assertThat(sink.skipped)
        .containsExactly(
            new Problem(
                "k8s://fabric8-mock-server-context/tls/keystore key keystore.p12",
                "binary value of 8 bytes; not scanned"));
  }

  @Test
  void oneNamespaceCanBeScannedAlone() {
    scan("ci");

    assertThat(sink.withSecret(JWT)).isPresent();
    assertThat(sink.withSecret("sk_live_51K8sSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c")).isEmpty();
  }

  @Test
  void theScanOnlyListsSecretsAndWritesNothing() throws Exception {
    scan(null);

    List<RecordedRequest> requests = scanRequests();
    assertThat(requests)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getMethod()).isEqualTo("GET");
              assertThat(r.getPath()).startsWith("/api/v1/secrets");
            });
    assertThat(client.secrets().inNamespace("payments").withName("stripe").get().getData())
        .containsKey("STRIPE_SECRET_KEY");
  }

  @Test
  void theReadOnlyClientRefusesWritesBeforeSendingThem() throws Exception {
    try (KubernetesClient readOnly = KubernetesReadOnly.client(config())) {
      Secret replacement =
          new SecretBuilder()
              .withNewMetadata()
              .withNamespace("payments")
              .withName("stripe")
              .endMetadata()
              .withStringData(Map.of("k", "v"))
              .build();
      assertThatThrownBy(
              () -> readOnly.secrets().inNamespace("payments").resource(replacement).update())
          .hasStackTraceContaining("not on its read-only allow-list");
      assertThatThrownBy(
              () -> readOnly.secrets().inNamespace("payments").withName("stripe").delete())
          .hasStackTraceContaining("not on its read-only allow-list");
      assertThatThrownBy(() -> readOnly.pods().inNamespace("payments").list())
          .hasStackTraceContaining("not on its read-only allow-list");
    }
    // Reads the client makes on its own (a GET before an update) may pass; nothing else reached the
    // server.
    assertThat(scanRequests()).allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("GET"));
    assertThat(client.secrets().inNamespace("payments").withName("stripe").get()).isNotNull();
  }

  @Test
  void forbiddenListingIsReportedWithTheRbacNeeded() {
    KubernetesMockServer denying = new KubernetesMockServer();
    denying.init();
    try {
      denying
          .expect()
          .get()
          .withPath("/api/v1/secrets?limit=250")
          .andReturn(
              403,
              new StatusBuilder()
                  .withStatus("Failure")
                  .withReason("Forbidden")
                  .withCode(403)
                  .withMessage(
                      "secrets is forbidden: User \"system:serviceaccount:audit:tokenscope\" cannot list resource \"secrets\" in API group \"\" at the cluster scope")
                  .build())
          .always();
      try (KubernetesClient denied = denying.createClient()) {
        new KubernetesSecretsSource(denied::getConfiguration, null, sink::scanner).read(sink);
      }
    } finally {
      denying.destroy();
    }

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains(
                        "HTTP 403",
                        "cannot list resource \"secrets\"",
                        "get and list on secrets",
                        "--namespace"));
  }

  @Test
  void aMissingKubeconfigIsAClearProblem() {
    new KubernetesSecretsSource(
            KubernetesSecretsSource.kubeconfig(null, java.nio.file.Path.of("no/such/kubeconfig")),
            null,
            sink::scanner)
        .read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("no/such/kubeconfig", "not found", "--kubeconfig"));
  }
}
