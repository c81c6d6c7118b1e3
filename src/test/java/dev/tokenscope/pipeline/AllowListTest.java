package dev.tokenscope.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.source.FileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allow-list of {@code .tokenscope.yaml}: path globs, fingerprints and rule ids. */
class AllowListTest {
  static final String FIXTURE_TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";
  static final String REAL_TOKEN = "tsk_m3n8b1v6c4x9z2l7k5j0";

  @TempDir Path dir;

  private List<Finding> scan(String configYaml) throws Exception {
    Path config = dir.resolve(".tokenscope.yaml");
    Files.writeString(config, configYaml);
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("fixtures/deep"));
    Files.writeString(tree.resolve("fixtures/deep/sample.env"), "TOKEN=" + FIXTURE_TOKEN + "\n");
    Files.writeString(tree.resolve("app.env"), "TOKEN=" + REAL_TOKEN + "\n");
    Pipeline pipeline =
        Pipeline.forRules(
            RuleSet.load(Path.of("src/test/resources/scan/rules")), Config.load(config), null);
    ScanResult result = pipeline.run(List.of(new FileSource(List.of(tree), 1 << 20)), List.of());
    assertThat(result.problems()).isEmpty();
    return result.findings();
  }

  private static List<String> secrets(List<Finding> findings) {
    return findings.stream().map(f -> f.credential().secret().reveal()).toList();
  }

  @Test
  void withoutAnAllowListEverySecretIsReported() throws Exception {
    assertThat(secrets(scan("fail_on: high\n")))
        .containsExactlyInAnyOrder(FIXTURE_TOKEN, REAL_TOKEN);
  }

  @Test
  void aPathGlobHidesSecretsFoundOnlyUnderIt() throws Exception {
    String glob = dir.resolve("tree") + "/fixtures/**";
    assertThat(secrets(scan("allow:\n  paths: ['" + glob + "']\n"))).containsExactly(REAL_TOKEN);
  }

  @Test
  void aPathGlobRelativeToTheCurrentFolderMatchesAbsolutePathsUnderIt() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    Path tree = here.resolve("target/allow-list-test");
    Files.createDirectories(tree.resolve("fixtures"));
    Files.writeString(tree.resolve("fixtures/sample.env"), FIXTURE_TOKEN + "\n");
    Files.writeString(
        dir.resolve("c.yaml"), "allow:\n  paths: ['target/allow-list-test/fixtures/**']\n");
    Pipeline pipeline =
        Pipeline.forRules(
            RuleSet.load(Path.of("src/test/resources/scan/rules")),
            Config.load(dir.resolve("c.yaml")),
            null);
    ScanResult result =
        pipeline.run(List.of(new FileSource(List.of(tree), 1 << 20, false)), List.of());
    assertThat(result.findings()).isEmpty();
  }

  @Test
  void aFingerprintHidesExactlyThatSecretWhereverItIs() throws Exception {
    String fingerprint = Fingerprint.of("fixture.token", FIXTURE_TOKEN);
    assertThat(secrets(scan("allow:\n  fingerprints: ['" + fingerprint + "']\n")))
        .containsExactly(REAL_TOKEN);
  }

  @Test
  void aRuleIdHidesEverythingThatRuleFinds() throws Exception {
    assertThat(scan("allow:\n  rules: [fixture.token]\n")).isEmpty();
  }

  @Test
  void anUnknownKeyInTheConfigIsAnErrorNamingFileAndLine() throws Exception {
    Path config = dir.resolve("typo.yaml");
    Files.writeString(config, "allow:\n  path: ['x/**']\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Config.load(config))
        .hasMessageStartingWith(config + ":2: unknown key 'allow.path'")
        .hasMessageContaining("paths");
  }
}
