package dev.tokenscope.source.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

class AwsStoresTest {
  private AwsJsonApi api;
  private AwsClients clients;
  private final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void start() throws Exception {
    api = new AwsJsonApi();
    clients =
        new AwsClients(
            Region.EU_WEST_1,
            api.endpoint(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    "AKIAQYLPMN5HAUDITOR2", "aUd1t0rS3cr3tK3yF0rT3st1ngOnlyAbCdEfGhIj")));
    api.on(
            "secretsmanager.ListSecrets",
            body ->
                body.has("NextToken")
                    ? AwsJsonApi.Reply.ok("list-secrets-page2.json")
                    : AwsJsonApi.Reply.ok("list-secrets-page1.json"))
        .on(
            "secretsmanager.GetSecretValue",
            body -> {
              String id = body.path("SecretId").asText();
              if (id.contains("stripe")) {
                return AwsJsonApi.Reply.ok("get-stripe.json");
              } else if (id.contains("master-password")) {
                return AwsJsonApi.Reply.ok("get-db.json");
              } else if (id.contains("keystore")) {
                return AwsJsonApi.Reply.ok("get-keystore.json");
              } else if (id.contains("github_token")) {
                return AwsJsonApi.Reply.ok("get-github-binary.json");
              }
              return AwsJsonApi.Reply.error(400, "access-denied-payroll.json");
            })
        .on(
            "AmazonSSM.GetParametersByPath",
            body ->
                body.has("NextToken")
                    ? AwsJsonApi.Reply.ok("ssm-page2.json")
                    : AwsJsonApi.Reply.ok("ssm-page1.json"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void scanSecrets() {
    new AwsSecretsManagerSource(clients, sink::scanner).read(sink);
  }

  @Test
  void everySecretOnEveryPageIsReadAtItsCurrentVersion() {
    scanSecrets();

    assertThat(api.calls.stream().filter(c -> c.operation().equals("secretsmanager.ListSecrets")))
        .hasSize(2);
    Credential stripe = sink.withSecret("sk_live_51AwsSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c").orElseThrow();
    assertThat(stripe.ruleId()).isEqualTo("stripe.live-secret-key");
    Location where = stripe.locations().get(0);
    assertThat(where.display())
        .isEqualTo("aws-secrets://prod/payments/stripe#e3b0c442-98fc-4c14-9af1-1b2c3d4e5f60");
    assertThat(where.date()).hasToString("2026-03-02T09:14:07.517Z");
    // A JSON secret is read field by field; a plain-string secret is named after the secret.
    assertThat(
            sink.withSecret("whsec_AwsQ9mB7xK2vL5nP8rT1wY4zA6cE3g").orElseThrow().attribute("key"))
        .isEqualTo("webhook_secret");
    assertThat(sink.withSecret("Rds#M4st3rP4ssw0rd2026").orElseThrow().attribute("key"))
        .isEqualTo("master-password");
    assertThat(sink.withSecret("pk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3"))
        .as("a publishable key is public")
        .isEmpty();
    // Every GetSecretValue asks by ARN for the default (AWSCURRENT) version.
    assertThat(
            api.calls.stream().filter(c -> c.operation().equals("secretsmanager.GetSecretValue")))
        .hasSize(5)
        .allSatisfy(
            c -> {
              assertThat(c.body().path("SecretId").asText()).startsWith("arn:aws:secretsmanager:");
              assertThat(c.body().has("VersionId")).isFalse();
            });
  }

  @Test
  void binarySecretsAreDecodedWhenTextAndSkippedWhenNot() {
    scanSecrets();

    assertThat(sink.withSecret("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").orElseThrow().ruleId())
        .isEqualTo("github.personal-access-token");
    assertThat(sink.skipped)
        .containsExactly(
            new Problem(
                "aws-secrets://prod/tls/keystore", "binary value of 48 bytes; not scanned"));
  }

  @Test
  void aSecretTheAuditorMayNotReadIsReportedAndTheOthersAreStillRead() {
    scanSecrets();

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo("aws-secrets://hr/payroll/api_key");
              assertThat(p.message())
                  .contains(
                      "AccessDeniedException",
                      "not authorized to perform: secretsmanager:GetSecretValue",
                      "permission denied");
            });
    assertThat(sink.withSecret("Rds#M4st3rP4ssw0rd2026")).isPresent();
  }

  @Test
  void expiredCredentialsAreOneClearProblem() {
    api.on(
        "secretsmanager.ListSecrets",
        body ->
            new AwsJsonApi.Reply(
                400,
                "{\"__type\":\"ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}"));

    scanSecrets();

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains(
                        "cannot list secrets",
                        "ExpiredTokenException",
                        "expired",
                        "aws sso login"));
    assertThat(sink.credentials).isEmpty();
  }

  @Test
  void parametersOnEveryPageAreReadRecursivelyWithDecryption() {
    new AwsParameterStoreSource(clients, "/prod", sink::scanner).read(sink);

    assertThat(api.calls)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.body().path("Path").asText()).isEqualTo("/prod");
              assertThat(c.body().path("Recursive").asBoolean()).isTrue();
              assertThat(c.body().path("WithDecryption").asBoolean()).isTrue();
            });
    Credential stripe = sink.withSecret("sk_live_51SsmP4r4mK3yQ2kLmN8pR4tV6wX9yZ").orElseThrow();
    assertThat(stripe.ruleId()).isEqualTo("stripe.live-secret-key");
    assertThat(stripe.locations().get(0).display())
        .isEqualTo("aws-ssm:///prod/payments/stripe_api_key#v4");
    Credential password = sink.withSecret("Ssm#Db9P4ssw0rdQx").orElseThrow();
    assertThat(password.attribute("key")).isEqualTo("password");
    assertThat(sink.withSecret("db.prod.internal.test")).isEmpty();
    assertThat(sink.withSecret("placeholder")).isEmpty();
  }

  @Test
  void aDeniedParameterPathIsReportedWithWhatIsNeeded() {
    api.on(
        "AmazonSSM.GetParametersByPath",
        body ->
            new AwsJsonApi.Reply(
                400,
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/hr\"}"));

    new AwsParameterStoreSource(clients, "/hr", sink::scanner).read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo("aws-ssm:///hr");
              assertThat(p.message()).contains("AccessDeniedException", "ssm:GetParametersByPath");
            });
  }

  @Test
  void aHugeSecretIsSkippedWithItsSizeAndTheOthersAreRead() {
    String huge = "A".repeat(2 * 1024 * 1024);
    api.on(
        "secretsmanager.GetSecretValue",
        body ->
            body.path("SecretId").asText().contains("master-password")
                ? new AwsJsonApi.Reply(
                    200,
                    "{\"Name\":\"prod/db/master-password\",\"VersionId\":\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\"SecretString\":\""
                        + huge
                        + "\"}")
                : AwsJsonApi.Reply.ok("get-stripe.json"));

    scanSecrets();

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).isEqualTo("aws-secrets://prod/db/master-password");
              assertThat(p.message()).contains("2097152 bytes", "--store-max-value-size");
            });
    assertThat(sink.withSecret("sk_live_51AwsSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c")).isPresent();
  }

  @Test
  void writesAreRefusedBeforeAnythingIsSent() {
    try (SecretsManagerClient secrets = clients.secretsManager();
        SsmClient ssm = clients.ssm()) {
      assertThatThrownBy(
              () ->
                  secrets.putSecretValue(r -> r.secretId("prod/payments/stripe").secretString("x")))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("not on its read-only allow-list");
      assertThatThrownBy(
              () ->
                  secrets.deleteSecret(
                      r -> r.secretId("prod/payments/stripe").forceDeleteWithoutRecovery(true)))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("not on its read-only allow-list");
      assertThatThrownBy(
              () ->
                  secrets.updateSecret(
                      r ->
                          r.secretId("prod/tls/keystore")
                              .secretBinary(SdkBytes.fromUtf8String("x"))))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("not on its read-only allow-list");
      assertThatThrownBy(
              () -> ssm.putParameter(r -> r.name("/prod/db/password").value("x").overwrite(true)))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("not on its read-only allow-list");
      assertThatThrownBy(() -> ssm.deleteParameter(r -> r.name("/prod/db/password")))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("not on its read-only allow-list");
    }
    assertThat(api.calls).isEmpty();
  }

  @Test
  void noSecretValueAppearsInWhatTheUserSees() {
    scanSecrets();
    new AwsParameterStoreSource(clients, "/prod", sink::scanner).read(sink);

    assertThat(sink.visibleText())
        .doesNotContain(
            "Rds#M4st3rP4ssw0rd2026",
            "Ssm#Db9P4ssw0rdQx",
            "sk_live_51AwsSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c");
  }
}
