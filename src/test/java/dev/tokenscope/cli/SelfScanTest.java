package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenscope scans its own repository (the tests run in the project folder) with all bundled rules
 * and the checked-in {@code .tokenscope.yaml}: nothing may be found and nothing may fail.
 */
class SelfScanTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theRepositoryHasNoCredentialsOutsideItsAllowListedFixtures() throws Exception {
    Cli cli = Cli.run("scan", "--format", "json", ".");
    JsonNode report = JSON.readTree(cli.out());
    assertThat(report.path("errors")).as(cli.err()).isEmpty();
    assertThat(report.path("findings")).as("findings outside the allow-list").isEmpty();
    assertThat(cli.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(report.path("stats").path("files").asLong())
        .as("the whole tree was read")
        .isGreaterThan(40);
  }

  @Test
  void withoutTheAllowListTheFixturesAreFoundAndEachIsAllowListedByPathOrFingerprint(
      @TempDir Path dir) throws Exception {
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "allow: {}\n");
    Cli cli = Cli.run("scan", "--format", "json", "--config", empty.toString(), ".");
    JsonNode findings = JSON.readTree(cli.out()).path("findings");
    assertThat(findings).as("the planted examples are found").isNotEmpty();
    Config.Allow allow = Config.load(Path.of(Config.FILE_NAME)).allow();
    List<PathMatcher> allowed =
        allow.paths().stream()
            .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
            .toList();
    for (JsonNode finding : findings) {
      if (allow.fingerprints().contains(finding.path("fingerprint").asText())) {
        continue;
      }
      for (JsonNode path : finding.findValues("path")) {
        Path p = Path.of(path.asText()).normalize();
        assertThat(allowed).as(p + " is allow-listed").anyMatch(m -> m.matches(p));
      }
    }
  }

  @Test
  void theLeakyExampleIsScannedWithItsOwnConfigAndEveryPlantedProviderIsFound() throws Exception {
    Cli cli = Cli.run("scan", "--format", "json", "examples/leaky-repo");
    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.FINDINGS);
    JsonNode findings = JSON.readTree(cli.out()).path("findings");
    Set<String> found = findings.findValuesAsText("provider").stream().collect(Collectors.toSet());
    Set<String> covered =
        RuleSet.bundled().rules().stream().map(r -> r.provider()).collect(Collectors.toSet());
    // Each provider planted in the example must be found whenever the bundled rules cover it.
    for (String provider : List.of("aws", "github", "slack", "stripe", "postgresql", "railway")) {
      if (covered.contains(provider)) {
        assertThat(found).as("planted " + provider + " fake").contains(provider);
      }
    }
    assertThat(found).contains("aws");
  }
}
