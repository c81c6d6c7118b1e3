package dev.tokenscope.report;

import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Location;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * One block per finding, for a person at a terminal: severity, kind, rule, the redacted secret, its
 * fingerprint (for the allow-list), where it was found (for git, the commit, author and date, the
 * introducing commit first) and what to do. ANSI colour only when asked, which the CLI does only
 * when standard output is a terminal.
 */
public final class TextReport implements Report {
  /** Past this many places, a finding lists the first ones and a count of the rest. */
  static final int MAX_LOCATIONS = 10;

  private final boolean colour;

  public TextReport(boolean colour) {
    this.colour = colour;
  }

  @Override
  public void write(ScanResult result, Writer out) throws IOException {
    for (Finding f : result.findings()) {
      out.write(
          paint(severityColour(f), f.severity().name())
              + "  "
              + bold(f.kind().name())
              + "  "
              + f.credential().ruleId()
              + " ("
              + f.credential().provider()
              + ")\n");
      // A credential listed by an account (or an inventory entry) has no secret: what is shown is
      // its public id, and it is labelled so.
      out.write(
          (f.credential().secret() == null ? "  id           " : "  secret       ")
              + f.credential().redacted()
              + "\n");
      out.write("  fingerprint  " + f.credential().fingerprint() + "\n");
      List<Location> locations = f.credential().locations();
      for (int i = 0; i < Math.min(MAX_LOCATIONS, locations.size()); i++) {
        out.write(
            (i == 0
                    ? locations.get(i).source().equals("provider-account")
                        ? "  listed as    "
                        : "  found at     "
                    : "               ")
                + describe(locations.get(i))
                + "\n");
      }
      if (locations.size() > MAX_LOCATIONS) {
        out.write(
            "               … and "
                + (locations.size() - MAX_LOCATIONS)
                + " more places (all of them in --format json)\n");
      }
      out.write("  why          " + f.reason() + "\n\n");
    }
    for (Problem problem : result.problems()) {
      out.write(paint("31", "error") + ": " + problem + "\n");
    }
    ScanResult.Stats s = result.stats();
    String summary =
        String.format(
            Locale.ROOT,
            "%d finding%s; %d files, %d blobs, %.1f MB scanned, %d skipped, %d error%s in %.2f s",
            result.findings().size(),
            result.findings().size() == 1 ? "" : "s",
            s.files(),
            s.blobs(),
            s.bytes() / 1e6,
            s.skipped(),
            result.problems().size(),
            result.problems().size() == 1 ? "" : "s",
            s.seconds());
    out.write(
        (result.findings().isEmpty() && result.problems().isEmpty()
                ? paint("32", summary)
                : bold(summary))
            + "\n");
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

  private static String severityColour(Finding f) {
    return switch (f.severity()) {
      case CRITICAL, HIGH -> "31";
      case MEDIUM -> "33";
      default -> "36";
    };
  }

  private String paint(String code, String text) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }

  private String bold(String text) {
    return paint("1", text);
  }
}
