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
          + "  1  findings at or above --fail-on (default: fail_on in the config, else info:%n"
          + "     any finding; --fail-on none: never)%n"
          + "  2  usage error, or an input, rule or config could not be read, or a file%n"
          + "     was too large to scan (everything else is still scanned and reported)%n";

  /** {@code diff}: only credentials new in the run count for {@code --fail-on}. */
  static final String HELP_DIFF =
      "%nExit codes:%n"
          + "  0  no credential new in the run is at or above --fail-on%n"
          + "  1  a credential new in the run is at or above --fail-on (default: fail_on%n"
          + "     in the config, else info: any new one; --fail-on none: never);%n"
          + "     credentials gone never count%n"
          + "  2  usage error, or the store or config could not be read%n";

  /**
   * {@code history}: a listing, so it fails only when asked to, on what the run or scan it shows
   * first saw.
   */
  static final String HELP_HISTORY =
      "%nExit codes:%n"
          + "  0  listed; with --fail-on, nothing at or above it in the run shown first%n"
          + "     (the newest, or --run ID) or the newest scan listed (--scans, --target)%n"
          + "  1  only with --fail-on SEVERITY: that run or scan saw a credential at or%n"
          + "     above it (a config's fail_on does not apply: a listing fails only when%n"
          + "     asked)%n"
          + "  2  usage error, or the store or config could not be read%n";

  /** For commands without {@code --fail-on}: they succeed or fail, they report no findings. */
  static final String HELP_NO_FINDINGS =
      "%nExit codes:%n"
          + "  0  done%n"
          + "  2  usage error, or an input, rule or config could not be read%n";

  private ExitCode() {}
}
