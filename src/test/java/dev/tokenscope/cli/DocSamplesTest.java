package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
