package dev.tokenscope.source.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCredentialsSourceTest {
  private static final Path HOME = Path.of("src/test/resources/stores/home");
  private static final Path ENV_ROOT = Path.of("src/test/resources/stores/envroot");
  private final RecordingSink sink = new RecordingSink();

  private void scan(Path home, Path envRoot) {
    new LocalCredentialsSource(home, envRoot, s -> new StoreScanner(sink.detector, s, 1 << 20))
        .read(sink);
  }

  private Credential found(String secret) {
    return sink.withSecret(secret)
        .orElseThrow(() -> new AssertionError("not found: " + secret.substring(0, 6) + "…"));
  }

  private static String where(Credential credential) {
    Location location = credential.locations().get(0);
    return HOME.relativize(Path.of(location.path())) + ":" + location.line();
  }

  @Test
  void awsCredentialsFileSecretsAreReportedWithTheirLine() {
    scan(HOME, null);

    Credential secretKey = found("kT9vR2xL5mQ8wZ1pN4bC7dF0gH3jK6sA9uE2yW5o");
    // The bundled AWS rule knows the format and pairs the secret key with its key id.
    assertThat(secretKey.ruleId()).isEqualTo("aws.secret-access-key");
    assertThat(secretKey.attribute("id")).isEqualTo("AKIAQYLPMN5HHHFPZAM2");
    assertThat(where(secretKey)).isEqualTo(".aws/credentials:3");
    Credential ci = found("Zq8Xw2Ev4Rt6Yu8Io0Pa2Sd4Fg6Hj8Kl0Zx2Cv4B");
    assertThat(where(ci)).isEqualTo(".aws/credentials:7");
    assertThat(ci.attribute("id"))
        .as("each profile's secret pairs with its own key id")
        .isEqualTo("AKIAYVP4CIPPERUVIFXG");
    // The key id is public: it is part of its secret key's credential, not a credential of its own.
    assertThat(sink.withSecret("AKIAQYLPMN5HHHFPZAM2")).isEmpty();
  }

  @Test
  void gcloudApplicationDefaultAndLegacyCredentialsAreRead() {
    scan(HOME, null);

    assertThat(found("d-FL95Q19q7MQmFpd7hHD0Ty").attribute("key")).isEqualTo("client_secret");
    Credential refresh =
        found("1//0gLxQv7R3mK9pT2wY5zB8cE1fH4jN6sU0aD3gJ7lO9rV2xZ5bC8eF1hK4mP7qS0tW3yA6");
    assertThat(refresh.ruleId()).isEqualTo("gcp.oauth-refresh-token");
    assertThat(where(refresh)).isEqualTo(".config/gcloud/application_default_credentials.json:6");
    assertThat(where(found("1//0fLegacyR3fr3shT0k3nQv7R3mK9pT2wY5zB8cE1fH4jN6sU0aD3gJ7lO9rV2x")))
        .isEqualTo(".config/gcloud/legacy_credentials/dev@corp.test/adc.json:4");
  }

  @Test
  void gcloudSqliteDatabasesAreSkippedWithAnExplanation() {
    scan(HOME, null);

    assertThat(
            sink.skipped.stream()
                .filter(
                    p ->
                        p.where().endsWith("credentials.db")
                            || p.where().endsWith("access_tokens.db")))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.message()).contains("SQLite", "gcloud auth list"));
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void dockerAuthIsDecodedAndACredentialStoreIsNamed() {
    scan(HOME, null);

    Credential github = found("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");
    assertThat(github.ruleId()).isEqualTo("github.personal-access-token");
    assertThat(where(github)).isEqualTo(".docker/config.json:4");
    assertThat(found("R3g1stryP4ssw0rdQx7").ruleId()).isEqualTo("generic.store-credential");
    assertThat(sink.skipped)
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("docker-credential-desktop"));
  }

  @Test
  void npmPypiNetrcAndGitCredentialsAreRead() {
    scan(HOME, null);

    assertThat(found("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").ruleId())
        .isEqualTo("npm.access-token");
    assertThat(found("Npm1nt3rn4lP4ss").ruleId())
        .as("npm _auth is base64 of user:password")
        .isEqualTo("generic.store-credential");
    assertThat(
            found(
                    "pypi-AgEIcHlwaS5vcmcCJGQ0ZTQ5YjEwLTk4NjktNGY5MC1hNWM5LWM5Mjk5ZTFkZDc2YQACKlszLCJmMjM")
                .attribute("key"))
        .isEqualTo("password");
    assertThat(where(found("4e1a7b2c-9d3f-4a6b-8c5e-2f7d1a9b3c6e"))).isEqualTo(".netrc:3");
    assertThat(where(found("Gh0stN3tRcP4ss"))).isEqualTo(".netrc:4");
    assertThat(found("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").ruleId())
        .isEqualTo("github.personal-access-token");
    assertThat(where(found("glpat-Xy7Wv5Ut3Sr1Qp9On7Ml"))).isEqualTo(".git-credentials:2");
  }

  @Test
  void kubeconfigTokensAndClientKeysAreReadAndExecPluginsNamed() {
    scan(HOME, null);

    Credential token =
        found(
            "eyJhbGciOiJSUzI1NiIsImtpZCI6IkRlcGxveWVyIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6ZGVwbG95ZXIifQ.c2lnbmF0dXJlLW5vdC1yZWFs");
    assertThat(token.ruleId())
        .as("a kubeconfig user's token is a Kubernetes credential, not only a JWT")
        .isEqualTo("kubernetes.kubeconfig-token");
    assertThat(where(token)).isEqualTo(".kube/config:18");
    assertThat(
            sink.credentials.stream()
                .filter(c -> c.secret().reveal().startsWith("-----BEGIN RSA PRIVATE KEY-----")))
        .singleElement()
        .satisfies(c -> assertThat(c.attribute("key")).isEqualTo("client_private_key"));
    assertThat(sink.credentials)
        .noneSatisfy(c -> assertThat(c.attribute("key")).isEqualTo("client-key-data"));
    assertThat(sink.skipped)
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("user eks", "command aws"));
  }

  @Test
  void githubCliAndRailwayCliTokensAreRead() {
    scan(HOME, null);

    assertThat(where(found("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")))
        .isEqualTo(".config/gh/hosts.yml:3");
    Credential railway = found("5b6a7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d");
    assertThat(railway.ruleId()).isEqualTo("railway.cli-config-token");
    assertThat(where(railway)).isEqualTo(".railway/config.json:11");
    assertThat(sink.withSecret("1f0e8c6a-2b4d-4e6f-8a0c-2e4f6a8c0e2f"))
        .as("a project id is not a credential")
        .isEmpty();
  }

  @Test
  void envFilesUnderTheRootAreReadButNotDependenciesOrPlaceholders() {
    scan(HOME, ENV_ROOT);

    assertThat(found("sk_live_51EnvF1l3K3yQ2kLmN8pR4tV6wX9yZ1a").ruleId())
        .isEqualTo("stripe.live-secret-key");
    Credential password = found("Pg5ecr3tV4lu3Qx9");
    assertThat(password.attribute("key")).isEqualTo("DATABASE_PASSWORD");
    assertThat(password.locations().get(0).line()).isEqualTo(3);
    assertThat(found("Sl4ckB0tStag1ngT0k3nValue99").attribute("key")).isEqualTo("SLACK_BOT_TOKEN");
    assertThat(found("sntrys_Qx7Lm2Vz9Kc4Rm8Tx0Pw").attribute("key"))
        .as("an inline comment is not part of the value")
        .isEqualTo("SENTRY_AUTH_TOKEN");
    assertThat(sink.withSecret("N0tR34dB3c4us3N0d3M0dul3s"))
        .as("node_modules is not walked")
        .isEmpty();
    assertThat(sink.withSecret("NotAnEnvFileValue1")).as("only .env files").isEmpty();
    assertThat(sink.credentials)
        .noneSatisfy(c -> assertThat(c.locations().get(0).path()).endsWith(".env.example"));
    assertThat(sink.withSecret("db.internal.test")).isEmpty();
  }

  @Test
  void aValueAGenericRuleAlsoMatchesIsOneCredentialNamedByItsKey() {
    scan(HOME, ENV_ROOT);

    // The bundled generic.password-line rule matches "DATABASE_PASSWORD=..." too; the entry's key
    // wins.
    Credential password = found("Pg5ecr3tV4lu3Qx9");
    assertThat(password.ruleId()).isEqualTo("generic.store-credential");
    assertThat(sink.credentials)
        .filteredOn(c -> c.secret().reveal().equals("Pg5ecr3tV4lu3Qx9"))
        .hasSize(1);
    assertThat(sink.credentials)
        .extracting(Credential::ruleId)
        .doesNotContain("generic.password-line", "generic.password-assignment");
  }

  @Test
  void aMissingHomeIsAClearProblem(@TempDir Path tmp) {
    scan(tmp.resolve("nobody"), null);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("home directory not found", "--home"));
  }

  @Test
  void aMalformedJsonFileIsReportedAndStillScannedAsText(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        home.resolve(".docker/config.json"),
        "{\"auths\": {\"ghcr.io\": {\"identitytoken\": \"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\"\n");

    scan(home, null);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).endsWith(".docker/config.json");
              assertThat(p.message()).contains("not valid JSON", "scanned as plain text");
            });
    assertThat(found("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").ruleId())
        .isEqualTo("github.personal-access-token");
  }

  @Test
  void aServiceAccountKeyFileIsOneCredentialNotOnePerField(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve(".config/gcloud"));
    Files.writeString(
        home.resolve(".config/gcloud/application_default_credentials.json"),
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"payments-prod\",\n  \"private_key_id\": \"3f1c0e7b9a2d4c6e8f0a1b3c5d7e9f1a2b3c4d5e\",\n"
            + "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n\",\n"
            + "  \"client_email\": \"deployer@payments-prod.iam.gserviceaccount.com\"\n}\n");

    scan(home, null);

    assertThat(sink.ruleIds()).containsExactly("gcp.service-account-key");
  }

  @Test
  void noSecretValueAppearsInWhatTheUserSees() {
    scan(HOME, ENV_ROOT);

    assertThat(sink.credentials).hasSizeGreaterThan(15);
    assertThat(sink.visibleText())
        .doesNotContain(
            "kT9vR2xL5mQ8wZ1pN4bC7dF0gH3jK6sA9uE2yW5o",
            "Pg5ecr3tV4lu3Qx9",
            "R3g1stryP4ssw0rdQx7",
            "BEGIN RSA PRIVATE KEY");
  }
}
