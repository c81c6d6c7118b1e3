package dev.tokenscope.store;

import java.time.Instant;

/**
 * One process working on a run: a shard, or a retry of one. It is {@code running} until the report
 * of what it scanned has been written ({@code complete}) or it stopped on an error ({@code
 * failed}); an attempt that was killed stays {@code running}. Only what a complete attempt scanned
 * is the baseline of later runs, so a token seen by an attempt that never reported it is reported
 * again.
 */
public record Attempt(
    long id,
    String runId,
    String shard,
    State state,
    Instant startedAt,
    Instant finishedAt,
    String reason) {

  /** Where an attempt stands. */
  public enum State {
    RUNNING,
    COMPLETE,
    FAILED;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State of(String column) {
      return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
