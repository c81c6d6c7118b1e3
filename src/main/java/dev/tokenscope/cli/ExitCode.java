package dev.tokenscope.cli;

/** The exit codes tokenscope documents in {@code --help} and the README. */
public final class ExitCode {
  /** Nothing found at or above the failure threshold, and no error. */
  public static final int CLEAN = 0;

  /** Findings at or above {@code --fail-on}. */
  public static final int FINDINGS = 1;

  /** A usage error, or an input that could not be read (the report still lists all findings). */
  public static final int ERROR = 2;

  static final String HELP =
      "%nExit codes:%n"
          + "  0  nothing found at or above --fail-on, and no error%n"
          + "  1  findings at or above --fail-on%n"
          + "  2  usage error, or an input, rule or config could not be read, or a file%n"
          + "     was too large to scan (everything else is still scanned and reported)%n";

  /** For commands without {@code --fail-on}: they succeed or fail, they report no findings. */
  static final String HELP_NO_FINDINGS =
      "%nExit codes:%n"
          + "  0  done%n"
          + "  2  usage error, or an input, rule or config could not be read%n";

  private ExitCode() {}
}
