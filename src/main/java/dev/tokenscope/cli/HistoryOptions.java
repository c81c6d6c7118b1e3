package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.fleet.FleetScan;
import dev.tokenscope.fleet.FleetSources;
import dev.tokenscope.fleet.GitCloner;
import dev.tokenscope.fleet.Repository;
import dev.tokenscope.fleet.RepositoryScanner;
import dev.tokenscope.fleet.Shard;
import dev.tokenscope.model.Finding;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.GitHistorySource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.Source;
import dev.tokenscope.store.Baseline;
import dev.tokenscope.store.RunRecorder;
import dev.tokenscope.store.ScanDiff;
import dev.tokenscope.store.ScanRecord;
import dev.tokenscope.store.ScanStore;
import dev.tokenscope.store.StoreException;
import dev.tokenscope.store.StoreUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The scan options for scheduled scans, pre-merge checks and many repositories: record the scan in
 * the history store, report only what is new or not in a baseline, clone and scan repositories
 * (listed, or from a GitHub organisation or GitLab group), one shard of them at a time.
 */
final class HistoryOptions {
  /** Reads a cloned repository's full history, every unique blob once; replaceable in tests. */
  static RepositoryScanner repositoryScanner =
      (bare, name) -> new GitHistorySource(bare, null, FileSource.DEFAULT_MAX_BYTES);

  /** Environment lookups, replaceable in tests. */
  static Function<String, String> environment = System::getenv;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "scan history store, a JDBC URL: jdbc:postgresql://HOST/DB for a team (user and password from TOKENSCOPE_STORE_USER and TOKENSCOPE_STORE_PASSWORD); implies --record (default store: .tokenscope/history.mv.db)")
  String store;

  @Option(names = "--record", description = "record this scan in the history store")
  boolean record;

  @Option(
      names = "--new-only",
      description =
          "report only credentials new since the last recorded scan of the same target (records this scan); exit 1 when there are any")
  boolean newOnly;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "report only credentials not in this baseline (see 'tokenscope baseline create')")
  Path baseline;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description =
          "the name of what is scanned in the history store (default: the absolute paths scanned; repositories are named by URL)")
  String target;

  @Option(
      names = "--git-url",
      paramLabel = "URL",
      arity = "1..*",
      description =
          "clone (bare) and scan the full history of these repositories; a token in GIT_TOKEN is sent to these hosts only")
  List<String> gitUrls = new ArrayList<>();

  @Option(
      names = "--repos",
      paramLabel = "FILE",
      description = "clone and scan the repositories listed in FILE, one URL per line, # comments")
  Path reposFile;

  @Option(
      names = "--github-org",
      paramLabel = "ORG",
      description =
          "clone and scan every repository of a GitHub organisation (token from GITHUB_TOKEN; API from the config's providers.github.base_url)")
  List<String> githubOrgs = new ArrayList<>();

  @Option(
      names = "--gitlab-group",
      paramLabel = "GROUP",
      description =
          "clone and scan every project of a GitLab group and its subgroups (token from GITLAB_TOKEN; instance from providers.gitlab.base_url)")
  List<String> gitlabGroups = new ArrayList<>();

  @Option(
      names = "--shard",
      paramLabel = "i/n",
      description =
          "scan only shard i (0-based) of n of the repositories, balanced by size (largest first, the same split for the same list), for CI matrices and Kubernetes Indexed Jobs")
  String shard;

  @Option(
      names = "--run",
      paramLabel = "ID",
      description =
          "the run this scan belongs to, e.g. the CI run or Kubernetes Job name: every attempt (shard, retry) of one run reports the same new credentials, and later runs do not report them again (default: a new run each time)")
  String run;

  /** The attempt this scan records into; open from {@link #run} until {@link #finish}. */
  private RunRecorder recorder;

  /** True when repositories, not only paths, are to be scanned. */
  boolean scansRepositories() {
    return !fleetSources(Config.empty()).isEmpty();
  }

  private boolean usesStore() {
    return store != null || record || newOnly || run != null;
  }

  /**
   * Runs the scan over the given sources (one target) and every repository, recording and filtering
   * as asked. Inputs that fail are problems in the result; the others are still scanned. When
   * recorded, the attempt stays open until {@link #finish} says whether the report was written.
   */
  ScanResult run(
      Pipeline pipeline,
      List<Source> sources,
      List<Problem> problems,
      List<String> targetNames,
      Config config,
      OutputOptions output) {
    Shard selected = shard();
    if (shard != null && !scansRepositories()) {
      throw new UserException(
          "--shard splits repositories: give --git-url, --repos, --github-org or --gitlab-group");
    }
    Baseline accepted = baseline();
    RepositoryProgress progress = RepositoryProgress.forTerminal(output.quiet);
    // Problems found before any target is read (a broken rule file) leave every scan incomplete.
    boolean degraded = !problems.isEmpty();
    List<Problem> other = new ArrayList<>(problems);
    FleetSources fleetSources = fleetSources(config);
    List<Repository> repositories;
    GitCloner cloner;
    try {
      repositories =
          fleetSources.isEmpty() ? List.of() : selected.select(fleetSources.repositories(other));
      // Only a fleet clones: a plain scan loads no JGit transport class (StartupTest).
      cloner = repositories.isEmpty() ? null : new GitCloner(fleetSources.credentials());
    } catch (UncheckedIOException e) {
      throw new UserException(e.getMessage());
    }
    progress.expect(repositories.size());
    long start = System.nanoTime();
    if (usesStore()) {
      try {
        recorder =
            RunRecorder.start(openStore(store), run, shard == null ? null : selected.toString());
      } catch (StoreException e) {
        throw new UserException(e.getMessage());
      }
    }
    FleetScan fleet = new FleetScan(scanner(pipeline), recorder);
    List<FleetScan.Unit> units = new ArrayList<>();
    try {
      if (!sources.isEmpty()) {
        units.add(fleet.scanTarget(sources, target(targetNames), degraded, !output.quiet));
      }
      if (!repositories.isEmpty()) {
        units.addAll(
            fleet.scanRepositories(
                repositories, cloner, repositoryScanner, progress::watch, degraded));
      }
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage());
    } finally {
      progress.finish();
    }
    if (recorder != null) {
      if (!output.quiet) {
        units.stream()
            .filter(u -> u.diff() != null)
            .forEach(u -> System.err.println(summary(u.diff(), recorder)));
      }
      output.firstSeen = recorder.firstSeen();
      recorder.problems().forEach(p -> other.add(new Problem("scan store", p)));
    }
    List<Finding> findings = FleetScan.report(units, newOnly);
    int baselined = 0;
    if (accepted != null) {
      List<Finding> before = findings;
      findings = accepted.unknown(findings);
      baselined = credentials(before) - credentials(findings);
    }
    List<Problem> all = new ArrayList<>();
    long files = 0, blobs = 0, bytes = 0, skipped = 0;
    ScanResult.Hidden hidden = new ScanResult.Hidden(0, baselined);
    for (FleetScan.Unit unit : units) {
      hidden = hidden.plus(new ScanResult.Hidden((int) unit.result().allowListed(), 0));
      all.addAll(unit.result().problems());
      files += unit.result().files();
      blobs += unit.result().blobs();
      bytes += unit.result().bytes();
      skipped += unit.result().skipped();
    }
    all.addAll(other);
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id));
    return new ScanResult(
        sorted,
        new ScanResult.Stats(files, blobs, bytes, skipped, (System.nanoTime() - start) / 1e9),
        all,
        hidden);
  }

  private static int credentials(List<Finding> findings) {
    return (int) findings.stream().map(f -> f.credential().fingerprint()).distinct().count();
  }

  /**
   * Ends the attempt: complete when the report was written (from then on what it scanned is the
   * baseline of later runs), failed otherwise. A no-op when the scan was not recorded.
   */
  void finish(boolean reportWritten) {
    if (recorder == null) {
      return;
    }
    try {
      Optional<String> problem =
          reportWritten ? recorder.complete() : recorder.fail("the report could not be written");
      problem.ifPresent(p -> System.err.println("tokenscope: error: " + p));
    } finally {
      recorder.close();
      recorder = null;
    }
  }

  private static FleetScan.Scanner scanner(Pipeline pipeline) {
    return (sources, showProgress) -> {
      ScanStats stats = new ScanStats();
      ScanResult result;
      try (Progress progress = Progress.start(stats, !showProgress)) {
        result = pipeline.run(sources, List.of(), stats);
      }
      ScanResult.Stats s = result.stats();
      return new FleetScan.Scanned(
          result.findings(),
          result.problems(),
          s.files(),
          s.blobs(),
          s.bytes(),
          s.skipped(),
          result.hidden().allowListed());
    };
  }

  private FleetSources fleetSources(Config config) {
    return new FleetSources(gitUrls, reposFile, githubOrgs, gitlabGroups, config, environment);
  }

  private Shard shard() {
    if (shard == null) {
      return Shard.ALL;
    }
    try {
      return Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  private Baseline baseline() {
    if (baseline == null) {
      return null;
    }
    try {
      return Baseline.read(baseline);
    } catch (IOException e) {
      throw new UserException(e.getMessage());
    }
  }

  /**
   * The target a scan of paths and local repositories is recorded under: {@code --target}, else the
   * absolute paths scanned and the canonical names of the repositories read with {@code --git} (the
   * names {@code --repos} would give them), so scanning one repository after another keeps each
   * apart.
   */
  private String target(List<String> names) {
    return target != null ? target : String.join(" ", names);
  }

  static ScanStore openStore(String url) {
    try {
      return ScanStore.open(url == null ? StoreUrls.embedded(StoreUrls.DEFAULT_DIR) : url);
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    }
  }

  private static String summary(ScanDiff diff, RunRecorder recorder) {
    ScanRecord scan = diff.current();
    String where =
        "tokenscope: recorded scan #"
            + scan.id()
            + " of "
            + scan.target()
            + " (run "
            + scan.runId()
            + ") in "
            + recorder.store().describe()
            + ": ";
    if (scan.failed()) {
      return where + "failed: " + scan.failure();
    }
    String gone =
        diff.goneKnown()
            ? diff.gone().size() + " gone"
            : "gone unknown (the scan could not read every input)";
    return where
        + diff.appeared().size()
        + " new, "
        + gone
        + (diff.previous() == null
            ? " (first scan of this target)"
            : " since scan #" + diff.previous().id() + " of run " + diff.previous().runId());
  }
}
