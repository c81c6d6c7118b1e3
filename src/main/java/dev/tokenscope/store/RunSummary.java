package dev.tokenscope.store;

import java.time.Instant;
import java.util.List;

/**
 * A run as {@code history} shows it: its attempts, and its coverage (the targets its attempts
 * scanned, and those that could not be cloned or read, with the reason). A target counts by its
 * latest scan in the run, so a retry that read a repository the first attempt failed on covers it.
 */
public record RunSummary(
    String runId, Instant startedAt, List<Attempt> attempts, List<ScanRecord> latestScans) {

  public RunSummary {
    attempts = List.copyOf(attempts);
    latestScans = List.copyOf(latestScans);
  }

  /** complete when every shard's latest attempt completed, failed when one failed, else running. */
  public Attempt.State state() {
    java.util.Map<String, Attempt> latestByShard = new java.util.LinkedHashMap<>();
    for (Attempt a : attempts) {
      latestByShard.merge(a.shard() == null ? "" : a.shard(), a, (x, y) -> x.id() > y.id() ? x : y);
    }
    boolean failed = false;
    for (Attempt a : latestByShard.values()) {
      if (a.state() == Attempt.State.RUNNING) {
        return Attempt.State.RUNNING;
      }
      failed |= a.state() == Attempt.State.FAILED;
    }
    return failed ? Attempt.State.FAILED : Attempt.State.COMPLETE;
  }

  public List<ScanRecord> failedScans() {
    return latestScans.stream().filter(ScanRecord::failed).toList();
  }

  public int findingCount() {
    return latestScans.stream().mapToInt(ScanRecord::findingCount).sum();
  }
}
