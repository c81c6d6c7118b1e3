package dev.tokenscope.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Content fingerprints: a keyed SHA-256 (HMAC) of a rule id and a secret. The same secret found by
 * the same rule has the same fingerprint in every commit, file and line, so baselines, inventories
 * and scan history match on it without ever storing the secret. The key is secret and per
 * installation or per team ({@link FingerprintKey}): with a public key, a fingerprint and the shown
 * length would let anyone test guesses for a short password offline.
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** The fingerprint of a secret found by a rule, as "fp:" and 32 hex digits. */
  public static String of(String ruleId, String secret) {
    return of(FingerprintKey.current().value(), ruleId, secret);
  }

  static String of(String key, String ruleId, String secret) {
    Mac mac = MACS.get().forKey(key);
    mac.update(ruleId.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    return "fp:" + HexFormat.of().formatHex(digest, 0, 16);
  }

  /**
   * One initialised MAC per thread: looking up the provider and setting the key cost more than the
   * hash of a short secret, and a scan fingerprints every match.
   */
  private static final ThreadLocal<KeyedMac> MACS = ThreadLocal.withInitial(KeyedMac::new);

  private static final class KeyedMac {
    private String key;
    private Mac mac;

    Mac forKey(String wanted) {
      if (mac == null || !wanted.equals(key)) {
        try {
          mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(wanted.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
        key = wanted;
      }
      return mac;
    }
  }
}
