package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Latin1Test {
  private static int naive(byte[] text, byte value, int from) {
    for (int i = Math.max(from, 0); i < text.length; i++) {
      if (text[i] == value) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void indexOfFindsWhatAByteByByteSearchFinds() {
    // Short and long texts, sparse and dense occurrences, bytes above 0x7f (negative in Java), and
    // every start offset near the eight-byte words' edges.
    Random random = new Random(11);
    for (int n = 0; n < 3000; n++) {
      byte[] text = new byte[random.nextInt(70)];
      int alphabet = 2 + random.nextInt(255);
      for (int i = 0; i < text.length; i++) {
        text[i] = (byte) (0x7a + random.nextInt(alphabet));
      }
      byte value = (byte) (0x7a + random.nextInt(alphabet));
      for (int from = -1; from <= text.length + 1; from++) {
        assertThat(Latin1.indexOf(text, value, from))
            .as("case %d from %d", n, from)
            .isEqualTo(naive(text, value, from));
      }
    }
  }
}
