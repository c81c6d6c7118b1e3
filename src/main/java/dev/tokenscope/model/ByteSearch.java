package dev.tokenscope.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte, or the first byte that is not ASCII, in a byte array eight bytes at a time. A word
 * holds the byte exactly when the word XOR the byte repeated has a zero byte, which {@code (w -
 * 0x01…) & ~w & 0x80…} tells without a false positive. A one-shot run executes this in the quick
 * compiler's code, where a byte-at-a-time loop (as {@code String.indexOf} is there) is about four
 * times slower; a history scan looks for a NUL in, and a {@code %} through, every blob.
 */
public final class ByteSearch {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private ByteSearch() {}

  /** The first offset in [from, to) of the byte, or -1; {@code to} is clamped to the array. */
  public static int indexOf(byte[] bytes, byte value, int from, int to) {
    int end = Math.min(to, bytes.length);
    long pattern = (value & 0xffL) * ONES;
    int i = Math.max(from, 0);
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i) ^ pattern;
      if (((word - ONES) & ~word & HIGHS) != 0) {
        break;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first offset in [from, to) of either byte, or -1; {@code to} is clamped to the array. One
   * pass where two {@link #indexOf} passes would read the text twice.
   */
  public static int indexOfEither(byte[] bytes, byte a, byte b, int from, int to) {
    int end = Math.min(to, bytes.length);
    long patternA = (a & 0xffL) * ONES;
    long patternB = (b & 0xffL) * ONES;
    int i = Math.max(from, 0);
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long x = word ^ patternA;
      long y = word ^ patternB;
      if (((((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS) != 0) {
        break;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] == a || bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first offset in [from, to) of a byte that is not ASCII (its high bit set), or -1; {@code
   * to} is clamped to the array.
   */
  public static int firstNonAscii(byte[] bytes, int from, int to) {
    int end = Math.min(to, bytes.length);
    int i = Math.max(from, 0);
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      if (((long) LONGS.get(bytes, i) & HIGHS) != 0) {
        break;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] < 0) {
        return i;
      }
    }
    return -1;
  }
}
