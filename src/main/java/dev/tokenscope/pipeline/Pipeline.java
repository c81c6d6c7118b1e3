package dev.tokenscope.pipeline;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.Rule;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Severity;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The five stages in one place: sources are read, chunks detected, credentials merged by
 * fingerprint (one credential, every place it occurs), the config's allow-list applied, each
 * credential optionally resolved, and findings assessed.
 */
public final class Pipeline {
  private final Detector detector;
  private final Config config;
  private final Assessor assessor;
  private final Resolvers resolvers;
  private final ResolveContext resolveContext;

  /**
   * @param resolvers null when credentials are not to be resolved
   */
  public Pipeline(
      Detector detector,
      Config config,
      Assessor assessor,
      Resolvers resolvers,
      ResolveContext resolveContext) {
    this.detector = detector;
    this.config = config;
    this.assessor = assessor;
    this.resolvers = resolvers;
    this.resolveContext = resolveContext;
  }

  /**
   * The pipeline a scan runs: the given detector rules with their own placeholder filter (their
   * severities for exposed credentials), the config's allow-list, and resolution when {@code
   * resolvers} is not null.
   */
  public static Pipeline forRules(RuleSet rules, Config config, Resolvers resolvers) {
    return new Pipeline(
        Detector.of(rules),
        config,
        new Assessor(ruleSeverities(rules.rules())),
        resolvers,
        ResolveContext.of(config));
  }

  /** The severity each detector rule gives a credential it finds in plaintext. */
  public static Map<String, Severity> ruleSeverities(List<Rule> rules) {
    Map<String, Severity> severities = new HashMap<>();
    for (Rule rule : rules) {
      severities.put(rule.id(), Severity.parse(rule.severity()));
    }
    return severities;
  }

  public ScanResult run(List<Source> sources, List<Problem> earlierProblems) {
    return run(sources, earlierProblems, new ScanStats());
  }

  /** Runs the scan, counting into {@code stats} so a caller can show progress while it runs. */
  public ScanResult run(List<Source> sources, List<Problem> earlierProblems, ScanStats stats) {
    long start = System.nanoTime();
    Collector collector = new Collector(detector, stats);
    collector.problems.addAll(earlierProblems);
    for (Source source : sources) {
      source.read(collector);
    }
    List<Credential> credentials = collector.credentials();
    List<Finding> findings = new ArrayList<>();
    int allowListed = 0;
    for (Credential credential : credentials) {
      if (allowListed(credential)) {
        allowListed++;
        continue;
      }
      Grant grant = null;
      if (resolvers != null) {
        Resolvers.Outcome outcome = resolvers.attempt(credential, resolveContext);
        grant = outcome.grant();
        if (outcome.failure() != null) {
          Location first = credential.locations().isEmpty() ? null : credential.locations().get(0);
          collector.problems.add(
              new Problem(
                  (first == null ? credential.provider() : first.display())
                      + " ("
                      + credential.ruleId()
                      + " "
                      + credential.redacted()
                      + ")",
                  outcome.failure()));
        }
      }
      findings.addAll(assessor.assess(credential, grant));
    }
    findings.sort(
        Comparator.comparing((Finding f) -> f.severity()).reversed().thenComparing(Finding::id));
    ScanStats s = collector.stats;
    double seconds = (System.nanoTime() - start) / 1e9;
    return new ScanResult(
        findings,
        new ScanResult.Stats(s.files.get(), s.blobs.get(), s.bytes.get(), s.skipped.get(), seconds),
        List.copyOf(collector.problems),
        new ScanResult.Hidden(allowListed, 0));
  }

  /**
   * Locations in the order a person reads them: dated ones (git) oldest first, so the commit that
   * introduced a secret leads; then by path, line and column.
   */
  static final Comparator<Location> EARLIEST_FIRST =
      Comparator.comparing(
              Location::date, Comparator.nullsLast(Comparator.<java.time.Instant>naturalOrder()))
          .thenComparing(Location::path, Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparingInt(Location::line)
          .thenComparingInt(Location::column);

  private List<PathMatcher> allowedPathMatchers;

  private synchronized List<PathMatcher> allowedPaths() {
    if (allowedPathMatchers == null) {
      allowedPathMatchers =
          config.allow().paths().stream()
              .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
              .toList();
    }
    return allowedPathMatchers;
  }

  private boolean allowListed(Credential credential) {
    Config.Allow allow = config.allow();
    if (allow.fingerprints().contains(credential.fingerprint())
        || allow.rules().contains(credential.ruleId())) {
      return true;
    }
    if (allow.paths().isEmpty() || credential.locations().isEmpty()) {
      return false;
    }
    List<PathMatcher> matchers = allowedPaths();
    for (Location location : credential.locations()) {
      if (location.path() == null
          || matchers.stream().noneMatch(m -> matchesAnyForm(m, location.path()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Globs are written relative to the project folder; a path the user gave absolute (or with {@code
   * ./}) is also tried relative to the current folder.
   */
  private static boolean matchesAnyForm(PathMatcher matcher, String where) {
    Path path;
    try {
      path = Path.of(where).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
    if (matcher.matches(path)) {
      return true;
    }
    Path here = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(here) && matcher.matches(here.relativize(absolute));
  }

  /** Collects what the sources produce, from many threads: one credential per fingerprint. */
  static final class Collector implements SourceSink {
    private final Detector detector;
    final ScanStats stats;
    final Map<String, Credential> byFingerprint = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Problem> problems = new ConcurrentLinkedQueue<>();

    Collector(Detector detector, ScanStats stats) {
      this.detector = detector;
      this.stats = stats;
    }

    @Override
    public void chunk(Chunk chunk) {
      for (Credential found : detector.detect(chunk)) {
        credential(found);
      }
    }

    @Override
    public void credential(Credential found) {
      byFingerprint.merge(found.fingerprint(), found, Credential::mergedWith);
    }

    @Override
    public void skipped(String where, String why) {
      stats.skipped.incrementAndGet();
    }

    @Override
    public void problem(String where, String message) {
      problems.add(new Problem(where, message));
    }

    @Override
    public ScanStats stats() {
      return stats;
    }

    List<Credential> credentials() {
      List<Credential> list = new ArrayList<>();
      for (Credential credential : byFingerprint.values()) {
        // The same file named twice (a folder and a file in it) must not list a place twice.
        List<Location> sorted =
            new ArrayList<>(new java.util.LinkedHashSet<>(credential.locations()));
        sorted.sort(EARLIEST_FIRST);
        list.add(credential.withLocations(sorted));
      }
      list.sort(Comparator.comparing(Credential::fingerprint));
      return list;
    }
  }
}
