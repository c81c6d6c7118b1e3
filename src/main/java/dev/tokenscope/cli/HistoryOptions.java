package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.fleet.GitCloner;
import dev.tokenscope.fleet.GitCredentials;
import dev.tokenscope.fleet.OrganisationListing;
import dev.tokenscope.fleet.RepositoryList;
import dev.tokenscope.fleet.RepositoryScanner;
import dev.tokenscope.fleet.Shard;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Location;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.GitHistorySource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.Source;
import dev.tokenscope.store.Baseline;
import dev.tokenscope.store.ScanDiff;
import dev.tokenscope.store.ScanRecord;
import dev.tokenscope.store.ScanStore;
import dev.tokenscope.store.StoreException;
import dev.tokenscope.store.StoredFinding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The scan options for scheduled scans, pre-merge checks and many repositories: record the scan in
 * the history store, report only what is new or not in a baseline, clone and scan repositories
 * (listed, or from a GitHub organisation or GitLab group), one shard of them at a time.
 */
final class HistoryOptions {
  /** Reads a cloned repository's full history, every unique blob once. */
  private static final RepositoryScanner REPOSITORIES =
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
          "scan only shard i (0-based) of n of the repositories, split by a stable hash of each URL, for CI matrices and Kubernetes Indexed Jobs")
  String shard;

  /** True when repositories, not only paths, are to be scanned. */
  boolean scansRepositories() {
    return !gitUrls.isEmpty()
        || reposFile != null
        || !githubOrgs.isEmpty()
        || !gitlabGroups.isEmpty();
  }

  private boolean usesStore() {
    return store != null || record || newOnly;
  }

  /**
   * Runs the scan over the given sources (one target) and every repository, recording and filtering
   * as asked. Inputs that fail are problems in the result; the others are still scanned.
   */
  ScanResult run(
      Pipeline pipeline,
      List<Source> sources,
      List<Problem> problems,
      List<String> paths,
      Config config,
      OutputOptions output) {
    Shard selected = shard();
    if (shard != null && !scansRepositories()) {
      throw new UserException(
          "--shard splits repositories: give --git-url, --repos, --github-org or --gitlab-group");
    }
    Baseline accepted = baseline();
    RepositoryProgress progress = RepositoryProgress.forTerminal(output.quiet);
    PrintStream err = System.err;
    List<Unit> units = new ArrayList<>();
    // Problems found before any target is read (a broken rule file) leave every scan incomplete.
    boolean degraded = !problems.isEmpty();
    List<Problem> other = new ArrayList<>(problems);
    List<String> repositories =
        scansRepositories() ? selected.select(repositories(config, other)) : List.of();
    progress.expect(repositories.size());
    long start = System.nanoTime();
    try (ScanStore history = usesStore() ? openStore(store) : null) {
      if (!sources.isEmpty()) {
        units.add(
            scan(
                pipeline,
                sources,
                pathsTarget(paths),
                null,
                history,
                selected,
                degraded,
                !output.quiet));
      }
      if (!repositories.isEmpty()) {
        units.addAll(
            scanRepositories(
                pipeline, repositories, other, config, history, selected, progress, degraded));
      }
      if (!other.isEmpty()) {
        units.add(
            new Unit(
                null, new ScanResult(List.of(), new ScanResult.Stats(0, 0, 0, 0, 0), other), null));
      }
      if (history != null && !output.quiet) {
        progress.finish();
        for (Unit unit : units) {
          if (unit.diff != null) {
            err.println(summary(unit.diff, history));
          }
        }
      }
      output.firstSeen = history == null ? Map.of() : firstSeen(history, units);
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    } finally {
      progress.finish();
    }
    List<Finding> findings = new ArrayList<>();
    List<Problem> all = new ArrayList<>();
    long files = 0, blobs = 0, bytes = 0, skipped = 0;
    ScanResult.Hidden hidden = ScanResult.Hidden.NONE;
    for (Unit unit : units) {
      hidden = hidden.plus(unit.result.hidden());
      List<Finding> kept = unit.result.findings();
      if (newOnly && unit.diff != null) {
        Set<String> appeared = new HashSet<>();
        unit.diff.appeared().forEach(f -> appeared.add(f.fingerprint()));
        kept = kept.stream().filter(f -> appeared.contains(f.credential().fingerprint())).toList();
      }
      if (accepted != null) {
        List<Finding> before = kept;
        kept = accepted.unknown(kept);
        hidden = hidden.plus(new ScanResult.Hidden(0, credentials(before) - credentials(kept)));
      }
      findings.addAll(kept);
      all.addAll(unit.result.problems());
      ScanResult.Stats s = unit.result.stats();
      files += s.files();
      blobs += s.blobs();
      bytes += s.bytes();
      skipped += s.skipped();
    }
    findings.sort(
        java.util.Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id));
    return new ScanResult(
        findings,
        new ScanResult.Stats(files, blobs, bytes, skipped, (System.nanoTime() - start) / 1e9),
        all,
        hidden);
  }

  private static int credentials(List<Finding> findings) {
    return (int) findings.stream().map(f -> f.credential().fingerprint()).distinct().count();
  }

  /** One target's scan: its result and, when recorded, what changed since the last one. */
  private record Unit(String target, ScanResult result, ScanDiff diff) {}

  private Unit scan(
      Pipeline pipeline,
      List<Source> sources,
      String name,
      Function<Finding, Finding> relabel,
      ScanStore history,
      Shard selected,
      boolean degraded,
      boolean showProgress) {
    Instant started = Instant.now();
    ScanStats stats = new ScanStats();
    ScanResult result;
    try (Progress progress = Progress.start(stats, !showProgress)) {
      result = pipeline.run(sources, List.of(), stats);
    }
    if (relabel != null) {
      result =
          new ScanResult(
              result.findings().stream().map(relabel).toList(),
              result.stats(),
              result.problems(),
              result.hidden());
    }
    ScanDiff diff = null;
    if (history != null) {
      String shardName = shard == null ? null : selected.toString();
      ScanRecord recorded =
          history.record(
              name,
              shardName,
              started,
              Instant.now(),
              result.findings(),
              !degraded && result.problems().isEmpty());
      diff = history.diff(recorded);
    }
    return new Unit(name, result, diff);
  }

  /**
   * Clones and scans each repository; a clone that fails is added to {@code failures} and the
   * others go on.
   */
  private List<Unit> scanRepositories(
      Pipeline pipeline,
      List<String> repositories,
      List<Problem> failures,
      Config config,
      ScanStore history,
      Shard selected,
      RepositoryProgress progress,
      boolean degraded) {
    GitCloner cloner = new GitCloner(credentials(config));
    List<Unit> units = new ArrayList<>();
    Path workspace;
    try {
      workspace =
          Files.createTempDirectory(
              Path.of(System.getProperty("java.io.tmpdir")), "tokenscope-clones");
    } catch (IOException e) {
      throw new UserException(
          "cannot create a folder for clones in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage());
    }
    try {
      int n = 0;
      for (String url : repositories) {
        String name = GitCloner.printable(url);
        Path into = workspace.resolve("r" + (n++));
        try {
          Path bare = cloner.cloneBare(url, into);
          Source source = progress.watch(REPOSITORIES.open(bare, name), name);
          units.add(
              scan(
                  pipeline,
                  List.of(source),
                  name,
                  f -> relabel(f, name),
                  history,
                  selected,
                  degraded,
                  false));
        } catch (IOException e) {
          failures.add(new Problem(name, e.getMessage()));
        } finally {
          deleteQuietly(into, failures);
        }
      }
    } finally {
      deleteQuietly(workspace, failures);
    }
    return units;
  }

  /**
   * Locations inside a cloned repository are named after the repository, so a report over many is
   * readable.
   */
  private static Finding relabel(Finding finding, String repository) {
    List<Location> named = new ArrayList<>();
    for (Location l : finding.credential().locations()) {
      named.add(
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
    Credential credential = finding.credential().withLocations(named);
    return new Finding(
        finding.id(),
        finding.kind(),
        finding.severity(),
        credential,
        finding.grant(),
        finding.reason(),
        finding.evidence());
  }

  private static void deleteQuietly(Path dir, List<Problem> problems) {
    try {
      GitCloner.delete(dir);
    } catch (IOException e) {
      problems.add(
          new Problem(dir.toString(), "cannot delete the temporary clone: " + e.getMessage()));
    }
  }

  /** Every repository named on the command line, in a list file, or listed by GitHub or GitLab. */
  private List<String> repositories(Config config, List<Problem> problems) {
    RepositoryList list = new RepositoryList();
    gitUrls.forEach(list::add);
    if (reposFile != null) {
      try {
        RepositoryList.read(reposFile).forEach(list::add);
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
    }
    for (String org : githubOrgs) {
      OrganisationListing listing =
          OrganisationListing.github(
              config.baseUrl("github", OrganisationListing.GITHUB_DEFAULT),
              environment.apply("GITHUB_TOKEN"),
              HttpSettings.defaults());
      try {
        listing.list(org).forEach(list::add);
      } catch (IOException e) {
        problems.add(new Problem("github org " + org, e.getMessage()));
      }
    }
    for (String group : gitlabGroups) {
      OrganisationListing listing =
          OrganisationListing.gitlab(
              config.baseUrl("gitlab", OrganisationListing.GITLAB_DEFAULT),
              environment.apply("GITLAB_TOKEN"),
              HttpSettings.defaults());
      try {
        listing.list(group).forEach(list::add);
      } catch (IOException e) {
        problems.add(new Problem("gitlab group " + group, e.getMessage()));
      }
    }
    return list.urls();
  }

  /**
   * Tokens bound to the hosts the user chose: GIT_TOKEN for hosts of --git-url and --repos entries,
   * GITHUB_TOKEN and GITLAB_TOKEN for the hosts of the organisations and groups listed.
   */
  private GitCredentials credentials(Config config) {
    GitCredentials credentials = new GitCredentials();
    String user = environment.apply("GIT_USERNAME");
    List<String> named = new ArrayList<>(gitUrls);
    if (reposFile != null) {
      try {
        named.addAll(RepositoryList.read(reposFile));
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
    }
    for (String url : named) {
      credentials.allow(
          GitCredentials.host(url),
          user == null ? "x-access-token" : user,
          environment.apply("GIT_TOKEN"));
    }
    if (!githubOrgs.isEmpty()) {
      String host =
          OrganisationListing.github(
                  config.baseUrl("github", OrganisationListing.GITHUB_DEFAULT),
                  null,
                  HttpSettings.defaults())
              .cloneHost();
      credentials.allow(host, "x-access-token", environment.apply("GITHUB_TOKEN"));
    }
    if (!gitlabGroups.isEmpty()) {
      String host =
          OrganisationListing.gitlab(
                  config.baseUrl("gitlab", OrganisationListing.GITLAB_DEFAULT),
                  null,
                  HttpSettings.defaults())
              .cloneHost();
      credentials.allow(host, "oauth2", environment.apply("GITLAB_TOKEN"));
    }
    return credentials;
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

  private String pathsTarget(List<String> paths) {
    if (target != null) {
      return target;
    }
    List<String> names = new ArrayList<>();
    for (String path : paths) {
      names.add(path.equals("-") ? "stdin" : Path.of(path).toAbsolutePath().normalize().toString());
    }
    return String.join(" ", names);
  }

  static ScanStore openStore(String url) {
    try {
      return ScanStore.open(
          url == null
              ? dev.tokenscope.store.StoreUrls.embedded(dev.tokenscope.store.StoreUrls.DEFAULT_DIR)
              : url);
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    }
  }

  private static String summary(ScanDiff diff, ScanStore history) {
    ScanRecord scan = diff.current();
    String gone =
        diff.goneKnown()
            ? diff.gone().size() + " gone"
            : "gone unknown (the scan could not read every input)";
    return "tokenscope: recorded scan #"
        + scan.id()
        + " of "
        + scan.target()
        + " in "
        + history.describe()
        + ": "
        + diff.appeared().size()
        + " new, "
        + gone
        + (diff.previous() == null
            ? " (first scan of this target)"
            : " since scan #" + diff.previous().id());
  }

  private static Map<String, Instant> firstSeen(ScanStore history, List<Unit> units) {
    Map<String, Instant> first = new HashMap<>();
    for (Unit unit : units) {
      if (unit.target == null || unit.diff == null) {
        continue;
      }
      for (StoredFinding f : history.findings(unit.target).values()) {
        first.merge(f.fingerprint(), f.firstSeen(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return first;
  }
}
