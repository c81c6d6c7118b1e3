package dev.tokenscope.pipeline;

import dev.tokenscope.model.Finding;
import dev.tokenscope.source.Problem;
import java.util.List;

/** Everything a scan produced: findings, counters and the inputs it could not read. */
public record ScanResult(List<Finding> findings, Stats stats, List<Problem> problems) {

  public ScanResult {
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
  }

  /** The counters of a finished scan. */
  public record Stats(long files, long blobs, long bytes, long skipped, double seconds) {}
}
