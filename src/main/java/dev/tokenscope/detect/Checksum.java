package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A structural check a token carries by design, named by a rule's {@code checksum:} field. A value
 * that fails it is not a token of that kind (a typo, a truncated copy, a made-up example), so
 * checking it removes false positives that no regex can.
 */
sealed interface Checksum {

  /** The checksums a rule may name. */
  Map<String, Checksum> ALL =
      Map.of(
          "github-crc32", new Base62Crc32(),
          "npm-crc32", new Base62Crc32(),
          "pypi-macaroon", new PypiMacaroon(),
          "sentry-org-token", new SentryOrgToken(),
          "jwt", new JwtStructure(),
          "base64", new Base64Text(),
          "bip39", new Bip39());

  boolean valid(String secret);

  /**
   * What a valid secret tells beyond being valid, read in the same pass as the check; null when the
   * secret fails it. Most checks tell nothing more ({@link Reading#NOTHING}).
   */
  default Reading read(String secret) {
    return valid(secret) ? Reading.NOTHING : null;
  }

  /**
   * What the detector takes from a checked secret: the text under its encoding, which the
   * placeholder filter reads too (null when there is none), and public attributes the token carries
   * (a JWT's expiry).
   */
  record Reading(String decodedText, Map<String, String> attributes) {
    static final Reading NOTHING = new Reading(null, Map.of());
  }

  static Checksum named(String name) {
    return ALL.get(name);
  }

  /** The JSON a base64 part encodes, or null when it is not base64 or not JSON. */
  private static JsonNode decodedJson(Base64.Decoder decoder, String part) {
    try {
      return Json.MAPPER.readTree(decoder.decode(part));
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
  }

  /**
   * GitHub's classic token format (2021) and npm's (likewise): {@code prefix_} + 30 random base62
   * characters + 6 characters that are the CRC32 of the random part, in base62 (0-9A-Za-z), padded
   * with zeros. Documented in "Behind GitHub's new authentication token formats" and "Announcing
   * npm's new access token format" (GitHub blog).
   */
  final class Base62Crc32 implements Checksum {
    private static final String BASE62 =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Override
    public boolean valid(String secret) {
      int underscore = secret.indexOf('_');
      if (underscore < 0 || secret.length() - underscore - 1 < 7) {
        return false;
      }
      String random = secret.substring(underscore + 1, secret.length() - 6);
      return encode(crc32(random)).equals(secret.substring(secret.length() - 6));
    }

    static long crc32(String text) {
      CRC32 crc = new CRC32();
      crc.update(text.getBytes(StandardCharsets.US_ASCII));
      return crc.getValue();
    }

    static String encode(long value) {
      char[] out = new char[6];
      for (int i = 5; i >= 0; i--) {
        out[i] = BASE62.charAt((int) (value % 62));
        value /= 62;
      }
      return new String(out);
    }
  }

  /**
   * PyPI API tokens: {@code pypi-} + the base64url of a version-2 macaroon (the binary format of
   * libmacaroons / pymacaroons, documented in the macaroon v2 serialization spec) whose location is
   * {@code pypi.org} or {@code test.pypi.org}. Checks the version byte, the field structure and the
   * 32-byte signature field that ends it.
   */
  final class PypiMacaroon implements Checksum {
    private static final int EOS = 0;
    private static final int LOCATION = 1;
    private static final int IDENTIFIER = 2;
    private static final int SIGNATURE = 6;

    @Override
    public boolean valid(String secret) {
      if (!secret.startsWith("pypi-")) {
        return false;
      }
      byte[] bytes;
      try {
        bytes = Base64.getUrlDecoder().decode(secret.substring(5));
      } catch (IllegalArgumentException e) {
        return false;
      }
      int[] pos = {1};
      if (bytes.length < 40 || bytes[0] != 2) {
        return false;
      }
      // Header section: optional location, required identifier, then end of section.
      String location = null;
      boolean identifier = false;
      while (true) {
        int type = varint(bytes, pos);
        if (type == EOS) {
          break;
        }
        byte[] data = field(bytes, pos);
        if (data == null) {
          return false;
        }
        if (type == LOCATION) {
          location = new String(data, StandardCharsets.UTF_8);
        } else if (type == IDENTIFIER) {
          identifier = true;
        } else {
          return false;
        }
      }
      if (!identifier || !Set.of("pypi.org", "test.pypi.org").contains(location)) {
        return false;
      }
      // Caveat sections, each ended by EOS, then an empty section, then the signature.
      while (pos[0] < bytes.length) {
        int type = varint(bytes, pos);
        if (type == SIGNATURE) {
          byte[] signature = field(bytes, pos);
          return signature != null && signature.length == 32 && pos[0] == bytes.length;
        }
        if (type < 0) {
          return false;
        }
        if (type != EOS && field(bytes, pos) == null) {
          return false;
        }
      }
      return false;
    }

    private static int varint(byte[] bytes, int[] pos) {
      int value = 0;
      for (int shift = 0; shift < 28 && pos[0] < bytes.length; shift += 7) {
        int b = bytes[pos[0]++] & 0xff;
        value |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      return -1;
    }

    private static byte[] field(byte[] bytes, int[] pos) {
      int length = varint(bytes, pos);
      if (length < 0 || pos[0] + length > bytes.length) {
        return null;
      }
      byte[] data = java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + length);
      pos[0] += length;
      return data;
    }
  }

  /**
   * Sentry organization auth tokens: {@code sntrys_} + base64 of a JSON payload naming the Sentry
   * URL and organization (with an {@code iat}), then {@code _} + the secret part. The payload is
   * documented as public; a value whose payload is not that JSON is not such a token.
   */
  final class SentryOrgToken implements Checksum {

    @Override
    public boolean valid(String secret) {
      if (!secret.startsWith("sntrys_")) {
        return false;
      }
      int last = secret.lastIndexOf('_');
      if (last <= 7) {
        return false;
      }
      JsonNode node = decodedJson(Base64.getDecoder(), secret.substring(7, last));
      return node != null && node.has("iat") && node.has("url") && node.has("org");
    }
  }

  /**
   * JSON Web Tokens (RFC 7519): three base64url parts of which the first decodes to a JSON header
   * with an {@code alg}. Random dotted strings starting with "eyJ" fail it.
   */
  final class JwtStructure implements Checksum {

    /**
     * True for a Supabase project's anon key: a JWT made for browsers, public by design
     * (supabase.com/docs, "Understanding API keys"); its service_role key stays a secret. Also for
     * the keys of the CLI's local stack. Asked by the detector of every value shaped like a JWT,
     * whatever rule found it.
     */
    static boolean publicByDesign(String token) {
      String[] parts = token.split("\\.", -1);
      return parts.length == 3 && publicByDesign(decodedJson(Base64.getUrlDecoder(), parts[1]));
    }

    /**
     * A Supabase project's anon key, public by design (its row-level security guards the data), or
     * any key of the local stack the Supabase CLI starts (issuer supabase-demo), signed with the
     * CLI's published development secret and printed by every `supabase start`.
     */
    private static boolean publicByDesign(JsonNode claims) {
      if (claims == null) {
        return false;
      }
      String issuer = claims.path("iss").asText();
      return "supabase-demo".equals(issuer)
          || ("supabase".equals(issuer) && "anon".equals(claims.path("role").asText()));
    }

    @Override
    public boolean valid(String secret) {
      return read(secret) != null;
    }

    /** Its expiry, from the {@code exp} claim (RFC 7519 section 4.1.4, seconds since the epoch). */
    @Override
    public Reading read(String secret) {
      String[] parts = secret.split("\\.", -1);
      if (parts.length != 3 || parts[1].isEmpty()) {
        return null;
      }
      JsonNode header = decodedJson(Base64.getUrlDecoder(), parts[0]);
      JsonNode claims = decodedJson(Base64.getUrlDecoder(), parts[1]);
      if (header == null || !header.has("alg") || claims == null || !claims.isObject()) {
        return null;
      }
      if (publicByDesign(claims)) {
        return null;
      }
      JsonNode exp = claims.get("exp");
      if (exp == null || !exp.isNumber() || exp.asLong() <= 0) {
        return Reading.NOTHING;
      }
      try {
        return new Reading(
            null, Map.of(Credential.EXPIRES, Instant.ofEpochSecond(exp.asLong()).toString()));
      } catch (DateTimeException e) {
        return Reading.NOTHING; // an exp beyond the years Instant holds: as good as none
      }
    }
  }

  /**
   * A value stored base64-encoded (a Kubernetes Secret's data): it must decode, and the detector
   * reads the decoded text too, so that a placeholder or stop word under the encoding ({@code
   * changeme}, {@code example-app-secret}) is recognised as one.
   */
  final class Base64Text implements Checksum {

    @Override
    public boolean valid(String secret) {
      return read(secret) != null;
    }

    /**
     * The value's decoding when it is plainly base64 of short text (at least 8 characters, a length
     * divisible by four, printable ASCII inside), else null: a Secret's {@code Y2hhbmdlbWU=} read
     * by a rule that does not know the value is encoded.
     */
    static String printableDecoding(String value) {
      if (value.length() < 8 || value.length() % 4 != 0 || value.length() > 512) {
        return null;
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        return null;
      }
      for (byte b : bytes) {
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b > 0x7e) {
          return null;
        }
      }
      return new String(bytes, StandardCharsets.US_ASCII).strip();
    }

    /** The value decoded as UTF-8 text without surrounding white space. */
    @Override
    public Reading read(String secret) {
      try {
        return new Reading(
            new String(Base64.getDecoder().decode(secret), StandardCharsets.UTF_8).strip(),
            Map.of());
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /**
   * A BIP-39 mnemonic (github.com/bitcoin/bips, bip-0039.mediawiki, "Generating the mnemonic"): 12,
   * 15, 18, 21 or 24 words of the English list, each standing for 11 bits; the bits are the
   * wallet's entropy followed by the first (words / 3) bits of its SHA-256. A phrase that fails the
   * sum is not one a wallet made (one in 16 made-up 12-word phrases of list words passes by
   * chance).
   */
  final class Bip39 implements Checksum {
    /** The list, one word per line in index order (rules/catalog/bip39-english.txt). */
    static final String WORDLIST = "rules/catalog/bip39-english.txt";

    @Override
    public boolean valid(String secret) {
      String[] words = secret.strip().split("\\s+");
      int count = words.length;
      if (count < 12 || count > 24 || count % 3 != 0) {
        return false;
      }
      Map<String, Integer> index = Words.INDEX;
      int bits = count * 11;
      byte[] all = new byte[(bits + 7) / 8];
      for (int w = 0; w < count; w++) {
        Integer value = index.get(words[w]);
        if (value == null) {
          return false;
        }
        for (int b = 0; b < 11; b++) {
          if ((value >> (10 - b) & 1) != 0) {
            int bit = w * 11 + b;
            all[bit / 8] |= (byte) (0x80 >>> (bit % 8));
          }
        }
      }
      int checksumBits = count / 3;
      int entropyBytes = (bits - checksumBits) / 8;
      byte[] hash;
      try {
        hash =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Arrays.copyOf(all, entropyBytes));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this Java", e);
      }
      for (int b = 0; b < checksumBits; b++) {
        int bit = entropyBytes * 8 + b;
        boolean stored = (all[bit / 8] & (0x80 >>> (bit % 8))) != 0;
        boolean expected = (hash[b / 8] & (0x80 >>> (b % 8))) != 0;
        if (stored != expected) {
          return false;
        }
      }
      return true;
    }

    /** The word list, read from the jar once, when a phrase is first checked. */
    private static final class Words {
      static final Map<String, Integer> INDEX = load();

      private static Map<String, Integer> load() {
        String[] lines =
            new String(BundledFiles.bytes(WORDLIST), StandardCharsets.US_ASCII).split("\n");
        if (lines.length != 2048) {
          throw new IllegalStateException(WORDLIST + " has " + lines.length + " words, not 2048");
        }
        Map<String, Integer> index = new java.util.HashMap<>(4096);
        for (int i = 0; i < lines.length; i++) {
          index.put(lines[i].strip(), i);
        }
        return Map.copyOf(index);
      }
    }
  }
}
