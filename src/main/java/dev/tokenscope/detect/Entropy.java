package dev.tokenscope.detect;

/** Shannon entropy, in bits per character: random tokens score high, words and placeholders low. */
final class Entropy {
  private Entropy() {}

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
