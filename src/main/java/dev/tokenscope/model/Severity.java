package dev.tokenscope.model;

import java.util.Locale;

/** How urgently a finding needs a person. Ordered from least to most severe. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Parses a severity name in any case; throws with the accepted names on anything else. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "': use one of info, low, medium, high, critical", e);
    }
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
