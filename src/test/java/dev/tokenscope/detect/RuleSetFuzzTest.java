package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule file, whatever its bytes, loads into rules and {@link RuleProblem}s naming what is wrong:
 * {@link RuleSet#load} never throws and never hangs. Seeds: {@code RuleSetFuzzTestInputs/}.
 */
class RuleSetFuzzTest {
  /** Removed by JUnit after the class, so repeated runs leave nothing in the temp folder. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "2m")
  void anyBytesGiveRulesOrProblems(byte[] input) throws IOException {
    Path file = dir.resolve("fuzz.yaml");
    Files.write(file, input);
    RuleSet set = RuleSet.load(file);
    assertThat(set).isNotNull();
  }
}
