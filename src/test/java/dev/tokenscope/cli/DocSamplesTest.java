package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The text samples in the README and docs are what the incident example prints today. */
class DocSamplesTest {
  @Test
  void theIncidentBlockInTheDocsIsTheOneTheToolPrints() throws Exception {
    String columns = System.getenv("COLUMNS");
    Assumptions.assumeTrue(columns == null || columns.equals("100"), "samples are 100 wide");
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--config",
            "examples/incident/config.yaml",
            "--inventory",
            "examples/incident/tokens.yaml",
            "--replay",
            "examples/incident/recorded",
            "--format",
            "text");
    String block = run.out().substring(0, run.out().indexOf("\n\n") + 1);
    assertThat(block).startsWith("!! CRITICAL  railway.api-token (railway)");
    String summary =
        run.out().lines().filter(l -> l.startsWith("1 credential")).findFirst().orElseThrow();
    for (String doc :
        new String[] {"README.md", "examples/incident/README.md", "docs/scanning.md"}) {
      assertThat(Files.readString(Path.of(doc))).as(doc).contains(block);
    }
    assertThat(Files.readString(Path.of("docs/scanning.md"))).contains(summary);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The incident scan's JSON report, as the docs' samples describe it. */
  private static JsonNode incidentJson() throws Exception {
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--config",
            "examples/incident/config.yaml",
            "--inventory",
            "examples/incident/tokens.yaml",
            "--replay",
            "examples/incident/recorded",
            "--format",
            "json");
    return JSON.readTree(run.out());
  }

  /** The fenced JSON blocks of a doc, parsed. */
  private static List<JsonNode> jsonBlocks(String doc) throws Exception {
    List<JsonNode> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)```json\\n(.*?)```").matcher(Files.readString(Path.of(doc)));
    while (m.find()) {
      blocks.add(JSON.readTree(m.group(1)));
    }
    return blocks;
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void theJsonReportSampleInScanningHasTheFieldsTheToolWrites() throws Exception {
    JsonNode tool = incidentJson();
    JsonNode doc = jsonBlocks("docs/scanning.md").get(0);
    assertThat(keys(doc)).isEqualTo(keys(tool));
    for (String part : List.of("tool", "hidden", "stats")) {
      assertThat(keys(doc.get(part))).as(part).isEqualTo(keys(tool.get(part)));
    }
    JsonNode credential = tool.get("credentials").get(0);
    assertThat(keys(doc.get("credentials").get(0))).isEqualTo(keys(credential));
    assertThat(keys(doc.get("credentials").get(0).get("risks").get(0)))
        .isEqualTo(keys(credential.get("risks").get(0)));
    assertThat(keys(doc.get("findings").get(0))).isEqualTo(keys(tool.get("findings").get(0)));
  }

  @Test
  void theGrantSampleInResolversHasTheFieldsTheToolWrites() throws Exception {
    JsonNode grant = incidentJson().get("credentials").get(0).get("grant");
    JsonNode doc = jsonBlocks("docs/resolvers.md").get(0);
    assertThat(keys(doc)).isEqualTo(keys(grant));
    assertThat(keys(doc.get("identity"))).isEqualTo(keys(grant.get("identity")));
    assertThat(keys(doc.get("permissions").get(0)))
        .isEqualTo(keys(grant.get("permissions").get(0)));
  }

  @Test
  void theGcpGrantFieldTableNamesTheFieldsTheAuditWrites() throws Exception {
    Cli run =
        Cli.run(
            "audit",
            "gcp",
            "--snapshot",
            "examples/gcp-snapshot-audit/snapshot",
            "--format",
            "json",
            "-q");
    String doc = Files.readString(Path.of("docs/gcp.md"));
    String table = doc.substring(doc.indexOf("### Grant fields"), doc.indexOf("## Auditing"));
    Set<String> documented = new TreeSet<>();
    Matcher m =
        Pattern.compile("^\\| `([a-z_A-Z.]+)(?:\\[\\])?`", Pattern.MULTILINE).matcher(table);
    while (m.find()) {
      documented.add(m.group(1));
    }
    for (JsonNode credential : JSON.readTree(run.out()).get("credentials")) {
      JsonNode grant = credential.get("grant");
      for (String field : documented) {
        JsonNode node = grant;
        for (String part : field.split("\\.")) {
          node = node.path(part);
        }
        assertThat(node.isMissingNode()).as("docs/gcp.md names " + field).isFalse();
      }
      String detailsRow =
          table.lines().filter(l -> l.startsWith("| `identity.details`")).findFirst().orElseThrow();
      for (String detail : keys(grant.get("identity").get("details"))) {
        assertThat(detailsRow)
            .as("docs/gcp.md lists detail " + detail)
            .contains("`" + detail + "`");
      }
    }
  }
}
