package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rule file, whatever its bytes, loads into rules and {@link RuleProblem}s naming what is wrong:
 * {@link RuleSet#load} never throws and never hangs. Seeds: {@code RuleSetFuzzTestInputs/}.
 */
class RuleSetFuzzTest {
  private static Path file;

  @FuzzTest(maxDuration = "2m")
  void anyBytesGiveRulesOrProblems(byte[] input) throws IOException {
    if (file == null) {
      file = Files.createTempDirectory("rule-fuzz").resolve("fuzz.yaml");
    }
    Files.write(file, input);
    RuleSet set = RuleSet.load(file);
    assertThat(set).isNotNull();
  }
}
