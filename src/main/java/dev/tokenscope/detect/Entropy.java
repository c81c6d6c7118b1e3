package dev.tokenscope.detect;

/** Shannon entropy, in bits per character: random tokens score high, words and placeholders low. */
final class Entropy {
  private Entropy() {}

  /**
   * How far under a random string's expected entropy a value may score and still pass: a random key
   * of the value's own alphabet and length falls below it in under 1 of 100 cases from 20
   * characters on (4 in 100 at 16).
   */
  private static final double MARGIN = 0.5;

  /**
   * The floor a value must reach: the rule's, lowered to what random strings of the value's own
   * alphabet and length reliably reach when the value is all digits or all hex digits of one case.
   * A rule's floor is set for its widest alphabet, but a key drawn from 16 symbols cannot score
   * like one drawn from 62: a random 32-character hex key scores under 3.5 bits about one time in
   * five, and a 24-character one more often than not. Repeats and short cycles ({@code abcdabcd…})
   * still score far below the lowered floor.
   */
  static double floor(CharSequence value, double ruleFloor) {
    int symbols = symbols(value);
    if (symbols == 0) {
      return ruleFloor;
    }
    int length = value.length();
    // Expected entropy of a random string (Miller-Madow: short samples score below log2 k).
    double expected =
        Math.log(symbols) / Math.log(2) - (symbols - 1) / (2.0 * length * Math.log(2));
    return Math.min(ruleFloor, expected - MARGIN);
  }

  /** 10 for digits only, 16 for hex digits in one case, 0 for any other value. */
  private static int symbols(CharSequence value) {
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 'a' && c <= 'f') {
        lower = true;
      } else if (c >= 'A' && c <= 'F') {
        upper = true;
      } else if (c < '0' || c > '9') {
        return 0;
      }
    }
    if (lower && upper) {
      return 0;
    }
    return lower || upper ? 16 : 10;
  }

  static double of(CharSequence text) {
    if (text.length() == 0) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double entropy = 0;
    double length = text.length();
    for (int count : counts) {
      if (count > 0) {
        double p = count / length;
        entropy -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other > 0) {
      double p = other / length;
      entropy -= p * (Math.log(p) / Math.log(2));
    }
    return entropy;
  }
}
