package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTableTest {
  private static final Path DOCS = Path.of("docs/rules.md");

  @Test
  void docsCoverageTableMatchesTheBundledRules() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    int start = docs.indexOf(CoverageTable.START);
    int end = docs.indexOf(CoverageTable.END);
    assertThat(start).as("docs/rules.md has the coverage table markers").isNotNegative();
    assertThat(end).isGreaterThan(start);
    String current = docs.substring(start + CoverageTable.START.length(), end);
    String expected =
        "\n"
            + CoverageTable.markdown(
                RuleSet.bundled().rules(),
                dev.tokenscope.resolve.liveness.LivenessResolver.bundledRuleIds());
    if (Boolean.getBoolean("tokenscope.updateDocs") && !current.equals(expected)) {
      Files.writeString(
          DOCS,
          docs.substring(0, start + CoverageTable.START.length()) + expected + docs.substring(end));
      return;
    }
    assertThat(current)
        .as(
            "docs/rules.md coverage table is stale: run mvn test -Dtest=CoverageTableTest"
                + " -Dtokenscope.updateDocs=true")
        .isEqualTo(expected);
  }

  @Test
  void rowsNameEachProviderWithItsChecksumsAndResolver() {
    Rule crc = rule("acme.token", "acme", "Acme token", "github-crc32", "github");
    Rule plain = rule("acme.key", "acme", "Acme key", null, null);
    Rule other = rule("zeta.key", "zeta", "Zeta key", null, null);
    String table = CoverageTable.markdown(List.of(other, plain, crc));
    assertThat(table)
        .startsWith("3 rules over 2 providers.")
        .contains("| acme | Acme key; Acme token (2) | github-crc32 | full (github) |")
        .contains("| zeta | Zeta key (1) | no | none |");
    assertThat(table.indexOf("| acme")).isLessThan(table.indexOf("| zeta"));
  }

  @Test
  void rowsSayWhichRulesHaveALivenessCheck() {
    Rule crc = rule("acme.token", "acme", "Acme token", "github-crc32", "github");
    Rule plain = rule("acme.key", "acme", "Acme key", null, null);
    Rule other = rule("zeta.key", "zeta", "Zeta key", null, null);
    String table =
        CoverageTable.markdown(
            List.of(other, plain, crc), java.util.Set.of("acme.key", "zeta.key"));
    assertThat(table)
        .contains(
            "| acme | Acme key; Acme token (2) | github-crc32 | full (github); liveness (1 rule) |")
        .contains("| zeta | Zeta key (1) | no | liveness (1 rule) |");
  }

  private static Rule rule(
      String id, String provider, String name, String checksum, String resolver) {
    return new Rule(
        id,
        name,
        provider,
        List.of("acme"),
        java.util.regex.Pattern.compile("acme"),
        0,
        checksum,
        null,
        0,
        null,
        resolver,
        "high",
        List.of(),
        List.of(),
        "acme.yaml",
        0,
        List.of(),
        true,
        -1,
        false,
        null,
        null);
  }
}
