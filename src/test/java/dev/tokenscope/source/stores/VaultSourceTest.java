package dev.tokenscope.source.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.source.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaultSourceTest {
  private static final Path FIXTURE = Path.of("src/test/resources/stores/vault");
  private static final String TOKEN = "hvs.CAESIJ7kq2Vb9xYt3mNp5Rz8Lw4Qd6Fh1Gj0";
  private ReplayServer server;
  private final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void start() throws Exception {
    server = ReplayServer.fromDirectory(FIXTURE);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private VaultSource source(String mount, String path) {
    return new VaultSource(
        server.baseUrl("vault"),
        new Secret(TOKEN),
        null,
        mount,
        path,
        HttpSettings.fast(),
        s -> new StoreScanner(sink.detector, s, 1024 * 1024));
  }

  @Test
  void everyKvMountIsWalkedAndItsSecretsDetectedWithStorePathAndVersion() {
    source(null, null).read(sink);

    Credential stripe = sink.withSecret("sk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3cD5eF7gH").orElseThrow();
    assertThat(stripe.ruleId()).isEqualTo("stripe.live-secret-key");
    Location where = stripe.locations().get(0);
    assertThat(where.source()).isEqualTo("vault");
    assertThat(where.path()).isEqualTo("secret/data/payments/stripe");
    assertThat(where.version()).isEqualTo("3");
    assertThat(where.display()).isEqualTo("vault://secret/data/payments/stripe#v3");
    assertThat(where.date()).hasToString("2026-03-02T09:14:07.517Z");
    // A nested JSON value is scanned too.
    assertThat(
            sink.withSecret("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")
                .orElseThrow()
                .locations()
                .get(0)
                .display())
        .isEqualTo("vault://secret/data/app-config#v7");
    // KV v1: no version.
    Credential smtp = sink.withSecret("p7Lq2Vz9Kc4Rm8Tx").orElseThrow();
    assertThat(smtp.locations().get(0).path()).isEqualTo("kv/legacy/smtp");
    assertThat(smtp.locations().get(0).version()).isNull();
  }

  @Test
  void credentialNamedKeysWithoutAProviderRuleAreReportedAsGenericCredentials() {
    source("secret", null).read(sink);

    Credential password = sink.withSecret("Xk9vQ2pL7mR4tW8z").orElseThrow();
    assertThat(password.ruleId()).isEqualTo("generic.store-credential");
    assertThat(password.provider()).isEqualTo("generic");
    assertThat(password.attribute("key")).isEqualTo("DB_PASSWORD");
    assertThat(password.locations().get(0).display()).isEqualTo("vault://secret/data/ops/db#v1");
    assertThat(
            sink.withSecret("whsec_Q9mB7xK2vL5nP8rT1wY4zA6cE3gJ0hD").orElseThrow().attribute("key"))
        .isEqualTo("webhook_signing_secret");
    // Placeholders, public names and paths are not credentials.
    assertThat(sink.withSecret("changeme")).isEmpty();
    assertThat(sink.withSecret("payments")).isEmpty();
    assertThat(sink.withSecret("/run/secrets/db")).isEmpty();
  }

  @Test
  void aValueAProviderRuleMatchedIsNotReportedAgainAsGeneric() {
    source("secret", null).read(sink);

    assertThat(
            sink.credentials.stream()
                .filter(c -> c.secret().reveal().startsWith("sk_live_"))
                .map(Credential::ruleId))
        .containsExactly("stripe.live-secret-key");
    assertThat(
            sink.credentials.stream()
                .filter(c -> c.secret().reveal().startsWith("ghp_"))
                .map(Credential::ruleId))
        .containsExactly("github.personal-access-token");
  }

  @Test
  void aPermissionDeniedFolderIsReportedAndTheRestOfTheWalkContinues() {
    source("secret", null).read(sink);

    assertThat(sink.problems)
        .extracting(Problem::where)
        .containsExactly("vault://secret/metadata/denied");
    assertThat(sink.problems.get(0).message())
        .contains("HTTP 403", "permission denied", "not scanned");
    assertThat(sink.withSecret("Xk9vQ2pL7mR4tW8z")).isPresent(); // ops/ comes after denied/
    assertThat(sink.withSecret("sk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3cD5eF7gH")).isPresent();
  }

  @Test
  void aDeletedLatestVersionIsSkippedWithItsVersion() {
    source("secret", "payments").read(sink);

    assertThat(sink.skipped)
        .containsExactly(
            new Problem(
                "vault://secret/data/payments/old-key",
                "latest version 2 is deleted; earlier versions were not read"));
    assertThat(sink.withSecret("sk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3cD5eF7gH")).isPresent();
    assertThat(sink.withSecret("Xk9vQ2pL7mR4tW8z")).as("--vault-path limits the walk").isEmpty();
  }

  @Test
  void aNamedKvV1MountIsRecognisedAndReadWithoutVersions() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "vault",
            "GET",
            "/v1/sys/internal/ui/mounts/kv",
            200,
            "{\"data\":{\"type\":\"kv\",\"path\":\"kv/\",\"options\":{\"version\":\"1\"}}}"));

    source("kv", null).read(sink);

    Credential smtp = sink.withSecret("p7Lq2Vz9Kc4Rm8Tx").orElseThrow();
    assertThat(smtp.attribute("key")).isEqualTo("smtp_password");
    assertThat(smtp.locations().get(0).display()).isEqualTo("vault://kv/legacy/smtp");
    assertThat(server.received()).noneSatisfy(r -> assertThat(r.path()).contains("/metadata"));
  }

  @Test
  void aPathNamingOneSecretReadsThatSecret() {
    source("secret", "ops/db").read(sink);

    assertThat(sink.withSecret("Xk9vQ2pL7mR4tW8z")).isPresent();
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void theTokenAndNamespaceAreSentAndOnlyGetRequestsAreMade() {
    new VaultSource(
            server.baseUrl("vault"),
            new Secret(TOKEN),
            "team-a",
            "secret",
            null,
            HttpSettings.fast(),
            s -> new StoreScanner(sink.detector, s, 1 << 20))
        .read(sink);

    assertThat(server.received()).isNotEmpty();
    assertThat(server.received()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    assertThat(server.received().stream().filter(r -> !r.path().equals("/v1/sys/seal-status")))
        .allSatisfy(
            r -> {
              assertThat(r.headers().get("X-vault-token")).containsExactly(TOKEN);
              assertThat(r.headers().get("X-vault-namespace")).containsExactly("team-a");
            });
  }

  @Test
  void writesToASecretPathAreRefusedBeforeAnythingIsSent() {
    SafeHttpClient client =
        new SafeHttpClient(server.baseUrl("vault"), VaultSource.ALLOW_LIST, HttpSettings.fast());

    assertThatThrownBy(
            () ->
                client.post(
                    "/v1/secret/data/payments/stripe",
                    "{\"data\":{}}",
                    "application/json",
                    Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> client.post("/v1/sys/unseal", "{}", "application/json", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> client.get("/v1/sys/raw/core", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
    // The HTTP layer has no PUT or DELETE call, and the allow-list would refuse them too.
    for (String method : List.of("PUT", "DELETE", "PATCH", "LIST", "POST")) {
      assertThatThrownBy(
              () -> VaultSource.ALLOW_LIST.check(method, "/v1/secret/data/payments/stripe", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () ->
                  VaultSource.ALLOW_LIST.check(method, "/v1/secret/metadata/payments/stripe", null))
          .isInstanceOf(RefusedRequestException.class);
    }
  }

  @Test
  void aSealedVaultIsOneClearProblem() throws Exception {
    try (ReplayServer sealed =
        ReplayServer.of(
            List.of(
                ReplayServer.Exchange.answer(
                    "vault",
                    "GET",
                    "/v1/sys/seal-status",
                    200,
                    "{\"type\":\"shamir\",\"initialized\":true,\"sealed\":true,\"t\":3,\"n\":5,\"progress\":0}")))) {
      new VaultSource(
              sealed.baseUrl("vault"),
              new Secret(TOKEN),
              null,
              null,
              null,
              HttpSettings.fast(),
              s -> new StoreScanner(sink.detector, s, 1 << 20))
          .read(sink);
    }

    assertThat(sink.problems).hasSize(1);
    assertThat(sink.problems.get(0).message())
        .startsWith("Vault is sealed")
        .contains("vault operator unseal");
  }

  @Test
  void aVaultAnswering503IsReportedWithTheSealedHint() throws Exception {
    try (ReplayServer sealed =
        ReplayServer.of(
            List.of(
                ReplayServer.Exchange.answer(
                    "vault",
                    "GET",
                    "/v1/sys/seal-status",
                    503,
                    "{\"errors\":[\"Vault is sealed\"]}")))) {
      new VaultSource(
              sealed.baseUrl("vault"),
              new Secret(TOKEN),
              null,
              null,
              null,
              HttpSettings.fast(),
              s -> new StoreScanner(sink.detector, s, 1 << 20))
          .read(sink);
    }

    assertThat(sink.problems).hasSize(1);
    assertThat(sink.problems.get(0).message()).contains("HTTP 503", "sealed");
  }

  @Test
  void aVaultThatStopsAnsweringMidWalkIsOneProblemNamingWhatWasNotRead() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "vault", "GET", "/v1/secret/data/ops/db", 503, "{\"errors\":[\"Vault is sealed\"]}"));

    source("secret", "ops").read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("HTTP 503", "while reading secret/ops/db", "not read", "sealed"));
  }

  @Test
  void anExpiredTokenIsOneClearProblemNotOnePerPath() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "vault",
            "GET",
            "/v1/auth/token/lookup-self",
            403,
            "{\"errors\":[\"permission denied\"]}"));

    source(null, null).read(sink);

    assertThat(sink.problems).hasSize(1);
    assertThat(sink.problems.get(0).message())
        .contains("rejected the token", "permission denied", "expired", "VAULT_TOKEN");
    assertThat(sink.credentials).isEmpty();
  }

  @Test
  void aHugeValueIsSkippedWithItsSizeAndTheOtherFieldsAreScanned() {
    String huge = "x".repeat(2 * 1024 * 1024);
    server.prepend(
        ReplayServer.Exchange.answer(
            "vault",
            "GET",
            "/v1/secret/data/ops/db",
            200,
            "{\"data\":{\"data\":{\"blob\":\""
                + huge
                + "\",\"DB_PASSWORD\":\"Xk9vQ2pL7mR4tW8z\"},\"metadata\":{\"version\":2,\"deletion_time\":\"\"}}}"));

    source("secret", "ops").read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo("vault://secret/data/ops/db field blob");
              assertThat(p.message()).contains("2097152 bytes", "limit of 1048576");
            });
    assertThat(sink.withSecret("Xk9vQ2pL7mR4tW8z")).isPresent();
  }

  @Test
  void noSecretValueAppearsInWhatTheUserSees() {
    source(null, null).read(sink);

    assertThat(sink.visibleText())
        .doesNotContain(
            "sk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3cD5eF7gH",
            "Xk9vQ2pL7mR4tW8z",
            "p7Lq2Vz9Kc4Rm8Tx",
            TOKEN);
  }

  @Test
  void dynamicSecretsEnginesAreNeverRead() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "vault",
            "GET",
            "/v1/sys/mounts",
            200,
            "{\"secret/\":{\"type\":\"kv\",\"options\":{\"version\":\"2\"}},"
                + "\"database/\":{\"type\":\"database\"},\"aws/\":{\"type\":\"aws\"},"
                + "\"pki/\":{\"type\":\"pki\"},\"old/\":{\"type\":\"generic\"}}"));

    source(null, null).read(sink);

    assertThat(server.received())
        .extracting(ReplayServer.Received::path)
        .noneMatch(
            p -> p.startsWith("/v1/database") || p.startsWith("/v1/aws") || p.startsWith("/v1/pki"))
        .anyMatch(p -> p.startsWith("/v1/old"))
        .anyMatch(p -> p.startsWith("/v1/secret/data/"));
  }

  @Test
  void aNamedMountThatIsNotKvIsReportedAndNotRead() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "vault",
            "GET",
            "/v1/sys/internal/ui/mounts/database",
            200,
            "{\"data\":{\"type\":\"database\",\"path\":\"database/\"}}"));

    source("database", "creds/readonly").read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("database secrets engine, not KV"));
    assertThat(server.received())
        .extracting(ReplayServer.Received::path)
        .noneMatch(p -> p.startsWith("/v1/database"));
  }

  @Test
  void aNamedMountOfUnknownTypeIsNotRead() {
    source("nosuch", null).read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("cannot tell the type of mount 'nosuch'"));
    assertThat(server.received())
        .extracting(ReplayServer.Received::path)
        .noneMatch(p -> p.startsWith("/v1/nosuch"));
  }

  @Test
  void theReadAllowListCoversOnlyTheKvMountsReadPaths() {
    var reads = VaultSource.readAllowList(Map.of("secret", 2, "kv", 1));
    reads.check("GET", "/v1/secret/data/payments/stripe", null);
    reads.check("GET", "/v1/secret/metadata", null);
    reads.check("GET", "/v1/kv/legacy/smtp", null);
    for (String path :
        List.of(
            "/v1/database/creds/readonly",
            "/v1/aws/creds/deploy",
            "/v1/secret/creds/x",
            "/v1/secretx/data/a",
            "/v1/kvx/a",
            "/v1/sys/mounts",
            "/v1/auth/token/create")) {
      assertThatThrownBy(() -> reads.check("GET", path, null))
          .as(path)
          .isInstanceOf(RefusedRequestException.class);
    }
  }
}
