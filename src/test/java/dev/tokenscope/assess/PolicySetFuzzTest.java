package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A policy file, whatever its bytes, loads into a policy set whose problems name what is wrong:
 * {@link PolicySet#load} never throws and never hangs. Seeds: {@code PolicySetFuzzTestInputs/}.
 */
class PolicySetFuzzTest {
  private static Path dir;

  @FuzzTest(maxDuration = "2m")
  void anyBytesGivePoliciesOrProblems(byte[] input) throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("policy-fuzz");
    }
    Files.write(dir.resolve("fuzz.yaml"), input);
    PolicySet set = PolicySet.load(dir);
    assertThat(set).isNotNull();
  }
}
