package dev.tokenscope.cli;

import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.report.Format;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --format}, {@code --output} and {@code --fail-on}, shared by every command that reports.
 */
final class OutputOptions {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "text, json, sarif or html; diff and history: text or json (default: text on a terminal, json"
              + " when piped or written with -o)")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the report to FILE instead of standard output")
  Path output;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description =
          "exit 1 when a finding is at least this severe: info, low, medium, high, critical, or none for never"
              + " (default: see Exit codes)")
  String failOn;

  /**
   * Redaction cannot be turned off: every report, log line and stored row holds a secret's redacted
   * form and fingerprint only, whatever the flags. The flag is accepted so that command lines
   * written for other scanners (gitleaks' {@code --redact}) run.
   */
  @Option(
      names = "--redact",
      description =
          "show secrets redacted (always on: tokenscope never prints, logs or stores a whole secret)")
  boolean redact = true;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress or summary on standard error")
  boolean quiet;

  /**
   * When each credential was first seen, by fingerprint, from the scan history (for the HTML
   * report).
   */
  java.util.Map<String, java.time.Instant> firstSeen = java.util.Map.of();

  Format format() {
    if (format == null) {
      return System.console() != null && output == null ? Format.TEXT : Format.JSON;
    }
    try {
      return Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("unknown --format '" + format + "': use text, json, sarif or html");
    }
  }

  /**
   * The threshold at or above which a finding fails the run: {@code --fail-on}, else {@code
   * configured} (the config's {@code fail_on}), else info (any finding); empty for {@code none}.
   */
  java.util.Optional<Severity> failOn(String configured) {
    return threshold(failOn != null ? failOn : configured != null ? configured : "info");
  }

  /** A {@code --fail-on} or {@code fail_on} value: a severity, or {@code none} (nothing fails). */
  static java.util.Optional<Severity> threshold(String value) {
    if (value.trim().equalsIgnoreCase("none")) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Severity.parse(value));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage() + ", or none");
    }
  }

  /** Whether a finding this severe fails the run at {@code threshold}. */
  static boolean fails(Severity severity, java.util.Optional<Severity> threshold) {
    return threshold.map(severity::atLeast).orElse(false);
  }

  /**
   * The chosen format, for a command that writes only some of them (a listing has no locations for
   * SARIF): any other is a usage error naming those it writes.
   */
  Format format(java.util.Set<Format> offered) {
    Format chosen = format();
    if (!offered.contains(chosen)) {
      throw new UserException(
          "--format "
              + format
              + " is not written by this command: use "
              + String.join(
                  " or ",
                  offered.stream()
                      .sorted()
                      .map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                      .toList()));
    }
    return chosen;
  }

  /** Writes a report already rendered to {@code -o FILE}, else to {@code stdout}. */
  void write(String text, PrintStream stdout) {
    if (output == null) {
      stdout.print(text);
      stdout.flush();
      return;
    }
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException("cannot write " + output + ": " + e.getMessage());
    }
  }

  /** Whether a summary belongs on standard error: the report is not text on the terminal. */
  boolean summaryOnStderr() {
    return !quiet && (format() != Format.TEXT || output != null);
  }

  /** What was scanned, for the HTML report's header; commands that know set it. */
  java.util.List<String> targets = java.util.List.of();

  /** How many detector rules the scan used, for the HTML report's header; 0 when not known. */
  int ruleCount;

  private dev.tokenscope.report.Report report(Format chosen, boolean colour, boolean toTerminal) {
    return switch (chosen) {
      case HTML ->
          new dev.tokenscope.report.HtmlReport(
              firstSeen,
              new dev.tokenscope.report.HtmlReport.Header(
                  targets, java.time.Instant.now(), ruleCount));
      case TEXT -> new dev.tokenscope.report.TextReport(colour, width(toTerminal));
      default -> chosen.report(colour);
    };
  }

  /**
   * The text report's width: {@code COLUMNS} when set, else the terminal's as picocli detects it,
   * else {@link dev.tokenscope.report.TextReport#DEFAULT_WIDTH}.
   */
  static int width(boolean toTerminal) {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) {
      return Integer.parseInt(columns);
    }
    if (toTerminal) {
      int detected = new picocli.CommandLine.Model.UsageMessageSpec().autoWidth(true).width();
      if (detected > 0) {
        return detected;
      }
    }
    return dev.tokenscope.report.TextReport.DEFAULT_WIDTH;
  }

  /** Writes the report and returns the exit code the result calls for. */
  int emit(ScanResult result, String configuredFailOn, PrintStream stdout) {
    java.util.Optional<Severity> threshold = failOn(configuredFailOn);
    Format chosen = format();
    // Colour only on a terminal, and never when the user opted out (https://no-color.org).
    boolean colour =
        chosen == Format.TEXT
            && output == null
            && System.console() != null
            && System.getenv("NO_COLOR") == null;
    try {
      if (output != null) {
        try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
          report(chosen, false, false).write(result, out);
        }
      } else {
        Writer out = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
        report(chosen, colour, System.console() != null).write(result, out);
        out.flush();
      }
    } catch (IOException e) {
      throw new UserException("cannot write the report: " + e.getMessage());
    }
    if (summaryOnStderr()) {
      dev.tokenscope.report.ScanSummary.resolveWarning(result.findings())
          .ifPresent(w -> System.err.println("tokenscope: warning: " + w));
    }
    if (!result.problems().isEmpty()) {
      if (chosen != Format.TEXT || output != null) {
        result
            .problems()
            .forEach(
                p ->
                    System.err.println(
                        "tokenscope: error: " + dev.tokenscope.report.SafeText.of(p.toString())));
      }
      return ExitCode.ERROR;
    }
    boolean failing = result.findings().stream().anyMatch(f -> fails(f.severity(), threshold));
    return failing ? ExitCode.FINDINGS : ExitCode.CLEAN;
  }
}
