package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * examples/aws-snapshot-audit: the one-off account audit with an inventory, as its README runs it.
 */
class AwsSnapshotExampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> kindsOf(JsonNode findings, String keyId) {
    List<String> kinds = new ArrayList<>();
    for (JsonNode finding : findings) {
      if (finding.path("secret").asText().equals(keyId)) {
        kinds.add(finding.path("kind").asText());
      }
    }
    return kinds;
  }

  @Test
  void undeclaredKeysAreUnknownAndTheDeployKeyIsOverPrivileged() throws Exception {
    Cli cli =
        Cli.run(
            "audit",
            "aws",
            "--snapshot",
            "examples/aws-snapshot-audit/snapshot",
            "--inventory",
            "examples/aws-snapshot-audit/tokens.yaml",
            "--now",
            "2026-11-25",
            "--format",
            "json");
    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.FINDINGS);
    JsonNode findings = JSON.readTree(cli.out()).path("findings");

    assertThat(kindsOf(findings, "AKIAQYLPMN5HALICEAA2"))
        .contains("UNKNOWN_TOKEN", "ADMIN_EQUIVALENT", "DESTRUCTIVE");
    assertThat(kindsOf(findings, "AKIAQYLPMN5HBOBBBBB2"))
        .doesNotContain("UNKNOWN_TOKEN", "OVER_PRIVILEGED", "MISPLACED");
    assertThat(kindsOf(findings, "AKIAQYLPMN5HCAROLCC2"))
        .contains("OVER_PRIVILEGED")
        .doesNotContain("UNKNOWN_TOKEN", "MISPLACED");
    for (JsonNode finding : findings) {
      assertThat(finding.path("reason").asText()).as("one sentence").hasSizeLessThan(2000);
    }
  }
}
