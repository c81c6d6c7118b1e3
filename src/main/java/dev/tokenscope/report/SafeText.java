package dev.tokenscope.report;

/**
 * Text from outside (a scanned path, a commit author, a provider's answer) made safe to show: every
 * control character, and every character that reorders or hides text (bidirectional overrides, line
 * separators), becomes a visible escape such as {@code \n}, {@code \x1b} or {@code \u202e}. A file
 * named {@code "\u001b]0;pwned\u0007.env"} must not retitle the reader's terminal, a newline in a
 * path must not forge a line of the report, and a right-to-left override must not make {@code
 * evil.exe} read as {@code exe.live}.
 */
public final class SafeText {
  private SafeText() {}

  /** The text with unsafe characters escaped; null stays null. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !unsafe(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!unsafe(c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x100) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * C0 and C1 controls, DEL, the bidirectional embedding, override and isolate marks, and the line
   * and paragraph separators.
   */
  static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c
        || c == 0x2028
        || c == 0x2029;
  }
}
