package dev.tokenscope.detect;

import dev.tokenscope.model.ByteSearch;
import dev.tokenscope.model.DecodedText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Base64, base64url and percent-encoded values decoded one level, so secrets stored encoded (a
 * Kubernetes Secret's {@code data:}, a Docker {@code auth}, a URL-encoded password) are found too.
 * Each line holding an encoded value that decodes to text is copied with the value replaced by its
 * decoding, so the rest of the line (the {@code password:} key before it) still gives the rules
 * their context; every substituted span remembers where the encoded text was.
 */
final class EncodedContent {
  private static final KeywordIndex NO_KEYWORDS = new KeywordIndex(List.of());

  /**
   * A decoded value in the decoded text and the [start, end) of its encoded form in the original.
   */
  record Span(int decodedStart, int decodedEnd, int originalStart, int originalEnd) {}

  /** The decoded copy: lines that held encoded values, with the values decoded. */
  record Decoded(String text, List<Span> spans) {
    /**
     * The substituted span that holds [start, end) of the decoded text, or null. A match that only
     * overlaps a span runs on into text that was never encoded (a signed URL whose query holds a
     * percent-encoded path): the scan of the original text finds that secret as written, and
     * reporting the decoded copy too would list one secret twice.
     */
    Span spanHolding(int start, int end) {
      for (Span span : spans) {
        if (span.decodedStart() <= start && end <= span.decodedEnd()) {
          return span;
        }
      }
      return null;
    }
  }

  /**
   * Encoded text at [start, end) of the original and its decoding. A {@code line} replacement is a
   * whole JSON string on a line of its own, which yields to any other replacement inside it.
   */
  private record Replacement(int start, int end, String decoded, boolean line) {
    Replacement(int start, int end, String decoded) {
      this(start, end, decoded, false);
    }
  }

  private EncodedContent() {}

  /** The decoded copy of the text, or null when nothing in it decodes to text. */
  static Decoded decode(String text) {
    List<int[]> runs = new ArrayList<>();
    byte[] latin1 = DecodedText.of(text);
    NO_KEYWORDS.scan(
        latin1, (k, start, end) -> {}, (start, end) -> runs.add(new int[] {start, end}));
    return decode(text, latin1, runs);
  }

  /**
   * As {@link #decode(String)}, given the candidate base64 runs that {@link
   * KeywordIndex#scan(byte[], KeywordIndex.Hits, KeywordIndex.Runs)} found in its pass over the
   * text.
   */
  static Decoded decode(String text, byte[] latin1, List<int[]> base64Runs) {
    List<Replacement> replacements = new ArrayList<>();
    for (int[] run : base64Runs) {
      String decoded = base64(text.substring(run[0], run[1]));
      if (decoded != null) {
        int end = run[1];
        while (end < text.length() && end - run[1] < 2 && text.charAt(end) == '=') {
          end++;
        }
        replacements.add(new Replacement(run[0], end, decoded));
      }
    }
    findPercentEncodedAndEscapedQuotes(text, latin1, replacements);
    if (replacements.isEmpty()) {
      return null;
    }
    replacements.sort((a, b) -> Integer.compare(a.start(), b.start()));
    yieldWholeLines(replacements);
    StringBuilder out = new StringBuilder();
    List<Span> spans = new ArrayList<>();
    int i = 0;
    while (i < replacements.size()) {
      int lineStart = text.lastIndexOf('\n', replacements.get(i).start() - 1) + 1;
      int lineEnd = text.indexOf('\n', replacements.get(i).start());
      lineEnd = lineEnd < 0 ? text.length() : lineEnd;
      int cursor = lineStart;
      while (i < replacements.size() && replacements.get(i).start() < lineEnd) {
        Replacement r = replacements.get(i++);
        if (r.start() < cursor) {
          continue; // overlaps an earlier replacement on this line
        }
        out.append(text, cursor, r.start());
        int decodedStart = out.length();
        out.append(r.decoded());
        spans.add(new Span(decodedStart, out.length(), r.start(), r.end()));
        cursor = r.end();
      }
      out.append(text, cursor, Math.max(cursor, lineEnd)).append('\n');
    }
    return new Decoded(out.toString(), spans);
  }

  private static String base64(String run) {
    boolean standard = run.indexOf('+') >= 0 || run.indexOf('/') >= 0;
    boolean url = run.indexOf('-') >= 0 || run.indexOf('_') >= 0;
    if ((standard && url) || run.length() % 4 == 1) {
      return null;
    }
    try {
      byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(run);
      String text = text(bytes);
      return text != null && mostlyAscii(text) ? text : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * True when at most one character in four is outside ASCII. Text that was encoded (a password, a
   * config, user:pass, {@code pässwörd-2024}) nearly always is; random letters and digits that
   * happen to decode to valid UTF-8 are not, a third of their characters being other scripts':
   * {@code 1YQmcXZ806RPSs60}, a generated password, decodes to {@code Մ&qv|ӤOJδ}.
   */
  static boolean mostlyAscii(String text) {
    int other = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        other++;
      }
    }
    return other * 4 <= text.length();
  }

  /**
   * The percent-encoded runs and the values in escaped quotes, found in one pass over the text for
   * either a {@code %} or a backslash: a history scan reads every blob through here.
   */
  private static void findPercentEncodedAndEscapedQuotes(
      String text, byte[] latin1, List<Replacement> out) {
    int from = 0;
    int notOneString = 0; // where the last line found not to be one JSON string ends
    while (true) {
      int at = ByteSearch.indexOfEither(latin1, (byte) '%', (byte) '\\', from, latin1.length);
      if (at < 0) {
        return;
      }
      if (latin1[at] == '%') {
        from = percentEncodedAt(text, latin1, at, out);
        continue;
      }
      // Each line is looked at once, at its first backslash: code has many per line.
      if (at >= notOneString) {
        int next = text.indexOf('\n', at);
        int lineEnd = next < 0 ? text.length() : next;
        if (jsonStringLine(text, at, lineEnd, out)) {
          from = lineEnd;
          continue;
        }
        notOneString = lineEnd;
      }
      from = escapedQuoteAt(text, at, out);
    }
  }

  /**
   * The line around the backslash at {@code at}, when the line is one JSON string and nothing else
   * (an element of a notebook cell's {@code source}: {@code "VT_KEY = \"c7d5…\"\n",}): its content
   * unescaped, without the line end it was written with, so the rules read the code a notebook
   * holds as they read the same line in a {@code .py} file. False when the line, which ends at
   * {@code lineEnd}, is something else.
   */
  private static boolean jsonStringLine(String text, int at, int lineEnd, List<Replacement> out) {
    int open = text.lastIndexOf('\n', at - 1) + 1;
    while (open < lineEnd && (text.charAt(open) == ' ' || text.charAt(open) == '\t')) {
      open++;
    }
    int close = lineEnd - 1;
    while (close > open && Character.isWhitespace(text.charAt(close))) {
      close--;
    }
    if (close > open && text.charAt(close) == ',') {
      close--;
    }
    if (close - open < 3 || text.charAt(open) != '"' || text.charAt(close) != '"') {
      return false;
    }
    StringBuilder content = new StringBuilder(close - open);
    for (int i = open + 1; i < close; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return false; // a quote the string does not escape: "name": "value", not one string
      }
      if (c != '\\') {
        content.append(c);
        continue;
      }
      if (++i >= close) {
        return false;
      }
      switch (text.charAt(i)) {
        case '"', '\\', '/' -> content.append(text.charAt(i));
        case 't' -> content.append('\t');
        case 'n', 'r' -> {
          if (i + 1 < close) {
            return false; // a line break inside: several lines of code, left to the others
          }
        }
        default -> {
          return false; // a code-point escape and the rest: rare in code lines, not worth a guess
        }
      }
    }
    out.add(new Replacement(open, close + 1, content.toString(), true));
    return true;
  }

  /**
   * Drops each whole-line replacement that another replacement lies inside (sorted by start): the
   * value decoded inside it, such as base64 in the string, is worth more than the line's escapes.
   */
  private static void yieldWholeLines(List<Replacement> sorted) {
    for (int i = sorted.size() - 2; i >= 0; i--) {
      Replacement r = sorted.get(i);
      if (r.line() && sorted.get(i + 1).start() < r.end()) {
        sorted.remove(i);
      }
    }
  }

  /**
   * The percent-encoded run around the {@code %} at {@code percent}, if it is one: its path and
   * query decoded. Returns where the search goes on.
   */
  private static int percentEncodedAt(
      String text, byte[] latin1, int percent, List<Replacement> out) {
    if (percent + 2 >= text.length()
        || !isHex(text.charAt(percent + 1))
        || !isHex(text.charAt(percent + 2))) {
      return percent + 1;
    }
    int start = percent;
    while (start > 0 && inUrlRun(text.charAt(start - 1))) {
      start--;
    }
    int end = percent;
    while (end < text.length() && inUrlRun(text.charAt(end))) {
      end++;
    }
    // A URL's user name, password and host are matched as written: rules read a database URL's
    // credentials and socket path percent-encoded, and decoding %40 in a password to "@" would
    // split the URL at the wrong place. Only its path and query are decoded.
    start = Math.max(start, authorityEnd(text, start, end));
    String decoded =
        ByteSearch.indexOf(latin1, (byte) '%', start, end) < 0
            ? null
            : percentDecode(text.substring(start, end));
    if (decoded != null) {
      out.add(new Replacement(start, end, decoded));
    }
    return end;
  }

  /**
   * A value quoted with escaped quotes inside a string, opening with the backslash at {@code open}:
   * a Jupyter notebook keeps each source line as a JSON string ({@code "API_SECRET =
   * \"d1b7…\"\n",}), and code builds a JAAS or DSN line in a string literal ({@code
   * "password=\"…\";"}). A {@code \"value\"} standing where a value goes (after {@code = : ( , [}
   * or the start of the string) is replaced by {@code "value"}, so the rules read it as they read
   * the unescaped line. Returns where the search goes on.
   */
  private static int escapedQuoteAt(String text, int open, List<Replacement> out) {
    if (open + 1 >= text.length() || text.charAt(open + 1) != '"' || !valuePosition(text, open)) {
      return open + 1;
    }
    int close = closingEscapedQuote(text, open + 2);
    if (close > open + 2) {
      out.add(new Replacement(open, close + 2, '"' + text.substring(open + 2, close) + '"'));
      return close + 2;
    }
    return open + 1;
  }

  /**
   * Where the escaped quote closing a value that starts at {@code from} stands, or -1 when a line
   * end, another backslash or 300 characters come first.
   */
  private static int closingEscapedQuote(String text, int from) {
    int limit = Math.min(text.length() - 1, from + 301);
    for (int i = from; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        return text.charAt(i + 1) == '"' ? i : -1;
      }
      if (c == '\n') {
        return -1;
      }
    }
    return -1;
  }

  /** True when the text before {@code at} ends (spaces aside) with {@code = : ( , [} or a quote. */
  private static boolean valuePosition(String text, int at) {
    int i = at - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    char c = text.charAt(i);
    return c == '=' || c == ':' || c == '(' || c == ',' || c == '[' || c == '"';
  }

  /**
   * Where the authority ({@code user:password@host:port}) of the first {@code scheme://} URL in the
   * run [start, end) ends; {@code start} when the run holds no such URL.
   */
  static int authorityEnd(String text, int start, int end) {
    int scheme = text.indexOf("://", start);
    if (scheme <= start || scheme >= end || !Character.isLetter(text.charAt(scheme - 1))) {
      return start;
    }
    int i = scheme + 3;
    while (i < end && text.charAt(i) != '/' && text.charAt(i) != '?' && text.charAt(i) != '#') {
      i++;
    }
    return i;
  }

  private static boolean inUrlRun(char c) {
    return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String percentDecode(String run) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(run.length());
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      if (c == '%'
          && i + 2 < run.length()
          && isHex(run.charAt(i + 1))
          && isHex(run.charAt(i + 2))) {
        bytes.write(Integer.parseInt(run, i + 1, i + 3, 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return text(bytes.toByteArray());
  }

  /** The bytes as text when they look like text (printable UTF-8), else null. */
  private static String text(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    int printable = 0;
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v == 0) {
        return null;
      }
      if ((v >= 0x20 && v < 0x7f) || v == '\n' || v == '\r' || v == '\t' || v >= 0x80) {
        printable++;
      }
    }
    if (printable < bytes.length * 0.97) {
      return null;
    }
    String decoded = new String(bytes, StandardCharsets.UTF_8);
    return decoded.indexOf('\uFFFD') >= 0 ? null : decoded;
  }
}
