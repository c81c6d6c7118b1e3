package dev.tokenscope.store;

import dev.tokenscope.model.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt at a run, as a scan records it: each target's scan (or failure) with what is new in
 * it, and, once the report is written, the attempt marked complete. A store that fails during the
 * attempt does not stop the scan: the failure becomes a problem for the report (which then shows
 * every finding of the targets it could not record, as nothing can be ruled already known), and
 * after a lost connection that could not be restored no later target is tried.
 */
public final class RunRecorder implements AutoCloseable {
  private final ScanStore store;
  private final Attempt attempt;
  private final List<String> problems = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();
  private boolean unreachable;
  private boolean finished;

  private RunRecorder(ScanStore store, Attempt attempt) {
    this.store = store;
    this.attempt = attempt;
  }

  /** Starts an attempt at {@code runId} (a generated id when null). */
  public static RunRecorder start(ScanStore store, String runId, String shard) {
    String id = runId == null || runId.isBlank() ? ScanStore.generatedRunId(Instant.now()) : runId;
    return new RunRecorder(store, store.beginAttempt(id.trim(), shard));
  }

  public Attempt attempt() {
    return attempt;
  }

  public ScanStore store() {
    return store;
  }

  /**
   * Records a target's scan; the diff against its baseline when it was recorded, empty when the
   * store failed (then {@link #problems()} says why).
   */
  public Optional<ScanDiff> record(
      String target, Instant started, Instant finished, List<Finding> findings, boolean complete) {
    return guarded(
        target,
        () -> store.diff(store.record(attempt, target, started, finished, findings, complete)));
  }

  /** Records that a target could not be cloned or read, and why. */
  public Optional<ScanDiff> recordFailure(String target, Instant started, String reason) {
    return guarded(
        target,
        () -> store.diff(store.recordFailure(attempt, target, started, Instant.now(), reason)));
  }

  private Optional<ScanDiff> guarded(String target, java.util.function.Supplier<ScanDiff> write) {
    if (unreachable) {
      return Optional.empty();
    }
    try {
      ScanDiff diff = write.get();
      targets.add(target);
      return Optional.of(diff);
    } catch (StoreException e) {
      unreachable = e.unreachable();
      problems.add(
          e.getMessage()
              + (unreachable
                  ? " (this and later targets are not recorded; their findings are all reported)"
                  : " (its findings are all reported)"));
      return Optional.empty();
    }
  }

  /** What went wrong with the store during the attempt, one message per failure. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** When each credential of the recorded targets was first seen, by fingerprint. */
  public Map<String, Instant> firstSeen() {
    Map<String, Instant> first = new HashMap<>();
    if (unreachable) {
      return first;
    }
    try {
      for (String target : targets) {
        for (StoredFinding f : store.findings(target).values()) {
          first.merge(f.fingerprint(), f.firstSeen(), (a, b) -> a.isBefore(b) ? a : b);
        }
      }
    } catch (StoreException e) {
      problems.add(e.getMessage());
    }
    return first;
  }

  /**
   * Marks the attempt complete: call once its report has been written, so what it scanned becomes
   * the baseline of later runs. A store failure here only means the next run reports again.
   */
  public Optional<String> complete() {
    return finish(Attempt.State.COMPLETE, null);
  }

  /** Marks the attempt failed, with the reason. */
  public Optional<String> fail(String reason) {
    return finish(Attempt.State.FAILED, reason);
  }

  private Optional<String> finish(Attempt.State state, String reason) {
    finished = true;
    try {
      store.finishAttempt(attempt, state, reason);
      return Optional.empty();
    } catch (StoreException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** An attempt closed before it was finished failed: its report was not written. */
  @Override
  public void close() {
    try {
      if (!finished) {
        fail("stopped before its report was written");
      }
    } finally {
      store.close();
    }
  }
}
