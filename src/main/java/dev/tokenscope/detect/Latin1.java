package dev.tokenscope.detect;

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
}
