package dev.tokenscope.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A detector rule, loaded from {@code rules/detectors/*.yaml} (format: docs/rules.md). The regex's
 * named group {@code secret} (else group 1, else the whole match) is the secret; other named groups
 * become public attributes of the credential ({@code id}, {@code user}, {@code host} …).
 *
 * @param keywords literals of which one must occur (case-insensitively) for the regex to run; the
 *     regex runs only in a window of lines around each occurrence. Empty means the regex runs over
 *     the whole text, which rules should avoid
 * @param entropy minimum Shannon entropy (bits per character) of the secret, or 0
 * @param checksum name of a {@link Checksum} the secret must pass ({@code github-crc32} …), or null
 * @param pairWith id of a rule whose nearest match within {@code pairWithinLines} lines becomes
 *     attribute {@code pairAs} of this rule's credential (an AWS secret key and its key id), or
 *     null
 * @param resolver the provider resolver that can tell what the credential may do, or null
 * @param windowLines lines before and after a keyword's line in which the regex runs (0: the
 *     keyword's line only); multi-line secrets (PEM blocks, JSON keys) need more
 * @param jsonAttributes fields read from the secret, parsed as JSON, into attributes (a GCP
 *     service-account key's {@code client_email} …); a secret that is not such JSON is dropped
 * @param placeholders whether the placeholder / stop-word filter applies (true unless a rule's
 *     format makes it meaningless)
 * @param lead when not negative, a match begins at most this many characters before one of the
 *     rule's keywords, so the regex is tried only at those few positions instead of over the whole
 *     window: the big saving for rules whose keywords are common words ({@code password}, {@code
 *     https://}). Single-line rules only; -1 (the default) searches the window
 * @param infoInTests whether a finding in test code or test data is only information ({@code
 *     in_tests: info}): a roasted Kerberos hash in a fixture is a test's capture
 * @param files when not null, a regular expression the path of a file must contain for the rule to
 *     apply there ({@code (?:^|/)\.pgpass$}); a rule with it needs no keywords, and without
 *     keywords reads the whole of each such file
 * @param csvHeader when not null, the file is a table (CSV, TSV): a regular expression a header
 *     cell must match whole, case-insensitively ({@code .*password}), and the rule's expression is
 *     matched against each cell of those columns in the rows below, whole, instead of the text
 */
public record Rule(
    String id,
    String name,
    String provider,
    List<String> keywords,
    RulePattern regex,
    double entropy,
    String checksum,
    String pairWith,
    int pairWithinLines,
    String pairAs,
    String resolver,
    String severity,
    List<String> examples,
    List<String> negativeExamples,
    String file,
    int windowLines,
    List<String> jsonAttributes,
    boolean placeholders,
    int lead,
    boolean infoInTests,
    String files,
    String csvHeader) {

  public Rule {
    keywords = List.copyOf(keywords);
    // Examples read from the compiled rules stay stored until asked for (and cannot be changed).
    examples = examples instanceof StoredStrings ? examples : List.copyOf(examples);
    negativeExamples =
        negativeExamples instanceof StoredStrings
            ? negativeExamples
            : List.copyOf(negativeExamples);
    jsonAttributes = List.copyOf(jsonAttributes);
  }

  /** A rule with its expression compiled, as a rule file's loader makes it. */
  public Rule(
      String id,
      String name,
      String provider,
      List<String> keywords,
      Pattern pattern,
      double entropy,
      String checksum,
      String pairWith,
      int pairWithinLines,
      String pairAs,
      String resolver,
      String severity,
      List<String> examples,
      List<String> negativeExamples,
      String file,
      int windowLines,
      List<String> jsonAttributes,
      boolean placeholders,
      int lead,
      boolean infoInTests,
      String files,
      String csvHeader) {
    this(
        id,
        name,
        provider,
        keywords,
        RulePattern.of(pattern),
        entropy,
        checksum,
        pairWith,
        pairWithinLines,
        pairAs,
        resolver,
        severity,
        examples,
        negativeExamples,
        file,
        windowLines,
        jsonAttributes,
        placeholders,
        lead,
        infoInTests,
        files,
        csvHeader);
  }

  /** The rule's expression, compiled on first use (see {@link RulePattern}). */
  public Pattern pattern() {
    return regex.pattern();
  }

  /**
   * The names of the pattern's named groups, in order ({@code secret}, {@code id} …): each {@code
   * (?<name>} whose name starts with a letter, so not the look-behinds {@code (?<=} and {@code
   * (?<!}. Found with {@code indexOf}, not a regex: every detector asks this of every rule at
   * start-up.
   */
  public List<String> groupNames() {
    List<String> names = new ArrayList<>();
    String text = regex.regex();
    for (int at = text.indexOf("(?<"); at >= 0; at = text.indexOf("(?<", at + 3)) {
      int start = at + 3;
      int end = start;
      while (end < text.length() && isNameChar(text.charAt(end), end == start)) {
        end++;
      }
      if (end > start && end < text.length() && text.charAt(end) == '>') {
        names.add(text.substring(start, end));
      }
    }
    return names;
  }

  /**
   * Whether every match begins at a line start: the expression opens with inline flags that include
   * {@code m} (multi-line) and then {@code ^}, as in {@code (?im)^[ \t]*…}. Such a rule with a
   * {@code lead} needs one try per keyword line, at its start, instead of one per position.
   */
  public boolean startsAtLine() {
    String text = regex.regex();
    if (!text.startsWith("(?")) {
      return false;
    }
    int close = text.indexOf(')');
    if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != '^') {
      return false;
    }
    String flags = text.substring(2, close);
    return flags.indexOf('m') >= 0 && flags.chars().allMatch(Character::isLetter);
  }

  private static boolean isNameChar(char c, boolean first) {
    boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    return first ? letter : letter || c >= '0' && c <= '9';
  }

  /**
   * How little the rule says about whose a secret is, for choosing between rules that match the
   * same secret (the lowest wins): 0 for a provider's rule, 1 for the bare-JWT rule (a JWT is a
   * format that many providers issue, monday.com, Wrike, Supabase …, and the provider's own rule
   * knows whose token it is), 2 for the generic rules (ids starting with {@code generic.}).
   */
  int genericity() {
    return id.startsWith("generic.") ? 2 : id.equals("jwt.token") ? 1 : 0;
  }
}
