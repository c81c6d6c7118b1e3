package dev.tokenscope.fleet;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Folders;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.Source;
import dev.tokenscope.store.RunRecorder;
import dev.tokenscope.store.ScanDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A scheduled scan's work, without the command line: scan a set of paths as one target and each
 * repository of a shard as its own (cloned bare into a temporary folder, deleted after), record
 * each target's scan in the run (a repository that cannot be cloned or read is recorded as failed,
 * with the reason) and decide, per target, what is new. One repository failing never stops the
 * others, and neither does the store failing.
 */
public final class FleetScan {
  /**
   * What scanning some sources gave: findings, inputs that failed, and counters ({@code
   * allowListed}: credentials the allow-list hid).
   */
  public record Scanned(
      List<Finding> findings,
      List<Problem> problems,
      long files,
      long blobs,
      long bytes,
      long skipped,
      long allowListed) {
    public Scanned {
      findings = List.copyOf(findings);
      problems = List.copyOf(problems);
    }

    static Scanned failed(Problem problem) {
      return new Scanned(List.of(), List.of(problem), 0, 0, 0, 0, 0);
    }
  }

  /** Runs the detection pipeline over sources (the pipeline sits above this package). */
  @FunctionalInterface
  public interface Scanner {
    Scanned scan(List<Source> sources, boolean showProgress);
  }

  /**
   * One target's scan: its result and, when recorded, what changed since its baseline ({@code diff}
   * is null when nothing was recorded, so nothing can be ruled already known).
   */
  public record Unit(String target, Scanned result, ScanDiff diff) {}

  private final Scanner scanner;
  private final RunRecorder recorder;

  /** {@code recorder} is null when the scan is not recorded. */
  public FleetScan(Scanner scanner, RunRecorder recorder) {
    this.scanner = scanner;
    this.recorder = recorder;
  }

  /**
   * Scans sources as one target. {@code degraded} (an input failed before any target was read, such
   * as a rule file) makes the scan incomplete, so nothing is reported gone.
   */
  public Unit scanTarget(List<Source> sources, String target, boolean degraded, boolean progress) {
    Instant started = Instant.now();
    Scanned result = scanner.scan(sources, progress);
    return new Unit(target, result, record(target, started, result, degraded));
  }

  /**
   * Clones and scans each repository as its own target. A clone or read that fails is recorded as a
   * failure of that repository for this run and reported as a problem; the others go on.
   */
  public List<Unit> scanRepositories(
      List<Repository> repositories,
      GitCloner cloner,
      RepositoryScanner history,
      BiFunction<Source, String, Source> watch,
      boolean degraded) {
    List<Unit> units = new ArrayList<>();
    List<Problem> housekeeping = new ArrayList<>();
    Path workspace;
    try {
      workspace =
          Files.createTempDirectory(
              Path.of(System.getProperty("java.io.tmpdir")), "tokenscope-clones");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create a folder for clones in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      int n = 0;
      for (Repository repository : repositories) {
        String name = repository.name();
        Path into = workspace.resolve("r" + (n++));
        Instant started = Instant.now();
        try {
          Path bare = cloner.cloneBare(repository.url(), into);
          Source source = watch.apply(history.open(bare, name), name);
          Scanned result = relabel(scanner.scan(List.of(source), false), name);
          units.add(new Unit(name, result, record(name, started, result, degraded)));
        } catch (IOException e) {
          Problem problem = new Problem(name, e.getMessage());
          ScanDiff diff =
              recorder == null
                  ? null
                  : recorder.recordFailure(name, started, e.getMessage()).orElse(null);
          units.add(new Unit(name, Scanned.failed(problem), diff));
        } finally {
          delete(into, housekeeping);
        }
      }
    } finally {
      delete(workspace, housekeeping);
    }
    if (!housekeeping.isEmpty()) {
      units.add(new Unit(null, new Scanned(List.of(), housekeeping, 0, 0, 0, 0, 0), null));
    }
    return units;
  }

  /**
   * Records a target's scan. A target whose inputs failed is recorded as failed, with the first
   * reason, and with what it did see.
   */
  private ScanDiff record(String target, Instant started, Scanned result, boolean degraded) {
    if (recorder == null) {
      return null;
    }
    if (!result.problems().isEmpty()
        && result.findings().isEmpty()
        && result.files() == 0
        && result.blobs() == 0) {
      Problem first = result.problems().get(0);
      return recorder.recordFailure(target, started, first.toString()).orElse(null);
    }
    return recorder
        .record(
            target,
            started,
            Instant.now(),
            result.findings(),
            !degraded && result.problems().isEmpty())
        .orElse(null);
  }

  /**
   * The findings to report: all of them, or with {@code newOnly} those new in each recorded
   * target's scan. A target that could not be recorded keeps all its findings: a token reported
   * twice is better than one never reported.
   */
  public static List<Finding> report(List<Unit> units, boolean newOnly) {
    List<Finding> findings = new ArrayList<>();
    for (Unit unit : units) {
      List<Finding> kept = unit.result().findings();
      if (newOnly && unit.diff() != null) {
        Set<String> appeared = new HashSet<>();
        unit.diff().appeared().forEach(f -> appeared.add(f.fingerprint()));
        kept = kept.stream().filter(f -> appeared.contains(f.credential().fingerprint())).toList();
      }
      findings.addAll(kept);
    }
    return findings;
  }

  /**
   * Locations inside a cloned repository are named after the repository, so a report over many is
   * readable.
   */
  private static Scanned relabel(Scanned scanned, String repository) {
    List<Finding> named = new ArrayList<>();
    for (Finding finding : scanned.findings()) {
      List<Location> at = new ArrayList<>();
      for (Location l : finding.credential().locations()) {
        at.add(
            new Location(
                l.source(),
                repository + "/" + (l.path() == null ? "" : l.path()),
                l.line(),
                l.column(),
                l.commit(),
                l.author(),
                l.date(),
                l.version()));
      }
      Credential credential = finding.credential().withLocations(at);
      named.add(
          new Finding(
              finding.id(),
              finding.kind(),
              finding.severity(),
              credential,
              finding.grant(),
              finding.reason(),
              finding.evidence()));
    }
    return new Scanned(
        named,
        scanned.problems(),
        scanned.files(),
        scanned.blobs(),
        scanned.bytes(),
        scanned.skipped(),
        scanned.allowListed());
  }

  private static void delete(Path dir, List<Problem> problems) {
    try {
      Folders.deleteTree(dir);
    } catch (IOException e) {
      problems.add(
          new Problem(dir.toString(), "cannot delete the temporary clone: " + e.getMessage()));
    }
  }
}
