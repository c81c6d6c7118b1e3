package dev.tokenscope.detect;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Some of many strings stored back to back as UTF-8, each decoded when it is asked for. The rules'
 * examples and negative examples are about half the strings of the compiled rules, and only {@code
 * rules test} reads them: decoding them all on every run was about a tenth of a three-file scan's
 * start-up. Unmodifiable, like the lists a rule otherwise holds.
 */
final class StoredStrings extends AbstractList<String> implements RandomAccess {
  private final byte[] utf8;
  private final int[] ends;
  private final int from;
  private final int size;

  /**
   * Strings {@code from} to {@code from + size - 1} of the store: string {@code k} is the bytes
   * from {@code ends[k - 1]} (0 for the first) to {@code ends[k]}.
   */
  StoredStrings(byte[] utf8, int[] ends, int from, int size) {
    if (from < 0 || size < 0 || from + size > ends.length) {
      throw new IllegalArgumentException("strings " + from + "+" + size + " are not in the store");
    }
    this.utf8 = utf8;
    this.ends = ends;
    this.from = from;
    this.size = size;
  }

  @Override
  public String get(int index) {
    Objects.checkIndex(index, size);
    int k = from + index;
    int start = k == 0 ? 0 : ends[k - 1];
    return new String(utf8, start, ends[k] - start, StandardCharsets.UTF_8);
  }

  @Override
  public int size() {
    return size;
  }
}
