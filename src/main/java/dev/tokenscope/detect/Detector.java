package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.DecodedText;
import dev.tokenscope.model.Lineage;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns chunks of text into credentials, in four steps:
 *
 * <ol>
 *   <li>one pass of a {@link KeywordIndex} over the chunk finds every keyword of every rule;
 *   <li>each rule's regex runs only in windows of lines around its keyword hits (merged, so a match
 *       is found once however many keywords lead to it);
 *   <li>each match passes the rule's entropy, checksum and placeholder filters; where two rules
 *       claim the same secret, the wider or more specific one keeps it;
 *   <li>pairs are joined (an AWS secret key takes the nearest key id as attribute {@code id}).
 * </ol>
 *
 * The same is then done once over the chunk's {@link EncodedContent decoded copy}, with locations
 * pointing at the encoded text. Immutable and thread-safe: one detector serves every scanning
 * thread; memory per call is bounded by the chunk.
 */
public final class Detector {
  /**
   * Characters a window may reach beyond its keyword, whatever the line lengths (minified files).
   */
  private static final int WINDOW_CAP = 16_384;

  private final List<Rule> rules;
  private final Placeholders placeholders;
  private final KeywordIndex keywords;

  /** For each keyword, the indexes of the rules that list it. */
  private final int[][] rulesOfKeyword;

  /** Rules without keywords: their regex runs over the whole text. */
  private final int[] unkeyed;

  /** Per rule, the paths it applies to ({@code files}), or null for every file. */
  private final Pattern[] files;

  /**
   * Per rule with {@code files}, the literal its expression ends with before {@code $} ({@code
   * .pgpass}): a path not ending so is passed over without running the expression, which costs
   * about a microsecond a path in a short run's quick-compiled code, and a history has a hundred
   * thousand blobs.
   */
  private final String[][] fileSuffixes;

  /**
   * Per rule, its {@code csv_header} compiled (case-insensitive), or null: see {@link #csvCells}.
   */
  private final Pattern[] csvHeaders;

  private final Checksum[] checksums;
  private final int[] partner;

  /** Rules whose every match begins at a line start ({@link Rule#startsAtLine}). */
  private final boolean[] startsAtLine;

  private final List<List<String>> groupNames = new ArrayList<>();

  /** A detector with the bundled placeholder filter. */
  public Detector(List<Rule> rules) {
    this(rules, Placeholders.bundled());
  }

  Detector(List<Rule> rules, Placeholders placeholders) {
    this(rules, placeholders, null);
  }

  /** With {@code prebuilt}, the automaton the build made, used when it is for these keywords. */
  private Detector(List<Rule> rules, Placeholders placeholders, KeywordIndex prebuilt) {
    this.rules = List.copyOf(rules);
    this.placeholders = placeholders;
    Map<String, Integer> keywordIds = new LinkedHashMap<>();
    Map<Integer, Set<Integer>> byKeyword = new HashMap<>();
    List<Integer> noKeywords = new ArrayList<>();
    Map<String, Integer> ruleIndex = new HashMap<>();
    checksums = new Checksum[this.rules.size()];
    startsAtLine = new boolean[this.rules.size()];
    files = new Pattern[this.rules.size()];
    fileSuffixes = new String[this.rules.size()][];
    csvHeaders = new Pattern[this.rules.size()];
    for (int r = 0; r < this.rules.size(); r++) {
      Rule rule = this.rules.get(r);
      ruleIndex.put(rule.id(), r);
      startsAtLine[r] = rule.startsAtLine();
      groupNames.add(rule.groupNames());
      if (rule.checksum() != null) {
        checksums[r] = Checksum.named(rule.checksum());
        if (checksums[r] == null) {
          throw new IllegalArgumentException(
              "rule " + rule.id() + ": unknown checksum '" + rule.checksum() + "'");
        }
      }
      if (rule.keywords().isEmpty()) {
        noKeywords.add(r);
      }
      if (rule.files() != null) {
        files[r] = Pattern.compile(rule.files());
        fileSuffixes[r] = literalSuffixes(rule.files());
      }
      if (rule.csvHeader() != null) {
        csvHeaders[r] = Pattern.compile(rule.csvHeader(), Pattern.CASE_INSENSITIVE);
      }
      for (String keyword : rule.keywords()) {
        int k =
            keywordIds.computeIfAbsent(
                keyword.toLowerCase(java.util.Locale.ROOT), key -> keywordIds.size());
        byKeyword.computeIfAbsent(k, key -> new LinkedHashSet<>()).add(r);
      }
    }
    List<String> keywordList = new ArrayList<>(keywordIds.keySet());
    keywords =
        prebuilt != null && prebuilt.isFor(keywordList) ? prebuilt : new KeywordIndex(keywordList);
    rulesOfKeyword = new int[keywordIds.size()][];
    // Plain loops here and below, not streams: this runs once per process, before the JIT has
    // compiled anything, where a stream per keyword cost a short scan several milliseconds.
    byKeyword.forEach((k, set) -> rulesOfKeyword[k] = ints(set));
    unkeyed = ints(noKeywords);
    partner = new int[this.rules.size()];
    for (int r = 0; r < this.rules.size(); r++) {
      String with = this.rules.get(r).pairWith();
      partner[r] = with == null ? -1 : ruleIndex.getOrDefault(with, -1);
    }
  }

  private static int[] ints(java.util.Collection<Integer> values) {
    int[] out = new int[values.size()];
    int i = 0;
    for (int value : values) {
      out[i++] = value;
    }
    return out;
  }

  /** A detector for a loaded rule set, with the set's own placeholder filter. */
  public static Detector of(RuleSet set) {
    return new Detector(set.rules(), set.placeholders(), set.keywordIndex());
  }

  /** The keyword automaton, which the build stores with the bundled rules. */
  KeywordIndex keywordIndex() {
    return keywords;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** True when the rule finds a credential in the text (used by rule tests). */
  public static boolean matches(Rule rule, String text) {
    return !new Detector(List.of(rule)).detect(Chunk.of(text, Location.file("example"))).isEmpty();
  }

  /**
   * As {@link #matches}, with the text read as the contents of a file the rule names (its {@code
   * files}), whatever that is: how a file-scoped rule's examples are checked.
   */
  static boolean matchesAsContents(Rule rule, String text) {
    Detector detector = new Detector(List.of(rule));
    Arrays.fill(detector.files, null);
    return !detector.detect(Chunk.of(text, Location.file("example"))).isEmpty();
  }

  /** Every credential in the chunk, one per rule and secret, with every place it occurs. */
  public List<Credential> detect(Chunk chunk) {
    if (onlyModuleChecksums(chunk.origins())) {
      return List.of();
    }
    String text = chunk.text();
    List<int[]> base64Runs = new ArrayList<>();
    byte[] latin1 = chunk.latin1() != null ? chunk.latin1() : DecodedText.of(text);
    List<Match> found = find(text, latin1, base64Runs, chunk.lineage(), chunk.origins());
    EncodedContent.Decoded decoded = EncodedContent.decode(text, latin1, base64Runs);
    if (decoded != null) {
      List<Match> unpaired =
          unpaired(decoded.text(), DecodedText.of(decoded.text()), null, null, chunk.origins());
      // Where a decoded value was found, that value is the secret: raw matches on the encoded text
      // it came from are dropped, also where the decoded value became part of a pair (an AWS key
      // id joined to its secret), so one credential is reported once.
      List<int[]> claimed = new ArrayList<>();
      for (Match m : unpaired) {
        EncodedContent.Span span = decoded.spanHolding(m.start, m.end);
        if (span != null) {
          claimed.add(new int[] {span.originalStart(), span.originalEnd()});
        }
      }
      List<Match> fromDecoded = new ArrayList<>();
      for (Match m : paired(decoded.text(), unpaired)) {
        EncodedContent.Span span = decoded.spanHolding(m.start, m.end);
        if (span != null) {
          fromDecoded.add(m.at(span.originalStart(), span.originalEnd()));
        }
      }
      if (!claimed.isEmpty()) {
        found.removeIf(raw -> claimed.stream().anyMatch(c -> c[0] <= raw.start && raw.end <= c[1]));
        found.addAll(fromDecoded);
      }
    }
    return credentials(chunk, text, found);
  }

  /**
   * One occurrence of a secret: its rule, value, [start, end) in the text, the offset it is
   * reported at (its start, or where the rule's {@code at} group marks, see {@link #AT}) and
   * attributes.
   */
  private record Match(
      int rule, String secret, int start, int end, int reportAt, Map<String, String> attributes) {
    Match at(int originalStart, int originalEnd) {
      return new Match(rule, secret, originalStart, originalEnd, originalStart, attributes);
    }

    Match with(String name, String value) {
      Map<String, String> more = new HashMap<>(attributes);
      more.put(name, value);
      return new Match(rule, secret, start, end, reportAt, more);
    }
  }

  /**
   * A pattern's group of this name marks where its credential is reported, when that is not where
   * the secret starts: a GCP key file's whole JSON is the secret, its {@code private_key} line the
   * place. Not an attribute.
   */
  static final String AT = "at";

  /**
   * The filtered, de-overlapped and paired matches in the text; adds the candidate base64 runs to
   * {@code base64Runs} unless it is null (decoded text is not decoded again).
   */
  private List<Match> find(
      String text, byte[] latin1, List<int[]> base64Runs, Lineage lineage, List<Location> origins) {
    return paired(text, unpaired(text, latin1, base64Runs, lineage, origins));
  }

  /** The filtered and de-overlapped matches in the text, before pairs are joined. */
  private List<Match> unpaired(
      String text, byte[] latin1, List<int[]> base64Runs, Lineage lineage, List<Location> origins) {
    RuleHits byRule = new RuleHits(rules.size(), rulesOfKeyword);
    KeywordIndex.Runs runs =
        base64Runs == null
            ? (start, end) -> {}
            : (start, end) -> base64Runs.add(new int[] {start, end});
    if (lineage == null) {
      keywords.scan(latin1, byRule, runs);
    } else {
      scanKept(latin1, lineage).replay(byRule, runs);
    }
    List<Match> matches = new ArrayList<>();
    for (int r : unkeyed) {
      if (csvHeaders[r] != null) {
        if (inFiles(r, origins)) {
          csvCells(r, text, matches);
        }
      } else if (inFiles(r, origins)) {
        byRule.positions(r).add(0, text.length());
      }
    }
    for (int r : byRule.touched()) {
      if (inFiles(r, origins)) {
        matchInWindows(r, text, byRule.hits[r], matches);
      }
    }
    return withoutOverlaps(matches);
  }

  /**
   * For a rule with {@code csv_header}: the text is a table whose first line names its columns. The
   * rule's expression is matched, whole, against each cell below a header its {@code csv_header}
   * matches (a {@code LocalAdminPassword} column of an asset export, an {@code app_key} column of a
   * device list). The delimiter is the header's most frequent of comma, semicolon and tab; a cell
   * in double quotes is read without them. A table with no such column costs one pass over its
   * header.
   */
  private void csvCells(int r, String text, List<Match> out) {
    int headerEnd = text.indexOf('\n');
    int headerLineEnd = headerEnd < 0 ? text.length() : headerEnd;
    if (headerLineEnd > 0 && text.charAt(headerLineEnd - 1) == '\r') {
      headerLineEnd--;
    }
    String header = text.substring(0, headerLineEnd);
    char delimiter = delimiter(header);
    List<int[]> headerCells = cells(text, 0, header.length(), delimiter);
    List<Integer> columns = new ArrayList<>();
    for (int c = 0; c < headerCells.size(); c++) {
      int[] cell = headerCells.get(c);
      if (csvHeaders[r].matcher(text).region(cell[0], cell[1]).matches()) {
        columns.add(c);
      }
    }
    if (columns.isEmpty() || headerEnd < 0) {
      return;
    }
    Matcher m = rules.get(r).pattern().matcher(text);
    m.useTransparentBounds(true);
    for (int lineStart = headerEnd + 1; lineStart < text.length(); ) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      int end = lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
      List<int[]> row = cells(text, lineStart, end, delimiter);
      for (int c : columns) {
        if (c < row.size() && row.get(c)[1] > row.get(c)[0]) {
          m.region(row.get(c)[0], row.get(c)[1]);
          if (m.matches()) {
            Match match = accept(r, m);
            if (match != null) {
              out.add(match);
            }
          }
        }
      }
      lineStart = lineEnd + 1;
    }
  }

  /** The header's most frequent of comma, semicolon and tab (comma when it has none). */
  static char delimiter(String header) {
    char best = ',';
    long most = 0;
    for (char d : new char[] {',', ';', '\t'}) {
      long count = header.chars().filter(ch -> ch == d).count();
      if (count > most) {
        best = d;
        most = count;
      }
    }
    return best;
  }

  /**
   * The [start, end) of each cell of the line [from, to): split at the delimiter outside double
   * quotes; a quoted cell's span excludes its quotes (a doubled quote inside stays in the span).
   */
  static List<int[]> cells(String text, int from, int to, char delimiter) {
    List<int[]> cells = new ArrayList<>();
    int i = from;
    while (i <= to) {
      if (i < to && text.charAt(i) == '"') {
        int close = i + 1;
        while (close < to
            && (text.charAt(close) != '"' || (close + 1 < to && text.charAt(close + 1) == '"'))) {
          close += text.charAt(close) == '"' ? 2 : 1;
        }
        cells.add(new int[] {i + 1, Math.min(close, to)});
        int next = text.indexOf(delimiter, Math.min(close, to));
        i = next < 0 || next >= to ? to + 1 : next + 1;
      } else {
        int next = text.indexOf(delimiter, i);
        int end = next < 0 || next > to ? to : next;
        cells.add(new int[] {i, end});
        i = end + 1;
      }
    }
    return cells;
  }

  /**
   * True when every place the text comes from is a Go checksum database file (go.sum, go.work.sum:
   * "module version h1:hash" lines, go.dev/ref/mod#go-sum-files), which holds no credential; its
   * hashes are base64 beside module paths that name providers (github.com/qdrant/go-client).
   */
  static boolean onlyModuleChecksums(List<Location> origins) {
    if (origins.isEmpty()) {
      return false;
    }
    for (Location origin : origins) {
      String path = origin.path();
      if (path == null
          || !(path.equals("go.sum")
              || path.endsWith("/go.sum")
              || path.equals("go.work.sum")
              || path.endsWith("/go.work.sum"))) {
        return false;
      }
    }
    return true;
  }

  /** True when the rule applies to every file, or one of the text's places is a file it names. */
  private boolean inFiles(int r, List<Location> origins) {
    if (files[r] == null) {
      return true;
    }
    for (Location origin : origins) {
      String path = origin.path();
      if (path != null && endsWithAny(path, fileSuffixes[r]) && files[r].matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithAny(String path, String[] suffixes) {
    for (String suffix : suffixes) {
      if (path.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The literal endings a path must have for the expression to match it: one per top-level
   * alternative ({@code (?:^|/)\.p4tickets$|(?:^|/)p4tickets\.txt$} gives {@code .p4tickets} and
   * {@code p4tickets.txt}), each as {@link #literalSuffix} reads it; {@code {""}} (any path) when
   * an alternative has none.
   */
  static String[] literalSuffixes(String regex) {
    List<String> alternatives = topLevelAlternatives(regex);
    String[] suffixes = new String[alternatives.size()];
    for (int a = 0; a < suffixes.length; a++) {
      suffixes[a] = literalSuffix(alternatives.get(a));
      if (suffixes[a].isEmpty()) {
        return new String[] {""};
      }
    }
    return suffixes;
  }

  /**
   * The literal characters every match of an expression ending in {@code $} ends with: {@code
   * .pgpass} for {@code (?:^|/)\\.pgpass$}. Letters, digits, {@code _ - /} and escaped dots, read
   * back from the {@code $} to the first character that is anything else; "" when the expression
   * does not end in {@code $}, has an alternative at its top level or a case-insensitive flag.
   */
  static String literalSuffix(String regex) {
    if (!regex.endsWith("$")
        || regex.endsWith("\\$")
        || topLevelAlternative(regex)
        || CASE_FLAG.matcher(regex).find()) {
      return "";
    }
    StringBuilder reversed = new StringBuilder();
    int i = regex.length() - 2;
    while (i >= 0) {
      char c = regex.charAt(i);
      boolean escaped =
          i > 0 && regex.charAt(i - 1) == '\\' && (i < 2 || regex.charAt(i - 2) != '\\');
      if (escaped && c == '.') {
        reversed.append('.');
        i -= 2;
      } else if (!escaped && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/')) {
        reversed.append(c);
        i--;
      } else {
        break;
      }
    }
    return reversed.reverse().toString();
  }

  private static final Pattern CASE_FLAG = Pattern.compile("\\(\\?[a-zA-Z]*i");

  /** True when a {@code |} stands outside every group and character class. */
  private static boolean topLevelAlternative(String regex) {
    return topLevelAlternatives(regex).size() > 1;
  }

  /** The expression split at each {@code |} that stands outside every group and character class. */
  private static List<String> topLevelAlternatives(String regex) {
    List<String> alternatives = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        alternatives.add(regex.substring(start, i));
        start = i + 1;
      }
    }
    alternatives.add(regex.substring(start));
    return alternatives;
  }

  /**
   * The keyword scan of a text with a lineage, derived from its base's when this detector kept that
   * one, and kept in turn for the texts derived from this one.
   */
  private KeywordScan scanKept(byte[] text, Lineage lineage) {
    Lineage base = lineage.base();
    KeywordScan scan =
        base != null && base.kept() instanceof KeywordScan kept && kept.index == keywords
            ? KeywordScan.derived(keywords, text, kept, lineage.copies())
            : KeywordScan.of(keywords, text);
    lineage.keep(scan);
    return scan;
  }

  /**
   * Runs the rule's regex over the windows around its keyword hits. Hits arrive in text order, so
   * windows are merged as they come: a hit inside the current window costs nothing, and no two
   * regions overlap (a match is found once).
   */
  private void matchInWindows(int r, String text, Positions hits, List<Match> out) {
    Rule rule = rules.get(r);
    if (rule.lead() >= 0 && !rule.keywords().isEmpty()) {
      matchNearKeywords(r, text, hits, out);
      return;
    }
    int lines = rule.windowLines();
    int cap = WINDOW_CAP + 256 * lines;
    Matcher m = rule.pattern().matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int windowStart = -1;
    int windowEnd = -1;
    // A keyword inside the window still brings its own lines after it (a second netrc machine
    // entry starting on the first one's last line): the last such keyword's, added only when the
    // window is about to be closed or left, since the lines of the ones before it end no later.
    int pending = -1;
    for (int i = 0; i < hits.size; i++) {
      int hitStart = hits.starts[i];
      int hitEnd = hits.ends[i];
      if (hitStart >= windowStart && hitEnd <= windowEnd) {
        pending = hitEnd;
        continue;
      }
      if (pending >= 0) {
        windowEnd = Math.max(windowEnd, linesAfter(text, pending, lines, cap));
        pending = -1;
        if (hitStart >= windowStart && hitEnd <= windowEnd) {
          pending = hitEnd;
          continue;
        }
      }
      int start = windowStart(text, hitStart, lines, Math.max(0, hitStart - cap));
      int end = linesAfter(text, hitEnd, lines, cap);
      if (start <= windowEnd) {
        windowStart = Math.min(windowStart, start);
        windowEnd = Math.max(windowEnd, end);
        continue;
      }
      if (windowEnd >= 0) {
        matchRegion(r, m, windowStart, windowEnd, out);
      }
      windowStart = start;
      windowEnd = end;
    }
    if (pending >= 0) {
      windowEnd = Math.max(windowEnd, linesAfter(text, pending, lines, cap));
    }
    if (windowEnd >= 0) {
      matchRegion(r, m, windowStart, windowEnd, out);
    }
  }

  /**
   * For a rule with a {@code lead}: tries the regex only at the few positions from which a match
   * could reach the keyword, up to the end of the keyword's line, or of the {@code window_lines}
   * lines after it (a keyword-anchored rule whose value may sit in the block under its keyword).
   */
  private void matchNearKeywords(int r, String text, Positions hits, List<Match> out) {
    Rule rule = rules.get(r);
    Matcher m = rule.pattern().matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int lines = rule.windowLines();
    int cap = WINDOW_CAP + 256 * lines;
    int covered = 0;
    int lineEnd = -1;
    for (int i = 0; i < hits.size; i++) {
      int hitStart = hits.starts[i];
      if (hitStart < covered) {
        continue;
      }
      if (hitStart > lineEnd || lines > 0) {
        lineEnd = windowEnd(text, hits.ends[i], lines, Math.min(text.length(), hits.ends[i] + cap));
      }
      int from =
          Math.max(covered, windowStart(text, hitStart, 0, Math.max(0, hitStart - rule.lead())));
      int last = hitStart;
      if (startsAtLine[r]) {
        // Only the line's own start can begin a match; a line longer than the lead has none.
        if (from > 0 && text.charAt(from - 1) != '\n') {
          continue;
        }
        last = from;
      }
      for (int p = from; p <= last; p++) {
        m.region(p, lineEnd);
        if (m.lookingAt()) {
          Match match = accept(r, m);
          if (match != null) {
            out.add(match);
          }
          covered = m.end();
          break;
        }
      }
    }
  }

  /** Where the window of a keyword ending at {@code at} ends: {@code lines} lines on, capped. */
  private static int linesAfter(String text, int at, int lines, int cap) {
    return windowEnd(text, at, lines, Math.min(text.length(), at + cap));
  }

  private void matchRegion(int r, Matcher m, int start, int end, List<Match> out) {
    m.region(start, end);
    while (m.find()) {
      Match match = accept(r, m);
      if (match != null) {
        out.add(match);
      }
    }
  }

  /**
   * The start of the line {@code lines} lines before the one holding {@code pos}, not before floor.
   */
  private static int windowStart(String text, int pos, int lines, int floor) {
    int i = pos;
    for (int seen = 0; ; seen++) {
      int newline = lastNewline(text, i - 1, floor);
      if (newline < 0) {
        return floor;
      }
      if (seen == lines) {
        return newline + 1;
      }
      i = newline;
    }
  }

  /**
   * The last line break at or before {@code from} and not before {@code floor}, or -1. It looks no
   * further back than the floor: {@code lastIndexOf} would run on to the line's start, and a line
   * of 200,000 characters holding a keyword at every position (a run of {@code A}s is Twitter's
   * bearer-token keyword) then cost a scan of the whole line per keyword, quadratic in its length.
   */
  private static int lastNewline(String text, int from, int floor) {
    for (int j = from; j >= floor; j--) {
      if (text.charAt(j) == '\n') {
        return j;
      }
    }
    return -1;
  }

  /**
   * The end of the line {@code lines} lines after the one holding {@code pos}, not after ceiling.
   */
  private static int windowEnd(String text, int pos, int lines, int ceiling) {
    int i = pos;
    for (int seen = 0; ; seen++) {
      int newline = text.indexOf('\n', i);
      if (newline < 0 || newline >= ceiling) {
        return ceiling;
      }
      if (seen == lines) {
        return newline;
      }
      i = newline + 1;
    }
  }

  /** The match as a secret with its attributes, or null when a filter rejects it. */
  private Match accept(int r, Matcher m) {
    Rule rule = rules.get(r);
    List<String> names = groupNames.get(r);
    boolean named = names.contains("secret");
    int group = m.groupCount() >= 1 ? 1 : 0;
    String value = named ? m.group("secret") : m.group(group);
    if (value == null || value.isEmpty()) {
      return null;
    }
    int start = named ? m.start("secret") : m.start(group);
    if (rule.entropy() > 0 && Entropy.of(value) < Entropy.floor(value, rule.entropy())) {
      return null;
    }
    if (value.startsWith("eyJ")
        && !(checksums[r] instanceof Checksum.JwtStructure)
        && Checksum.JwtStructure.publicByDesign(value)) {
      return null;
    }
    Checksum.Reading reading =
        checksums[r] == null ? Checksum.Reading.NOTHING : checksums[r].read(value);
    if (reading == null) {
      return null;
    }
    if (rule.placeholders() ? placeholders.isPlaceholder(value) : placeholders.isPublished(value)) {
      return null;
    }
    // The text under an encoding: what the rule's checksum decoded, or a value that is plainly
    // base64 of text (a Secret's data read by a generic rule). A placeholder there is one too.
    String decoded =
        reading.decodedText() != null
            ? reading.decodedText()
            : rule.placeholders() ? Checksum.Base64Text.printableDecoding(value) : null;
    if (rule.placeholders() && decoded != null && placeholderUnder(decoded)) {
      return null;
    }
    Map<String, String> attributes = new HashMap<>();
    for (String name : names) {
      if (!name.equals("secret") && !name.equals(AT) && m.group(name) != null) {
        attributes.put(name, m.group(name));
      }
    }
    if (!rule.jsonAttributes().isEmpty() && !readJsonAttributes(rule, value, attributes)) {
      return null;
    }
    attributes.putAll(reading.attributes());
    if (rule.placeholders()) {
      String standIn = placeholders.standIn(value);
      if (standIn == null && decoded != null) {
        standIn = placeholders.standIn(decoded);
      }
      if (standIn == null && value.equals(attributes.get("user"))) {
        // readonly:readonly, postgres:postgres: a default, not a generated secret
        standIn = Placeholders.SAME_AS_USER;
      }
      if (standIn != null) {
        attributes.put(Placeholders.ATTRIBUTE, standIn);
      }
    }
    int reportAt = names.contains(AT) && m.group(AT) != null ? m.start(AT) : start;
    return new Match(r, value, start, start + value.length(), reportAt, attributes);
  }

  /**
   * True when decoded text is a placeholder, or is {@code user:password} (a Basic header's or a
   * registry's auth) whose password is one: {@code user:pass} is as much a stand-in as {@code
   * pass}.
   */
  private boolean placeholderUnder(String decoded) {
    int colon = decoded.indexOf(':');
    return placeholders.isPlaceholder(decoded)
        || (colon > 0 && placeholders.isPlaceholder(decoded.substring(colon + 1)));
  }

  private static boolean readJsonAttributes(
      Rule rule, String value, Map<String, String> attributes) {
    try {
      JsonNode node = Json.MAPPER.readTree(value);
      if (node == null || !node.isObject()) {
        return false;
      }
      for (String field : rule.jsonAttributes()) {
        JsonNode attribute = node.get(field);
        if (attribute == null || !attribute.isTextual()) {
          return false;
        }
        attributes.put(field, attribute.asText());
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * One secret, one credential: a match whose secret lies inside another's (a PEM key inside a GCP
   * key file, a password claimed by both a PostgreSQL rule and the generic URL rule) is dropped; on
   * equal spans the rule that says most about whose the secret is wins ({@link Rule#genericity()}),
   * then the earlier rule.
   */
  private List<Match> withoutOverlaps(List<Match> matches) {
    if (matches.size() < 2) {
      return matches;
    }
    matches.sort(
        Comparator.comparingInt(Match::start)
            .thenComparing(Comparator.comparingInt(Match::end).reversed())
            .thenComparingInt(m -> rules.get(m.rule).genericity())
            .thenComparingInt(Match::rule));
    List<Match> kept = new ArrayList<>();
    int maxEnd = -1;
    for (Match m : matches) {
      if (m.end <= maxEnd) {
        continue;
      }
      kept.add(m);
      maxEnd = m.end;
    }
    return kept;
  }

  /**
   * Joins each match of a paired rule with the nearest match of its partner rule within the rule's
   * line distance; the partner's match is then part of this credential, not one of its own.
   */
  private List<Match> paired(String text, List<Match> matches) {
    boolean anyPair = false;
    for (Match m : matches) {
      anyPair |= partner[m.rule] >= 0;
    }
    if (!anyPair) {
      return matches;
    }
    LineIndex lines = new LineIndex(text);
    Set<Match> consumed = new java.util.HashSet<>();
    List<Match> out = new ArrayList<>();
    for (Match m : matches) {
      int p = partner[m.rule];
      if (p < 0) {
        out.add(m);
        continue;
      }
      Rule rule = rules.get(m.rule);
      String given = m.attributes.get(rule.pairAs());
      int line = lines.lineOf(m.start);
      Match best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (Match other : matches) {
        if (other.rule != p) {
          continue;
        }
        int distance = Math.abs(lines.lineOf(other.start) - line);
        boolean candidate =
            given == null
                ? distance <= rule.pairWithinLines()
                : other.secret.equals(given) && distance <= rule.pairWithinLines();
        if (candidate && distance < bestDistance) {
          best = other;
          bestDistance = distance;
        }
      }
      if (best != null) {
        consumed.add(best);
        out.add(given == null ? m.with(rule.pairAs(), best.secret) : m);
      } else {
        out.add(m);
      }
    }
    out.removeIf(consumed::contains);
    return out;
  }

  private List<Credential> credentials(Chunk chunk, String text, List<Match> matches) {
    if (matches.isEmpty()) {
      return List.of();
    }
    matches.sort(Comparator.comparingInt(Match::start));
    LineIndex lines = new LineIndex(text);
    boolean inTests = TestVectors.inTests(chunk.origins());
    Set<String> servicePasswords =
        CiServices.inCiFile(chunk.origins()) ? CiServices.passwords(text) : Set.of();
    Map<String, Credential> found = new LinkedHashMap<>();
    for (Match m : matches) {
      Rule rule = rules.get(m.rule);
      int line = lines.lineOf(m.reportAt);
      int column = m.reportAt - lines.startOf(line) + 1;
      List<Location> where = new ArrayList<>();
      for (Location origin : chunk.origins()) {
        where.add(origin.at(line, column));
      }
      Map<String, String> attributes = m.attributes;
      int matchLine = lines.lineOf(m.start);
      if (inTests
          && (rule.infoInTests() || TestVectors.named(text, lines.startOf(matchLine), m.end))) {
        attributes = new HashMap<>(attributes);
        attributes.put(Credential.CONTEXT, TestVectors.VALUE);
      } else if (servicePasswords.contains(m.secret)
          && CiServices.onlyContainerHosts(lines.line(text, matchLine))) {
        attributes = new HashMap<>(attributes);
        attributes.put(Credential.CONTEXT, CiServices.VALUE);
      }
      String key = rule.id() + "\0" + m.secret;
      Credential previous = found.get(key);
      found.put(
          key,
          previous == null
              ? Credential.found(
                  rule.id(), rule.provider(), new Secret(m.secret), attributes, where)
              : previous.mergedWith(attributes, where));
    }
    return new ArrayList<>(found.values());
  }

  /**
   * Keyword hits per rule, and which rules have any: a text wakes a few dozen of the thousand-odd
   * rules, so only those are visited afterwards. A named class rather than a capturing lambda: a
   * short run interprets or quick-compiles this code, where a lambda's creation is a method-handle
   * call per text.
   */
  private static final class RuleHits implements KeywordIndex.Hits {
    final Positions[] hits;
    private final int[][] rulesOfKeyword;
    private int[] touched = new int[16];
    private int count;

    RuleHits(int rules, int[][] rulesOfKeyword) {
      this.hits = new Positions[rules];
      this.rulesOfKeyword = rulesOfKeyword;
    }

    @Override
    public void hit(int keyword, int start, int end) {
      for (int r : rulesOfKeyword[keyword]) {
        positions(r).add(start, end);
      }
    }

    Positions positions(int r) {
      Positions p = hits[r];
      if (p == null) {
        p = hits[r] = new Positions();
        if (count == touched.length) {
          touched = Arrays.copyOf(touched, count * 2);
        }
        touched[count++] = r;
      }
      return p;
    }

    /** The rules with hits, in rule order (the order matches were found in before). */
    int[] touched() {
      int[] rules = Arrays.copyOf(touched, count);
      Arrays.sort(rules);
      return rules;
    }
  }

  /** Keyword hit offsets of one rule, as parallel growable arrays. */
  private static final class Positions {
    int[] starts = new int[4];
    int[] ends = new int[4];
    int size;

    void add(int start, int end) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
      starts[size] = start;
      ends[size++] = end;
    }
  }

  /** Maps character offsets to 1-based line numbers. */
  static final class LineIndex {
    private final int[] starts;

    LineIndex(String text) {
      int[] list = new int[16];
      int count = 1;
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (count == list.length) {
          list = Arrays.copyOf(list, count * 2);
        }
        list[count++] = i + 1;
      }
      starts = Arrays.copyOf(list, count);
    }

    int lineOf(int offset) {
      int index = Arrays.binarySearch(starts, offset);
      return (index >= 0 ? index : -index - 2) + 1;
    }

    int startOf(int line) {
      return starts[line - 1];
    }

    /** The text of the 1-based line, without its line break. */
    String line(String text, int line) {
      int end = line < starts.length ? starts[line] - 1 : text.length();
      return text.substring(starts[line - 1], end);
    }
  }
}
