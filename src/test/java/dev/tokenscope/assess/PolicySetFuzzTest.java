package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy file, whatever its bytes, loads into a policy set whose problems name what is wrong:
 * {@link PolicySet#load} never throws and never hangs. Seeds: {@code PolicySetFuzzTestInputs/}.
 */
class PolicySetFuzzTest {
  /** Removed by JUnit after the class, so repeated runs leave nothing in the temp folder. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "2m")
  void anyBytesGivePoliciesOrProblems(byte[] input) throws IOException {
    Files.write(dir.resolve("fuzz.yaml"), input);
    PolicySet set = PolicySet.load(dir);
    assertThat(set).isNotNull();
  }
}
