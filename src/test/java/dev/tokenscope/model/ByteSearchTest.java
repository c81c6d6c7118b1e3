package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
  private static int naive(byte[] bytes, byte value, int from, int to) {
    for (int i = Math.max(from, 0); i < Math.min(to, bytes.length); i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void indexOfAndIndexOfEitherFindWhatAByteByByteSearchFinds() {
    // Short and long arrays, sparse and dense occurrences, NUL and bytes above 0x7f (negative in
    // Java), and every range whose ends fall on or beside the eight-byte words' edges.
    Random random = new Random(11);
    for (int n = 0; n < 2000; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      int alphabet = 1 + random.nextInt(256);
      int base = random.nextInt(256);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (base + random.nextInt(alphabet));
      }
      byte value = (byte) (base + random.nextInt(alphabet));
      byte other = (byte) (base + random.nextInt(alphabet));
      for (int from = -1; from <= bytes.length + 1; from++) {
        for (int to = from; to <= bytes.length + 2; to++) {
          int first = naive(bytes, value, from, to);
          assertThat(ByteSearch.indexOf(bytes, value, from, to))
              .as("case %d [%d, %d)", n, from, to)
              .isEqualTo(first);
          int second = naive(bytes, other, from, to);
          assertThat(ByteSearch.indexOfEither(bytes, value, other, from, to))
              .as("either, case %d [%d, %d)", n, from, to)
              .isEqualTo(first < 0 ? second : second < 0 ? first : Math.min(first, second));
        }
      }
    }
  }

  @Test
  void firstNonAsciiFindsWhatAByteByByteSearchFinds() {
    Random random = new Random(12);
    for (int n = 0; n < 2000; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly ASCII, now and then a byte with its high bit set.
        bytes[i] =
            (byte) (random.nextInt(12) == 0 ? 128 + random.nextInt(128) : random.nextInt(128));
      }
      for (int from = -1; from <= bytes.length + 1; from++) {
        for (int to = from; to <= bytes.length + 2; to++) {
          int expected = -1;
          for (int i = Math.max(from, 0); i < Math.min(to, bytes.length); i++) {
            if (bytes[i] < 0) {
              expected = i;
              break;
            }
          }
          assertThat(ByteSearch.firstNonAscii(bytes, from, to))
              .as("case %d [%d, %d)", n, from, to)
              .isEqualTo(expected);
        }
      }
    }
  }
}
