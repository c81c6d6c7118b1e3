package dev.tokenscope.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the SARIF output against what SARIF 2.1.0 requires and what GitHub code scanning reads (no
 * network here, so the structure is checked field by field rather than by the online schema).
 */
class SarifReportTest {
  static final String TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";
  static final Path BASE = Path.of("/work/project");
  static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

  private static Finding finding(FindingKind kind, Severity severity, Location... where) {
    Credential credential =
        Credential.found("fixture.token", "fixture", new Secret(TOKEN), Map.of(), List.of(where));
    return Finding.of(kind, severity, credential, null, "Plaintext fixture credential.", List.of());
  }

  private static JsonNode render(List<Finding> findings, List<Problem> problems) throws Exception {
    RuleSet rules = RuleSet.load(Path.of("src/test/resources/scan/rules"));
    StringWriter out = new StringWriter();
    new SarifReport(rules.rules(), BASE)
        .write(new ScanResult(findings, new ScanResult.Stats(1, 0, 10, 0, 0.1), problems), out);
    assertThat(out.toString()).doesNotContain(TOKEN);
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void theLogHasEveryFieldGitHubCodeScanningNeeds() throws Exception {
    Credential credential =
        Credential.found(
            "fixture.token",
            "fixture",
            new Secret(TOKEN),
            Map.of(),
            List.of(
                Location.file("/work/project/src/app.env").at(3, 9),
                new Location(
                    "git",
                    "deploy/old config.yaml",
                    12,
                    5,
                    "a".repeat(40),
                    "Ann <ann@example.com>",
                    Instant.parse("2024-01-01T00:00:00Z"),
                    null)));
    JsonNode log =
        render(
            List.of(
                Finding.of(
                    FindingKind.EXPOSED,
                    Severity.HIGH,
                    credential,
                    null,
                    "Plaintext fixture credential.",
                    List.of()),
                Finding.of(
                    FindingKind.DESTRUCTIVE,
                    Severity.CRITICAL,
                    credential,
                    null,
                    "Can delete `prod` data.",
                    List.of("DESTRUCTIVE: dbDelete"))),
            List.of());
    assertThat(log.path("$schema").asText())
        .isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    assertThat(log.path("runs")).hasSize(1);
    JsonNode run = log.path("runs").get(0);
    JsonNode driver = run.path("tool").path("driver");
    assertThat(driver.path("name").asText()).isEqualTo("tokenscope");
    assertThat(driver.path("version").asText()).isNotBlank();
    assertThat(driver.path("informationUri").asText()).startsWith("https://");
    JsonNode rules = driver.path("rules");
    assertThat(rules.isArray()).isTrue();
    Set<String> ruleIds = new HashSet<>();
    for (JsonNode rule : rules) {
      assertThat(ruleIds.add(rule.path("id").asText())).as("rule ids are unique").isTrue();
      assertThat(rule.path("name").asText()).matches("[A-Za-z0-9]+");
      assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
      assertThat(LEVELS).contains(rule.path("defaultConfiguration").path("level").asText());
      assertThat(rule.path("properties").path("tags").isArray()).isTrue();
      assertThat(Double.parseDouble(rule.path("properties").path("security-severity").asText()))
          .isBetween(0.0, 10.0);
    }
    assertThat(ruleIds).containsExactly("fixture.token");
    assertThat(rules.get(0).path("shortDescription").path("text").asText())
        .isEqualTo("Fixture token found");
    assertThat(rules.get(0).at("/properties/security-severity").asText()).isEqualTo("9.5");

    JsonNode results = run.path("results");
    assertThat(results).hasSize(2);
    for (JsonNode result : results) {
      String ruleId = result.path("ruleId").asText();
      assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(ruleId);
      assertThat(LEVELS).contains(result.path("level").asText());
      assertThat(result.path("message").path("text").asText()).isNotBlank();
      assertThat(result.path("partialFingerprints").path("tokenscope/v1").asText())
          .matches("fp:[0-9a-f]{32}:.+");
      assertThat(result.path("level").asText()).as("the credential's highest").isEqualTo("error");
      assertThat(result.path("message").path("text").asText())
          .contains("CRITICAL")
          .contains("- critical destructive: can dbDelete")
          .contains("- high exposed: plaintext in 2 places")
          .contains("Fix: rotate it at fixture");
      assertThat(result.path("locations")).isNotEmpty();
      for (JsonNode location : result.path("locations")) {
        JsonNode physical = location.path("physicalLocation");
        String uri = physical.path("artifactLocation").path("uri").asText();
        assertThat(uri).doesNotStartWith("/").doesNotContain("://").doesNotContain(" ");
        assertThat(physical.path("region").path("startLine").asInt()).isPositive();
        assertThat(physical.path("region").path("startColumn").asInt()).isPositive();
      }
    }
    assertThat(results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("src/app.env");
    assertThat(results.get(0).at("/locations/0/physicalLocation/region/startLine").asInt())
        .isEqualTo(3);
    assertThat(results.get(0).path("level").asText()).isEqualTo("error");
    assertThat(results.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("deploy/old%20config.yaml");
    assertThat(results.get(1).at("/locations/0/properties/commit").asText())
        .isEqualTo("a".repeat(40));
    assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
  }

  @Test
  void oneRuleEntryServesEveryResultOfThatRule() throws Exception {
    Finding one = finding(FindingKind.EXPOSED, Severity.MEDIUM, Location.file("a.env").at(1, 1));
    Credential other =
        Credential.found(
            "fixture.token",
            "fixture",
            new Secret("tsk_m3n8b1v6c4x9z2l7k5j0"),
            Map.of(),
            List.of(Location.file("b.env").at(2, 1)));
    Finding two =
        Finding.of(FindingKind.EXPOSED, Severity.MEDIUM, other, null, "Plaintext.", List.of());
    JsonNode run = render(List.of(one, two), List.of()).path("runs").get(0);
    assertThat(run.at("/tool/driver/rules")).hasSize(1);
    assertThat(run.path("results").findValuesAsText("ruleIndex")).containsExactly("0", "0");
    assertThat(run.at("/results/0/level").asText()).isEqualTo("warning");
    assertThat(run.at("/tool/driver/rules/0/properties/security-severity").asText())
        .isEqualTo("5.5");
  }

  @Test
  void unreadableInputsBecomeErrorNotificationsOfAnUnsuccessfulRun() throws Exception {
    JsonNode run =
        render(List.of(), List.of(new Problem("repo (commit abc)", "cannot read its tree")))
            .path("runs")
            .get(0);
    assertThat(run.path("results")).isEmpty();
    assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/level").asText())
        .isEqualTo("error");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .isEqualTo("repo (commit abc): cannot read its tree");
  }

  @Test
  void accountAuditCredentialsAreLeftOutWithANoteNotGivenAMadeUpUri() throws Exception {
    Credential account =
        new Credential(
            "aws.iam-access-key",
            "aws",
            null,
            Map.of("id", "AKIAEXAMPLEKEYID0001"),
            "fp:00000000000000000000000000000001",
            List.of(Location.store("provider-account", "aws iam user alice", null)));
    Finding f =
        Finding.of(FindingKind.LONG_LIVED, Severity.MEDIUM, account, null, "Old key.", List.of());
    JsonNode run = render(List.of(f), List.of()).path("runs").get(0);
    assertThat(run.path("results")).isEmpty();
    assertThat(run.toString()).doesNotContain("aws%20iam").doesNotContain("aws iam user alice");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/level").asText())
        .isEqualTo("note");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .startsWith(
            "1 credential found in provider accounts or secret stores is not in this SARIF");
  }

  @Test
  void controlCharactersInPathsAndReasonsAreEscapedInMessages() throws Exception {
    Credential credential =
        Credential.found(
            "fixture.token",
            "fixture",
            new Secret(TOKEN),
            Map.of(),
            List.of(Location.file("/work/project/a\u001b[31m.env").at(1, 1)));
    Finding f =
        Finding.of(
            FindingKind.STALE,
            Severity.LOW,
            credential,
            null,
            "Unused\u001b]0;x\u0007 for a year.",
            List.of());
    JsonNode run = render(List.of(f), List.of()).path("runs").get(0);
    String message = run.at("/results/0/message/text").asText();
    assertThat(message)
        .doesNotContain("\u001b")
        .contains("\\x1b[31m.env")
        .contains("\\x1b]0;x\\x07");
    assertThat(run.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asText())
        .doesNotContain("\u001b");
  }
}
