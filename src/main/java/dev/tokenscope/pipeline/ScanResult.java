package dev.tokenscope.pipeline;

import dev.tokenscope.model.Finding;
import dev.tokenscope.source.Problem;
import java.util.List;

/**
 * Everything a scan produced: findings, counters, the inputs it could not read, and how many
 * credentials were found but not reported (so a report can say what it hides).
 */
public record ScanResult(
    List<Finding> findings, Stats stats, List<Problem> problems, Hidden hidden) {

  public ScanResult {
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
    hidden = hidden == null ? Hidden.NONE : hidden;
  }

  public ScanResult(List<Finding> findings, Stats stats, List<Problem> problems) {
    this(findings, stats, problems, Hidden.NONE);
  }

  /** The same result with other hidden counts. */
  public ScanResult withHidden(Hidden other) {
    return new ScanResult(findings, stats, problems, other);
  }

  /** The counters of a finished scan. */
  public record Stats(long files, long blobs, long bytes, long skipped, double seconds) {}

  /**
   * Credentials found but left out of the report: by the config's allow-list, and by a baseline.
   */
  public record Hidden(int allowListed, int baselined) {
    public static final Hidden NONE = new Hidden(0, 0);

    public Hidden plus(Hidden other) {
      return new Hidden(allowListed + other.allowListed, baselined + other.baselined);
    }
  }
}
