package dev.tokenscope.report;

import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Location;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** One block per finding, for a terminal; ANSI colour only when asked (attached to a terminal). */
public final class TextReport implements Report {
  private final boolean colour;

  public TextReport(boolean colour) {
    this.colour = colour;
  }

  @Override
  public void write(ScanResult result, Writer out) throws IOException {
    for (Finding f : result.findings()) {
      out.write(paint(severityColour(f), f.severity().name()) + "  " + bold(f.kind().name()) + "  " + f.credential().ruleId() + "\n");
      out.write("  secret       " + f.credential().redacted() + "\n");
      out.write("  fingerprint  " + f.credential().fingerprint() + "\n");
      for (Location location : f.credential().locations()) {
        out.write("  found at     " + location.display() + (location.author() == null ? "" : " by " + location.author()) + "\n");
      }
      out.write("  why          " + f.reason() + "\n\n");
    }
    for (Problem problem : result.problems()) {
      out.write(paint("31", "error") + ": " + problem + "\n");
    }
    ScanResult.Stats s = result.stats();
    out.write(
        String.format(
            Locale.ROOT,
            "%d finding%s; %d files, %d blobs, %.1f MB scanned, %d skipped, %d error%s in %.2f s%n",
            result.findings().size(),
            result.findings().size() == 1 ? "" : "s",
            s.files(),
            s.blobs(),
            s.bytes() / 1e6,
            s.skipped(),
            result.problems().size(),
            result.problems().size() == 1 ? "" : "s",
            s.seconds()));
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
