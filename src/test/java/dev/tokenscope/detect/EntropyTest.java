package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EntropyTest {
  private static String random(Random random, String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static boolean passes(String value, double ruleFloor) {
    return Entropy.of(value) >= Entropy.floor(value, ruleFloor);
  }

  /**
   * Keyword-anchored rules take letters and digits with a 3.5-bit floor; a real key that is all hex
   * (or all digits) must still pass nearly always, whatever its length.
   */
  @Test
  void randomHexAndDigitKeysPassAWideAlphabetsFloor() {
    Random random = new Random(20261207);
    for (String alphabet : new String[] {"0123456789abcdef", "0123456789ABCDEF", "0123456789"}) {
      for (int length : new int[] {20, 24, 32, 40, 64}) {
        int passed = 0;
        for (int i = 0; i < 2000; i++) {
          if (passes(random(random, alphabet, length), 3.5)) {
            passed++;
          }
        }
        // About 1 in 100 missed at 24 characters, fewer above; under 3 in 100 at 20.
        assertThat(passed)
            .as("%s × %d", alphabet, length)
            .isGreaterThanOrEqualTo(length >= 24 ? 1970 : 1940);
      }
    }
  }

  @Test
  void onHexAloneTheOldFloorMissedOneKeyInFive() {
    Random random = new Random(7);
    int under = 0;
    for (int i = 0; i < 2000; i++) {
      if (Entropy.of(random(random, "0123456789abcdef", 32)) < 3.5) {
        under++;
      }
    }
    assertThat(under).isBetween(250, 500); // why the floor is lowered for hex values
  }

  @Test
  void repeatsAndShortCyclesStillFail() {
    assertThat(passes("deadbeef".repeat(4), 3.5)).isFalse();
    assertThat(passes("abcd1234".repeat(4), 3.5)).isFalse();
    assertThat(passes("00000000000000000000000000000000", 3.5)).isFalse();
    assertThat(passes("1212121212121212121212", 3.0)).isFalse();
  }

  @Test
  void valuesOfWiderAlphabetsKeepTheRulesFloor() {
    assertThat(Entropy.floor("Passw0rdPassw0rdPassw0rd", 3.5)).isEqualTo(3.5);
    assertThat(Entropy.floor("ABCDEF0123abcdef", 3.5)).isEqualTo(3.5); // mixed-case hex
    assertThat(Entropy.floor("0123abcd", 2.0)).isEqualTo(2.0); // a rule's lower floor stays
  }
}
