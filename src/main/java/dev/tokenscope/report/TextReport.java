package dev.tokenscope.report;

import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One block per credential, for a person at a terminal: its highest severity, rule and provider,
 * the redacted secret and fingerprint (for the allow-list), who it is, where it was found (the
 * first place, the introducing commit for git, and how many more), its risks one line each, and one
 * line saying what to do. Lines wrap to the terminal's width. Critical and high credentials carry a
 * marker ({@code !!}, {@code !}) that survives without colour; ANSI colour only when asked, which
 * the CLI does only when standard output is a terminal. Everything that came from outside (paths,
 * authors, provider answers) is shown through {@link SafeText}.
 */
public final class TextReport implements Report {
  /** The width when the terminal's is not known (output piped or written to a file). */
  public static final int DEFAULT_WIDTH = 100;

  private static final int NARROWEST = 40;
  private static final String INDENT = "   ";
  private static final int LABEL = 10;

  private final boolean colour;
  private final int width;

  public TextReport(boolean colour) {
    this(colour, DEFAULT_WIDTH);
  }

  public TextReport(boolean colour, int width) {
    this.colour = colour;
    this.width = Math.max(NARROWEST, width);
  }

  @Override
  public void write(ScanResult result, Writer out) throws IOException {
    List<CredentialEntry> entries = CredentialEntry.group(result.findings());
    for (CredentialEntry entry : entries) {
      block(entry, out);
      out.write("\n");
    }
    for (Problem problem : result.problems()) {
      out.write(
          wrap(
              paint("31", "error") + ": ",
              "error: ".length(),
              SafeText.of(problem.toString()),
              INDENT));
    }
    var warning = ScanSummary.resolveWarningOf(entries);
    if (warning.isPresent()) {
      out.write(wrap(paint("33", "warning") + ": ", "warning: ".length(), warning.get(), INDENT));
    }
    String counts = ScanSummary.line(result, entries);
    ScanResult.Stats s = result.stats();
    String scanned =
        String.format(
            Locale.ROOT,
            "%d files, %d blobs, %.1f MB scanned, %d skipped, %d error%s in %.2f s",
            s.files(),
            s.blobs(),
            s.bytes() / 1e6,
            s.skipped(),
            result.problems().size(),
            result.problems().size() == 1 ? "" : "s",
            s.seconds());
    boolean clean = result.findings().isEmpty() && result.problems().isEmpty();
    for (String line : List.of(counts, scanned)) {
      for (String wrapped : lines(line, width, INDENT)) {
        out.write((clean ? paint("32", wrapped) : bold(wrapped)) + "\n");
      }
    }
  }

  private void block(CredentialEntry entry, Writer out) throws IOException {
    Severity worst = entry.severity();
    String head = marker(worst) + worst.name();
    String rest =
        "  "
            + SafeText.of(entry.credential().ruleId())
            + " ("
            + SafeText.of(entry.credential().provider())
            + ")";
    out.write(paint(severityColour(worst), head) + bold(rest) + "\n");
    // A credential listed by an account (or an inventory entry) has no secret: what is shown is
    // its public id, and it is labelled so.
    field(
        out,
        entry.credential().secret() == null ? "id" : "secret",
        SafeText.of(entry.credential().redacted())
            + " · "
            + SafeText.of(entry.credential().fingerprint()));
    List<String> who = new ArrayList<>();
    if (!entry.who().isEmpty()) {
      who.add(entry.who());
    }
    if (entry.grant() != null && !entry.grant().environments().isEmpty()) {
      who.add("environments: " + String.join(", ", entry.grant().environments()));
    }
    if (!entry.status().isEmpty()) {
      who.add(entry.status());
    }
    field(out, "identity", SafeText.of(String.join("; ", who)));
    List<Location> locations = entry.locations();
    if (!locations.isEmpty()) {
      field(
          out,
          locations.get(0).source().equals("provider-account") ? "listed as" : "found at",
          SafeText.of(describe(locations.get(0)))
              + (locations.size() > 1
                  ? " and " + (locations.size() - 1) + " more (all in --format json)"
                  : ""));
    }
    int kindWidth = 0;
    for (Finding risk : entry.risks()) {
      kindWidth = Math.max(kindWidth, ScanSummary.kindLabel(risk.kind()).length());
    }
    boolean firstRisk = true;
    for (Finding risk : entry.risks()) {
      String label = firstRisk ? pad("risks", LABEL) : pad("", LABEL);
      firstRisk = false;
      String sev = marker(risk.severity()) + pad(lower(risk.severity().name()), 10);
      String kind = pad(ScanSummary.kindLabel(risk.kind()), kindWidth + 2);
      int visible = INDENT.length() + LABEL + sev.length() + kind.length();
      out.write(
          wrap(
              INDENT + label + paint(severityColour(risk.severity()), sev) + kind,
              visible,
              SafeText.of(entry.gist(risk)),
              " ".repeat(visible)));
    }
    String fix = entry.fix();
    if (!fix.isEmpty()) {
      field(out, "fix:", SafeText.of(fix));
    }
  }

  private void field(Writer out, String label, String value) throws IOException {
    if (value.isEmpty()) {
      return;
    }
    String prefix = INDENT + pad(label, LABEL);
    out.write(wrap(prefix, prefix.length(), value, " ".repeat(prefix.length())));
  }

  /**
   * {@code prefix} (of {@code visible} columns) then {@code text}, wrapped with a hanging indent.
   */
  private String wrap(String prefix, int visible, String text, String indent) {
    List<String> lines = lines(" ".repeat(visible) + text, width, indent);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(i == 0 ? prefix + lines.get(0).substring(visible) : lines.get(i)).append('\n');
    }
    return out.toString();
  }

  /**
   * Word-wraps {@code text} (whose leading spaces are kept) to {@code width}; a word longer than a
   * line is cut.
   */
  static List<String> lines(String text, int width, String indent) {
    List<String> lines = new ArrayList<>();
    int lead = 0;
    while (lead < text.length() && text.charAt(lead) == ' ') {
      lead++;
    }
    StringBuilder line = new StringBuilder(text.substring(0, lead));
    boolean empty = true;
    for (String word : text.substring(lead).split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!empty && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
        empty = true;
      }
      if (!empty) {
        line.append(' ');
      }
      while (line.length() + word.length() > width && width - line.length() > 10) {
        int room = width - line.length();
        line.append(word, 0, room);
        lines.add(line.toString());
        line = new StringBuilder(indent);
        word = word.substring(room);
      }
      line.append(word);
      empty = false;
    }
    lines.add(line.toString());
    return lines;
  }

  private static String describe(Location location) {
    StringBuilder line = new StringBuilder(location.display());
    if (location.author() != null) {
      line.append(" by ").append(location.author());
    }
    if (location.date() != null) {
      line.append(" on ").append(location.date());
    }
    return line.toString();
  }

  /** A marker that shows critical and high without colour (a pipe, a log, NO_COLOR). */
  static String marker(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "!! ";
      case HIGH -> "!  ";
      default -> "   ";
    };
  }

  private static String severityColour(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "1;97;41";
      case HIGH -> "1;31";
      case MEDIUM -> "33";
      default -> "36";
    };
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private String paint(String code, String text) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }

  private String bold(String text) {
    return paint("1", text);
  }
}
