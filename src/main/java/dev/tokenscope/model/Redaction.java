package dev.tokenscope.model;

/**
 * Turns a secret into a form that a person can recognise (its provider prefix and length) but that
 * cannot be used: at most the first quarter of the value, and never more than 8 characters. A value
 * shorter than {@link #SHORT} characters shows none: it is most likely a password, whose first
 * characters are no provider prefix and would only help someone guess the rest.
 */
public final class Redaction {
  /** Values shorter than this show only their length. */
  static final int SHORT = 16;

  private Redaction() {}

  /** Only the length: for passwords and other values with no provider prefix. */
  public static String lengthOnly(String value) {
    return value == null || value.isEmpty() ? "" : "…(" + value.length() + " chars)";
  }

  /**
   * True for rules that find passwords (a password assignment, the password of a connection string
   * or URL, a netrc entry): their secrets show no prefix at any length.
   */
  public static boolean isPasswordRule(String ruleId) {
    String id = ruleId == null ? "" : ruleId;
    return id.contains("password")
        || id.endsWith(".connection-string")
        || id.endsWith(".jdbc-url")
        || id.equals("generic.basic-auth-url")
        || id.equals("generic.basic-auth-header");
  }

  public static String redact(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    int shown = value.length() < SHORT ? 0 : Math.min(8, value.length() / 4);
    return value.substring(0, shown) + "…(" + value.length() + " chars)";
  }
}
