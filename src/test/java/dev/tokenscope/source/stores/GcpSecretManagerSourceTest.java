package dev.tokenscope.source.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Secret;
import dev.tokenscope.source.Problem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpSecretManagerSourceTest {
  private static final String ACCESS_TOKEN = "ya29.a0AfB_byAuditorT0k3nF0rT3st1ngOnly0123456789";
  private ReplayServer server;
  private final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void start() throws Exception {
    server = ReplayServer.fromDirectory(Path.of("src/test/resources/stores/gcp"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void scan() {
    new GcpSecretManagerSource(
            server.baseUrl("gcp-secrets"),
            "payments-prod",
            () -> new Secret(ACCESS_TOKEN),
            HttpSettings.fast(),
            sink::scanner)
        .read(sink);
  }

  @Test
  void everySecretOnEveryPageIsReadAtItsLatestVersion() {
    scan();

    Credential stripe = sink.withSecret("sk_live_51GcpSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c").orElseThrow();
    assertThat(stripe.ruleId()).isEqualTo("stripe.live-secret-key");
    assertThat(stripe.locations().get(0).display())
        .isEqualTo("gcp-secrets://projects/123456789012/secrets/stripe-api-key#v4");
    Credential password = sink.withSecret("Gcp#Sql9P4ssw0rdQx").orElseThrow();
    assertThat(password.attribute("key")).isEqualTo("password");
    assertThat(sink.withSecret("payments")).isEmpty();
    assertThat(server.received())
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.headers().get("Authorization"))
                  .containsExactly("Bearer " + ACCESS_TOKEN);
            });
    assertThat(server.unmatched()).isEmpty();
  }

  @Test
  void aDisabledLatestVersionFallsBackToTheNewestEnabledOne() {
    scan();

    Credential rotated = sink.withSecret("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").orElseThrow();
    assertThat(rotated.ruleId()).isEqualTo("github.personal-access-token");
    assertThat(rotated.locations().get(0).display())
        .isEqualTo("gcp-secrets://projects/123456789012/secrets/rotated-token#v2");
  }

  @Test
  void aDeniedSecretIsReportedAndABinaryOneSkipped() {
    scan();

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where())
                  .isEqualTo("gcp-secrets://projects/123456789012/secrets/payroll-key");
              assertThat(p.message())
                  .contains("HTTP 403 PERMISSION_DENIED", "secretmanager.versions.access");
            });
    assertThat(sink.skipped)
        .containsExactly(
            new Problem(
                "gcp-secrets://projects/123456789012/secrets/tls-keystore",
                "binary value of 32 bytes; not scanned"));
  }

  @Test
  void anExpiredAccessTokenIsOneClearProblem() {
    server.prepend(
        ReplayServer.Exchange.answer(
            "gcp-secrets",
            "GET",
            "/v1/projects/payments-prod/secrets",
            401,
            "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.\",\"status\":\"UNAUTHENTICATED\"}}"));

    scan();

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains(
                        "cannot list secrets",
                        "HTTP 401 UNAUTHENTICATED",
                        "invalid authentication credentials"));
    assertThat(sink.credentials).isEmpty();
  }

  @Test
  void missingGoogleCredentialsAreAClearProblem() {
    new GcpSecretManagerSource(
            server.baseUrl("gcp-secrets"),
            "payments-prod",
            () -> {
              throw new IllegalStateException(
                  "no Google credentials: run gcloud auth application-default login");
            },
            HttpSettings.fast(),
            sink::scanner)
        .read(sink);

    assertThat(sink.problems)
        .extracting(Problem::message)
        .containsExactly("no Google credentials: run gcloud auth application-default login");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void writesAreRefusedBeforeAnythingIsSent() {
    SafeHttpClient client =
        new SafeHttpClient(
            server.baseUrl("gcp-secrets"), GcpSecretManagerSource.ALLOW_LIST, HttpSettings.fast());

    assertThatThrownBy(
            () ->
                client.post(
                    "/v1/projects/payments-prod/secrets/stripe-api-key:addVersion",
                    "{}",
                    "application/json",
                    Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                client.post(
                    "/v1/projects/payments-prod/secrets/stripe-api-key/versions/4:destroy",
                    "{}",
                    "application/json",
                    Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                client.get(
                    "/v1/projects/payments-prod/secrets/stripe-api-key:getIamPolicy", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void noSecretValueAppearsInWhatTheUserSees() {
    scan();

    assertThat(sink.visibleText())
        .doesNotContain(
            "Gcp#Sql9P4ssw0rdQx", "sk_live_51GcpSmK3yQ2kLmN8pR4tV6wX9yZ1aB3c", ACCESS_TOKEN);
  }
}
