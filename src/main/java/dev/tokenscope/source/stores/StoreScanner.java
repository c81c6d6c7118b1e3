package dev.tokenscope.source.stores;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.SourceSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Hands what a store reader read to the pipeline as credentials: what the detectors find in each
 * item, and each entry whose key name says it is a credential as a {@code generic.store-credential}
 * when no specific rule matched its value. Values are not kept after the call.
 */
final class StoreScanner {
  static final String GENERIC_RULE = "generic.store-credential";
  static final String GENERIC_PROVIDER = "generic";

  private final Detector detector;
  private final SourceSink sink;
  private final long maxValueBytes;

  StoreScanner(Detector detector, SourceSink sink, long maxValueBytes) {
    this.detector = detector;
    this.sink = sink;
    this.maxValueBytes = maxValueBytes;
  }

  SourceSink sink() {
    return sink;
  }

  long maxValueBytes() {
    return maxValueBytes;
  }

  /** One store item (a secret with fields): its entries are scanned as {@code key: value} lines. */
  void item(Location where, List<StoreEntry> entries) {
    StringBuilder text = new StringBuilder();
    for (StoreEntry entry : entries) {
      text.append(entry.key()).append(": ").append(entry.value()).append('\n');
    }
    scan(text.toString(), where, entries);
  }

  /**
   * Text read from a store (a file, a decoded value), with the entries parsed out of it. Detection
   * runs here, not in the pipeline, because the store knows more than a generic rule: where a
   * {@code generic.*} rule and a credential-named entry claim the same value, the entry's {@code
   * generic.store-credential} (with its key name and the entry's own place) is reported instead, so
   * each value is one credential. A provider rule's match always stands.
   */
  void scan(String text, Location where, List<StoreEntry> entries) {
    sink.stats().bytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
    List<Credential> detected = detector.detect(Chunk.of(text, where));
    List<StoreEntry> named =
        entries.stream()
            .filter(
                e ->
                    CredentialKeyName.isCredential(e.key())
                        && !CredentialKeyName.isPlaceholder(e.value()))
            .toList();
    List<Credential> specific = detected.stream().filter(c -> !isGeneric(c)).toList();
    List<StoreEntry> unexplained =
        named.stream()
            .filter(e -> specific.stream().noneMatch(c -> explains(c, e.value())))
            .toList();
    for (Credential credential : detected) {
      if (!isGeneric(credential)
          || unexplained.stream().noneMatch(e -> explains(credential, e.value()))) {
        sink.credential(credential);
      }
    }
    for (StoreEntry entry : unexplained) {
      sink.credential(
          Credential.found(
              GENERIC_RULE,
              GENERIC_PROVIDER,
              new Secret(entry.value().strip()),
              Map.of("key", entry.key()),
              List.of(entry.where())));
    }
  }

  private static boolean isGeneric(Credential credential) {
    return credential.ruleId().startsWith("generic.");
  }

  /**
   * True when a value is over the size limit. Reported as a problem, not merely counted: a value
   * left unread may hold a credential, and the user can raise the limit.
   */
  boolean tooLarge(String where, long bytes) {
    if (bytes <= maxValueBytes) {
      return false;
    }
    sink.problem(
        where,
        "value of "
            + bytes
            + " bytes is larger than the limit of "
            + maxValueBytes
            + " bytes; not scanned (raise it with --store-max-value-size)");
    return true;
  }

  /**
   * The text of a value read as bytes, or null (reported as skipped) when it is over the size limit
   * or binary (a keystore, a compressed blob): binary values hold no token the detectors could
   * read.
   */
  String text(String where, byte[] bytes) {
    if (tooLarge(where, bytes.length)) {
      return null;
    }
    if (FileSource.isBinary(bytes)) {
      sink.skipped(where, "binary value of " + bytes.length + " bytes; not scanned");
      return null;
    }
    return FileSource.decode(bytes);
  }

  private static boolean explains(Credential credential, String value) {
    if (credential.secret() == null) {
      return false;
    }
    String secret = comparable(credential.secret().reveal());
    String plain = comparable(value);
    return !secret.isEmpty()
        && !plain.isEmpty()
        && (plain.contains(secret) || secret.contains(plain));
  }

  /**
   * A value without whitespace and JSON newline escapes: a rule that matched a whole
   * service-account key file holds its {@code private_key} with {@code \n} escapes, the parsed
   * entry with real newlines, and both are the same credential.
   */
  private static String comparable(String text) {
    return text.replace("\\n", "").replaceAll("\\s+", "");
  }
}
