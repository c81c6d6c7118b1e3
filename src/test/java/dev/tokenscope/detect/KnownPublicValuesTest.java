package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published example values are not credentials; values named as stand-ins in test files are shown
 * as information only; nothing else is lowered.
 */
class KnownPublicValuesTest {
  private static final RuleSet RULES = RuleSet.bundled();
  private static final Detector DETECTOR = Detector.of(RULES);
  private static final String AZURITE =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final String JWT_IO =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
          + "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  private static final String STRIPE_DOCS = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

  private static List<Credential> detect(String path, String text) {
    return DETECTOR.detect(Chunk.of(text, Location.file(path)));
  }

  private static Severity exposedSeverity(Credential credential) {
    List<Finding> findings =
        new Assessor(Pipeline.ruleSeverities(RULES.rules())).assess(credential, null);
    return findings.stream()
        .filter(f -> f.kind() == FindingKind.EXPOSED)
        .findFirst()
        .orElseThrow()
        .severity();
  }

  @Test
  void everyPublishedValueNamesAnHttpsPageThatPublishesIt() {
    assertThat(RULES.placeholders().published())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.source()).startsWith("https://"))
        .extracting(Placeholders.Published::value)
        .contains(AZURITE, JWT_IO, STRIPE_DOCS, "AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void azuriteKeyInEnvExampleIsNotReported() {
    String line =
        "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey="
            + AZURITE
            + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
    assertThat(detect(".env.example", line)).isEmpty();
  }

  @Test
  void aKeyOneCharacterAwayFromAzuritesIsStillReported() {
    String realLooking = AZURITE.replace("Eby8", "Eby9");
    String line =
        "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeprod;"
            + "AccountKey="
            + realLooking
            + ";EndpointSuffix=core.windows.net";
    assertThat(detect("app/.env", line)).extracting(c -> c.secret().reveal()).contains(realLooking);
  }

  @Test
  void jwtIoTokenAndStripeDocumentedKeyInTestsAreNotReported() {
    assertThat(detect("tests/test_auth.py", "TOKEN = \"" + JWT_IO + "\"")).isEmpty();
    assertThat(detect("tests/test_pay.py", "STRIPE_KEY_EXAMPLE = '" + STRIPE_DOCS + "'")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "billing/tests/test_refunds.py | STRIPE_FAKE_KEY = 'sk_live_Fk29sLq8R2mWb7zTpe4QnXa1'",
        // What a test checks a derivation's output against is the test's own vector.
        "gateway/tests/test_billing.py | EXPECTED_STRIPE_KEY = 'sk_live_Fk29sLq8R2mWb7zTpe4QnXa1'",
        // Prometheus' discovery tests name their values after the test: hcloudTestToken.
        "discovery/hetzner/mock_test.go | const hcloudTestToken = 'FAKE9DAWQ1ZAEFSrCNEEzLCUwhYX1U3g7"
            + "wMg4dTlkkDC96fyDuyJ39nVbVjCKSDfj'"
      })
  void valueNamedAsAStandInInATestFileIsInfo(String path, String line) {
    assertThat(detect(path, line))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.attribute(Credential.CONTEXT)).isEqualTo(TestVectors.VALUE);
              assertThat(exposedSeverity(c)).isEqualTo(Severity.INFO);
            });
  }

  @Test
  void sameValueOutsideTestsOrWithoutAStandInNameKeepsItsSeverity() {
    String token = "sk_live_Fk29sLq8R2mWb7zTpe4QnXa1";
    Credential production =
        detect("billing/settings.py", "STRIPE_FAKE_KEY = '" + token + "'").get(0);
    Credential testButNamedPlainly =
        detect("billing/tests/test_refunds.py", "STRIPE_KEY = '" + token + "'").get(0);
    for (Credential c : List.of(production, testButNamedPlainly)) {
      assertThat(c.attribute(Credential.CONTEXT)).isNull();
      assertThat(exposedSeverity(c)).isEqualTo(Severity.CRITICAL);
    }
  }

  @Test
  void testPathsOfTheCommonLayoutsAreRecognised() {
    assertThat(
            List.of(
                "src/test/java/acme/PayTest.java",
                "tests/test_pay.py",
                "pay/pay_test.go",
                "web/src/__tests__/pay.test.ts",
                "spec/pay_spec.rb",
                "internal/testdata/keys.json",
                "helpdesk/NH.Helpdesk.Tests/FakeCredentials.cs"))
        .allMatch(TestVectors::testPath);
    assertThat(
            List.of(
                "src/main/java/acme/Pay.java",
                "app/settings.py",
                "contest/entry.py",
                "helpdesk/NH.Helpdesk.App/MainForm.cs"))
        .noneMatch(TestVectors::testPath);
  }

  @Test
  void djangoSecretKeyAndGoMysqlDsnAreFound() {
    String django = "django-insecure-k#3v!q9z@w^m2x$7p(r8-t=u+y1b&c0d*e5f6g_h4j)n";
    assertThat(detect("app/settings.py", "SECRET_KEY = '" + django + "'"))
        .extracting(Credential::ruleId, c -> c.secret().reveal())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("django.secret-key", django));
    Credential dsn =
        only(
            detect(
                "cmd/server/main.go",
                "\tdsn := \"orders:Fk29sLq8R2mWb7zT@tcp(mysql.internal:3306)/orders?parseTime=true\""),
            "mysql.go-dsn");
    assertThat(dsn.secret().reveal()).isEqualTo("Fk29sLq8R2mWb7zT");
    assertThat(dsn.attributes())
        .containsEntry("user", "orders")
        .containsEntry("host", "mysql.internal")
        .containsEntry("port", "3306")
        .containsEntry("database", "orders");
  }

  private static Credential only(List<Credential> found, String ruleId) {
    List<Credential> matching = found.stream().filter(c -> c.ruleId().equals(ruleId)).toList();
    assertThat(matching).as("credentials of rule %s in %s", ruleId, found).hasSize(1);
    return matching.get(0);
  }
}
