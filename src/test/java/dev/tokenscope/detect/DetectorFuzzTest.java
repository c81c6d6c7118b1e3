package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import java.nio.charset.StandardCharsets;

/**
 * Scanned content is hostile: the bundled detector takes any text without an exception or a hang,
 * and no finding shows its whole secret in the redacted form that reaches reports. Seeds: {@code
 * DetectorFuzzTestInputs/}.
 */
class DetectorFuzzTest {
  private static final Detector DETECTOR = Detector.of(RuleSet.bundled());

  @FuzzTest(maxDuration = "3m")
  void anyTextIsScannedWithoutShowingAWholeSecret(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (Credential found : DETECTOR.detect(Chunk.of(text, Location.file("fuzz.txt")))) {
      if (found.secret() == null || found.secret().length() == 0) {
        continue;
      }
      String redacted = found.redacted();
      int tail = redacted.lastIndexOf("…(");
      String shownHead = tail < 0 ? redacted : redacted.substring(0, tail);
      assertThat(shownHead)
          .as("redacted form of a %s finding", found.ruleId())
          .doesNotContain(found.secret().reveal());
      assertThat(found.toString()).doesNotContain("secret=" + found.secret().reveal());
    }
  }
}
