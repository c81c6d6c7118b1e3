package dev.tokenscope.store;

import java.time.Instant;

/**
 * One recorded scan of one target (a folder, a repository) by one attempt of a run: when it ran,
 * with which version, in which shard, how many credentials it saw, whether it read every input
 * ({@code complete} is false when some input failed, so what it did not see is not reported as
 * gone), and, when the target could not be cloned or read, why ({@code failure}).
 */
public record ScanRecord(
    long id,
    String target,
    Instant startedAt,
    Instant finishedAt,
    String toolVersion,
    String shard,
    int findingCount,
    boolean complete,
    String runId,
    long attemptId,
    String failure) {

  /** True when the target could not be cloned or read at all in this scan. */
  public boolean failed() {
    return failure != null;
  }
}
