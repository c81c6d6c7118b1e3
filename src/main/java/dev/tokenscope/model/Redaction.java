package dev.tokenscope.model;

/**
 * Turns a secret into a form that a person can recognise (its provider prefix and length) but that
 * cannot be used: at most the first quarter of the value, and never more than 8 characters.
 */
public final class Redaction {
  private Redaction() {}

  public static String redact(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    int shown = Math.min(8, value.length() / 4);
    return value.substring(0, shown) + "…(" + value.length() + " chars)";
  }
}
