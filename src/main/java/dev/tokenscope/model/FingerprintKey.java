package dev.tokenscope.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key of the fingerprint HMAC. A fingerprint and a shown length must not let anyone test
 * guesses offline, so the key is secret: a team key from {@code TOKENSCOPE_FINGERPRINT_KEY} (or the
 * system property {@code tokenscope.fingerprint.key}), else the {@code fingerprint_key} of the
 * user's own config, else a random per-installation key created on first use in {@code
 * fingerprint.key} under {@link UserFolder} (file mode 0600). A team that shares a scan store,
 * baselines or an in-tree fingerprint allow-list sets the same team key everywhere.
 *
 * <p>{@link #id()} names a key without revealing it (a short hash), so a store or baseline can say
 * which key its fingerprints were made with and a mismatch is reported, not silently compared.
 */
public record FingerprintKey(String value, String origin) {
  public static final String VARIABLE = "TOKENSCOPE_FINGERPRINT_KEY";
  public static final String PROPERTY = "tokenscope.fingerprint.key";
  public static final String FILE_NAME = "fingerprint.key";

  private static volatile String configured;
  private static volatile FingerprintKey cached;

  @Override
  public String toString() {
    return "FingerprintKey[" + id() + " from " + origin + "]";
  }

  /** A short, public name of the key: the first 12 hex digits of a hash of it, never the key. */
  public String id() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("tokenscope-key-id\0" + value).getBytes(StandardCharsets.UTF_8));
      return "key:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Sets the key from the user's own config (null for none). Called by the command line after it
   * loads the trusted config; an in-tree config never reaches here.
   */
  public static void configure(String key) {
    configured = key == null || key.isBlank() ? null : key;
    cached = null;
  }

  /** The key in use, created on first use when there is none yet. */
  public static FingerprintKey current() {
    FingerprintKey key = cached;
    if (key == null) {
      key = resolve();
      cached = key;
    }
    return key;
  }

  private static synchronized FingerprintKey resolve() {
    String env = System.getenv(VARIABLE);
    if (env != null && !env.isBlank()) {
      return new FingerprintKey(env, VARIABLE);
    }
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return new FingerprintKey(property, PROPERTY);
    }
    if (configured != null) {
      return new FingerprintKey(configured, "fingerprint_key of the user config");
    }
    return fromFile(UserFolder.path().resolve(FILE_NAME));
  }

  /** Reads the per-installation key, creating it (mode 0600) when there is none. */
  static FingerprintKey fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        try {
          Files.writeString(
              file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
          restrict(file);
        } catch (FileAlreadyExistsException raced) {
          // Another tokenscope created it meanwhile: use theirs.
        }
      }
      String key = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (key.length() < 16) {
        throw new IllegalStateException(
            file
                + ": the fingerprint key is shorter than 16 characters; delete the file to create a new one");
      }
      return new FingerprintKey(key, file.toString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the fingerprint key "
              + file
              + " ("
              + e.getMessage()
              + "): set "
              + VARIABLE
              + " or make the folder writable",
          e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the file inherits the user folder's ACL.
    }
  }
}
