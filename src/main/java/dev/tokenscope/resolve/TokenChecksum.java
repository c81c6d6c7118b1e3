package dev.tokenscope.resolve;

import java.util.zip.CRC32;

/**
 * The checksum GitHub and npm put in their tokens ({@code ghp_}, {@code npm_} …): the last six
 * characters are the CRC32 of the random part, in base62. A token whose checksum holds was issued
 * by the provider, so when the provider now refuses it, it was revoked or has expired rather than
 * never existed.
 */
public final class TokenChecksum {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private TokenChecksum() {}

  /** True when {@code token} is {@code prefix} + 30 random base62 characters + their checksum. */
  public static boolean holds(String token, String prefix) {
    if (!token.startsWith(prefix) || token.length() != prefix.length() + 36) {
      return false;
    }
    String random = token.substring(prefix.length(), prefix.length() + 30);
    return encode(random).equals(token.substring(prefix.length() + 30));
  }

  /** The six-character checksum of {@code random} (used by tests to make well-formed fixtures). */
  public static String encode(String random) {
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[6];
    for (int i = 5; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }
}
