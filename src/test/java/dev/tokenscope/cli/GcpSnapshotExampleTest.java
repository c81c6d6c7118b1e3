package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * examples/gcp-snapshot-audit: the one-off project audit with an inventory, as its README runs it.
 */
class GcpSnapshotExampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIREBASE = "5e1f0c9a7b3d2e4f6a8b0c1d2e3f4a5b6c7d8e9f";
  private static final String DNS = "7a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b";
  private static final String SQL = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b";
  private static final String REPORTING = "3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e";

  private static List<JsonNode> of(JsonNode findings, String keyId) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode finding : findings) {
      if (finding.path("secret").asText().equals(keyId)) {
        out.add(finding);
      }
    }
    return out;
  }

  private static List<String> kinds(List<JsonNode> findings) {
    return findings.stream().map(f -> f.path("kind").asText()).toList();
  }

  @Test
  void theDnsKeyIsOverPrivilegedAndTheUndeclaredKeysCanDestroyData() throws Exception {
    Cli cli =
        Cli.run(
            "audit",
            "gcp",
            "--snapshot",
            "examples/gcp-snapshot-audit/snapshot",
            "--inventory",
            "examples/gcp-snapshot-audit/tokens.yaml",
            "--now",
            "2026-11-25",
            "--format",
            "json");
    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.FINDINGS);
    JsonNode findings = JSON.readTree(cli.out()).path("findings");

    assertThat(kinds(of(findings, FIREBASE)))
        .contains("UNKNOWN_TOKEN", "DESTRUCTIVE", "PRIVILEGE_ESCALATION");
    assertThat(kinds(of(findings, SQL))).contains("UNKNOWN_TOKEN", "DESTRUCTIVE");
    assertThat(of(findings, SQL))
        .anySatisfy(
            f ->
                assertThat(f.path("reason").asText())
                    .contains("cloudsql.instances.delete")
                    .contains("and its backups"));

    List<JsonNode> dns = of(findings, DNS);
    assertThat(kinds(dns)).contains("OVER_PRIVILEGED").doesNotContain("UNKNOWN_TOKEN");
    // The excess no policy names is listed most powerful first: deleting the zone leads.
    assertThat(dns)
        .filteredOn(f -> f.path("kind").asText().equals("OVER_PRIVILEGED"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.path("reason").asText())
                    .contains("other things (dns.managedZones.delete, ")
                    .doesNotContain("roles/dns.admin"));

    assertThat(kinds(of(findings, REPORTING)))
        .doesNotContain("UNKNOWN_TOKEN", "DESTRUCTIVE", "PRIVILEGE_ESCALATION");
  }
}
