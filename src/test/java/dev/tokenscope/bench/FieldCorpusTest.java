package dev.tokenscope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.detect.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCorpusTest {
  @TempDir Path scratch;

  @Test
  void bundledRulesFindThePlantedCredentialsAndNotTheDecoys() throws IOException {
    Map<String, FieldCorpus.Score> scores = FieldCorpus.measure(RuleSet.bundled(), scratch);

    assertThat(scores).containsOnlyKeys("tree", "history");
    FieldCorpus.Score tree = scores.get("tree");
    FieldCorpus.Score history = scores.get("history");
    assertThat(tree.planted()).isEqualTo(new FieldCorpus(18).plantedInTree());
    assertThat(history.planted()).isGreaterThan(tree.planted());
    assertThat(tree.recall()).as("missed %s", tree.missed()).isGreaterThanOrEqualTo(0.95);
    assertThat(tree.precision())
        .as("reported %s", tree.falsePositives())
        .isGreaterThanOrEqualTo(0.95);
    assertThat(history.recall()).as("missed %s", history.missed()).isGreaterThanOrEqualTo(0.95);
    assertThat(history.precision())
        .as("reported %s", history.falsePositives())
        .isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void scoreDropsWhenRulesAreMissing(@TempDir Path rules) throws IOException {
    // Only the generic rules: provider tokens without a secret-looking name go unfound.
    Path bundled = RuleSet.bundledDirectory("rules/detectors");
    Files.copy(bundled.resolve("_filters.yaml"), rules.resolve("_filters.yaml"));
    Files.copy(bundled.resolve("generic.yaml"), rules.resolve("generic.yaml"));

    FieldCorpus.Score tree = FieldCorpus.measure(RuleSet.load(rules), scratch).get("tree");

    assertThat(tree.recall()).isLessThan(0.8);
    assertThat(tree.missed()).contains("Django SECRET_KEY in app/settings.py");
  }

  @Test
  void sameSeedSameCorpus() {
    FieldCorpus a = new FieldCorpus(18);
    FieldCorpus b = new FieldCorpus(18);
    assertThat(a.plantedInTree()).isEqualTo(b.plantedInTree()).isGreaterThanOrEqualTo(45);
    assertThat(a.decoys()).isEqualTo(b.decoys()).isGreaterThanOrEqualTo(100);
  }
}
