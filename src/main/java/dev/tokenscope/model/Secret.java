package dev.tokenscope.model;

import java.util.Objects;

/**
 * A secret value found by a source. Its {@code toString} is always the redacted form, so a secret
 * that reaches a log line, an exception message or a report by accident is still not disclosed. The
 * raw value is read only through {@link #reveal()}, by the detectors that check it and by the
 * resolver that sends it to its own provider.
 */
public final class Secret {
  private final String value;
  private final boolean lengthOnly;

  public Secret(String value) {
    this(value, false);
  }

  private Secret(String value, boolean lengthOnly) {
    this.value = Objects.requireNonNull(value, "value");
    this.lengthOnly = lengthOnly;
  }

  /**
   * The same secret, shown by its length alone: for passwords, whose first characters are no
   * provider prefix and would only shorten a guess.
   */
  public Secret lengthOnly() {
    return lengthOnly ? this : new Secret(value, true);
  }

  /** The raw value. Callers must never print, log or store it. */
  public String reveal() {
    return value;
  }

  public int length() {
    return value.length();
  }

  /** The redacted form: a short recognisable head, never enough to use the secret. */
  public String redacted() {
    return lengthOnly ? Redaction.lengthOnly(value) : Redaction.redact(value);
  }

  @Override
  public String toString() {
    return redacted();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
