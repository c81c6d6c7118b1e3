package dev.tokenscope.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A text as one byte per character (ISO-8859-1; other characters become {@code '?'}), for the
 * byte-at-a-time scans of the detector. Offsets in the bytes are offsets in the text. Every keyword
 * and every encoding alphabet is ASCII, so nothing of interest is lost in the mapping.
 */
final class Latin1 {
  private Latin1() {}

  static byte[] of(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The first offset at or after {@code from} of the byte, or -1. Eight bytes at a time: a word
   * holds the byte exactly when the word XOR the byte repeated has a zero byte, which {@code (w -
   * 0x01…) & ~w & 0x80…} tells without a false positive. A one-shot run executes this in the quick
   * compiler's code, where {@code String.indexOf} is a byte-at-a-time loop, four times slower; it
   * looked for {@code %} in every blob of a history.
   */
  static int indexOf(byte[] text, byte value, int from) {
    long pattern = (value & 0xffL) * ONES;
    int i = Math.max(from, 0);
    for (; i + Long.BYTES <= text.length; i += Long.BYTES) {
      long word = (long) LONGS.get(text, i) ^ pattern;
      if (((word - ONES) & ~word & HIGHS) != 0) {
        break;
      }
    }
    for (; i < text.length; i++) {
      if (text[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
