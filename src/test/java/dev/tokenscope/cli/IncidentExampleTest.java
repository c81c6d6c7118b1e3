package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The motivating incident, end to end and offline, exactly as examples/incident/README.md tells a
 * user to run it: a Railway account token made for custom domains, found in a repository, resolved
 * against Railway's recorded answers, and judged against the team's inventory.
 */
class IncidentExampleTest {
  private static final String TOKEN = "4f9c2d71-8e3a-4b6f-a1d5-93c07e2b8f16";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> findings(String json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(json).path("findings").forEach(out::add);
    return out;
  }

  private static JsonNode kind(List<JsonNode> findings, String kind) {
    return findings.stream()
        .filter(f -> f.path("kind").asText().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " finding"));
  }

  @Test
  void declaredDomainsTokenIsCriticallyDestructiveAndOverPrivileged() throws Exception {
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--inventory",
            "examples/incident/tokens.yaml",
            "--replay",
            "examples/incident/recorded",
            "--format",
            "json",
            "--now",
            "2026-11-25");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    List<JsonNode> findings = findings(run.out());
    JsonNode destructive = kind(findings, "DESTRUCTIVE");
    assertThat(destructive.path("severity").asText()).isEqualTo("critical");
    assertThat(destructive.path("reason").asText())
        .startsWith(
            "Railway account token in `examples/incident/repo/deploy/domains.env:3` can delete volumes")
        .contains("and their backups in workspace acme (production)")
        .endsWith("its declared purpose needs only customDomainCreate, customDomainDelete.");
    assertThat(destructive.path("grant").path("identity").path("tokenType").asText())
        .isEqualTo("account");
    JsonNode over = kind(findings, "OVER_PRIVILEGED");
    assertThat(over.path("severity").asText()).isEqualTo("critical");
    assertThat(over.path("evidence").get(0).asText())
        .isEqualTo(
            "BACKUP_DESTRUCTIVE: volumeDelete, volumeInstanceBackupDelete, volumeInstanceBackupScheduleUpdate");
    assertThat(over.path("evidence").toString()).doesNotContain("customDomainCreate");
    assertThat(findings)
        .extracting(f -> f.path("kind").asText())
        .contains("EXPOSED", "MISPLACED")
        .doesNotContain("UNKNOWN_TOKEN");
    assertThat(run.out()).doesNotContain(TOKEN);
  }

  @Test
  void undeclaredDomainsTokenIsUnknownAndStillCritical() throws Exception {
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--inventory",
            "examples/incident/tokens-unlisted.yaml",
            "--replay",
            "examples/incident/recorded",
            "--format",
            "json",
            "--fail-on",
            "critical");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    List<JsonNode> findings = findings(run.out());
    assertThat(kind(findings, "UNKNOWN_TOKEN").path("reason").asText())
        .contains("not declared in examples/incident/tokens-unlisted.yaml");
    assertThat(kind(findings, "DESTRUCTIVE").path("severity").asText()).isEqualTo("critical");
    assertThat(findings).extracting(f -> f.path("kind").asText()).doesNotContain("OVER_PRIVILEGED");
  }

  @Test
  void withoutResolvingOnlyThePlaintextAndUnknownTokenAreReported() throws Exception {
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--inventory",
            "examples/incident/tokens-unlisted.yaml",
            "--format",
            "json");
    assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(findings(run.out()))
        .as("what the token may do is not known without resolving")
        .extracting(f -> f.path("kind").asText())
        .containsExactlyInAnyOrder("EXPOSED", "UNKNOWN_TOKEN");
  }

  @Test
  void textReportPrintsTheCriticalSentence() {
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--inventory",
            "examples/incident/tokens.yaml",
            "--replay",
            "examples/incident/recorded",
            "--format",
            "text");
    assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.out())
        .contains("!! CRITICAL  railway.api-token (railway)")
        .contains("destructive")
        .contains("volumeInstanceBackupDelete")
        .contains("1 credential (7 findings)");
  }

  /**
   * As a new user runs it: its own JVM, no team key in the environment and a fresh user folder, so
   * the installation makes its own random fingerprint key. The documented command still matches the
   * inventory (its --config gives the example's key), so the token is over-privileged, not unknown.
   */
  @Test
  void theDocumentedCommandGivesTheDocumentedAnswerOnAFreshInstallation(@TempDir Path home)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tokenscope.cli.Main",
            "scan",
            "examples/incident/repo",
            "--config",
            "examples/incident/config.yaml",
            "--inventory",
            "examples/incident/tokens.yaml",
            "--replay",
            "examples/incident/recorded",
            "--format",
            "json",
            "-q");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("TOKENSCOPE_FINGERPRINT_KEY");
    builder.environment().put("TOKENSCOPE_CONFIG_DIR", home.toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCode.FINDINGS);
    List<JsonNode> findings = findings(out);
    assertThat(kind(findings, "DESTRUCTIVE").path("severity").asText()).isEqualTo("critical");
    assertThat(kind(findings, "OVER_PRIVILEGED").path("fingerprint").asText())
        .isEqualTo("fp:5036ea55c4091829c4fad086e4e273d5");
    assertThat(findings).noneMatch(f -> f.path("kind").asText().equals("UNKNOWN_TOKEN"));
    assertThat(new File("examples/incident/README.md"))
        .content()
        .contains(String.join(" ", command.subList(4, 12)));
  }
}
