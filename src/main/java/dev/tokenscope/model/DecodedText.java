package dev.tokenscope.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes read as text, with the same text as one byte per character ({@code latin1}: the character
 * where it is below 256, {@code '?'} otherwise, one for each half of a surrogate pair), which is
 * what the detector's byte scans read. Decoding yields that second form nearly for free, so it is
 * kept rather than derived again from the string.
 *
 * <p>Most files and blobs are ASCII; for them the text is one copy of the bytes and {@code latin1}
 * is the bytes themselves. A history scan decodes every blob cold, in the quick compiler's code,
 * where the JDK's UTF-8 decoder and its Latin-1 encoder test and copy one byte or character at a
 * time: the two were a quarter of a netty history scan's samples. Here ASCII is told eight bytes at
 * a time, and UTF-8 is checked and mapped in one pass.
 *
 * @param latin1 one byte per character of {@code text}; the caller must not change it, as it may be
 *     the array that was decoded
 */
public record DecodedText(String text, byte[] latin1) {
  public DecodedText {
    if (latin1 != null && latin1.length != text.length()) {
      throw new IllegalArgumentException("one byte per character is needed");
    }
  }

  /**
   * The bytes as UTF-8 where they are valid UTF-8, otherwise as ISO-8859-1, which maps every byte
   * to a character, so no token is lost to a decoding error.
   */
  public static DecodedText utf8OrLatin1(byte[] bytes) {
    int first = ByteSearch.firstNonAscii(bytes, 0, bytes.length);
    if (first < 0) {
      return new DecodedText(new String(bytes, StandardCharsets.ISO_8859_1), bytes);
    }
    byte[] mapped = new byte[bytes.length];
    Mapping mapping = mapUtf8(bytes, first, mapped);
    if (mapping == null) {
      // Not UTF-8: every byte is its own character.
      return new DecodedText(new String(bytes, StandardCharsets.ISO_8859_1), bytes);
    }
    byte[] latin1 = Arrays.copyOf(mapped, mapping.characters());
    // When every character is below 256 (accents, ©), the mapped bytes are the whole text.
    String text =
        mapping.narrow()
            ? new String(latin1, StandardCharsets.ISO_8859_1)
            : new String(bytes, StandardCharsets.UTF_8);
    return new DecodedText(text, latin1);
  }

  /** What {@link #mapUtf8} wrote: how many characters, and whether all are below 256. */
  record Mapping(int characters, boolean narrow) {}

  /**
   * The text as one byte per character; for text that came from {@link #utf8OrLatin1} the {@code
   * latin1} it carries is the same.
   */
  public static byte[] of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length == text.length()) {
      return bytes;
    }
    // The encoder writes one '?' for a surrogate pair, which would move every later offset.
    bytes = new byte[text.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = text.charAt(i);
      bytes[i] = c < 256 ? (byte) c : (byte) '?';
    }
    return bytes;
  }

  /**
   * Checks that {@code bytes} are UTF-8 as Java's strict decoder accepts it (shortest forms, no
   * surrogates, nothing above U+10FFFF, nothing cut off) and writes one byte per UTF-16 character
   * into {@code out} ({@code bytes.length} long); null when the bytes are not UTF-8. {@code first}
   * is the offset of the first non-ASCII byte.
   */
  static Mapping mapUtf8(byte[] bytes, int first, byte[] out) {
    int n = bytes.length;
    int i = 0;
    int o = 0;
    boolean narrow = true;
    while (i < n) {
      // ASCII runs, found eight bytes at a time, are copied as they are.
      int stop = i == 0 ? first : ByteSearch.firstNonAscii(bytes, i, n);
      stop = stop < 0 ? n : stop;
      System.arraycopy(bytes, i, out, o, stop - i);
      o += stop - i;
      i = stop;
      if (i == n) {
        break;
      }
      int b = bytes[i] & 0xff;
      if (b >= 0xc2 && b <= 0xdf) {
        if (i + 1 >= n || !continuation(bytes[i + 1])) {
          return null;
        }
        int c = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
        narrow &= c < 256;
        out[o++] = c < 256 ? (byte) c : (byte) '?';
        i += 2;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (i + 2 >= n || !continuation(bytes[i + 2])) {
          return null;
        }
        int second = bytes[i + 1] & 0xff;
        int low = b == 0xe0 ? 0xa0 : 0x80;
        int high = b == 0xed ? 0x9f : 0xbf; // ED A0..BF would be a surrogate
        if (second < low || second > high) {
          return null;
        }
        narrow = false;
        out[o++] = '?';
        i += 3;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (i + 3 >= n || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
          return null;
        }
        int second = bytes[i + 1] & 0xff;
        int low = b == 0xf0 ? 0x90 : 0x80;
        int high = b == 0xf4 ? 0x8f : 0xbf;
        if (second < low || second > high) {
          return null;
        }
        narrow = false;
        out[o++] = '?'; // a surrogate pair: two characters
        out[o++] = '?';
        i += 4;
      } else {
        return null;
      }
    }
    return new Mapping(o, narrow);
  }

  private static boolean continuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
