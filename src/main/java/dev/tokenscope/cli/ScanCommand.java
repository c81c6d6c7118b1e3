package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.config.ConfigException;
import dev.tokenscope.config.ConfigFiles;
import dev.tokenscope.config.ConfigProblem;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.fleet.Repository;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.StdinSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokenscope scan}: find credentials in files, git history and stores. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Scan files and folders (or - for standard input), and with --git the full history of a git repository,"
          + " for credentials. Secrets are always shown redacted; findings carry a fingerprint for the allow-list"
          + " in .tokenscope.yaml."
    },
    footer = ExitCode.HELP)
final class ScanCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "files or folders to scan; - reads standard input")
  List<String> paths = new ArrayList<>();

  @Mixin ConfigOptions configOptions;

  @Mixin RulesOptions rulesOptions;

  @Option(
      names = "--max-file-size",
      paramLabel = "SIZE",
      converter = ByteSize.class,
      description =
          "files and blobs larger than this are not scanned, and reported (bytes, or 512K, 50MB, 2G; default: 50MB)")
  long maxFileSize = FileSource.DEFAULT_MAX_BYTES;

  @Option(
      names = "--resolve",
      description = "resolve what each credential may do (read-only calls to its own provider)")
  boolean resolve;

  @Mixin AwsScanOptions aws;

  @Mixin OutputOptions output;

  @Mixin GitOptions git;

  @Mixin AssessOptions assess;

  @Mixin StoreOptions stores;

  @Mixin HistoryOptions history;

  /**
   * The first path or repository to be scanned, which decides which config applies; null for stdin
   * only.
   */
  private Path firstScanned() {
    Path first = firstPath(paths);
    if (first == null && git.staged) {
      return Path.of(".");
    }
    return first != null || git.repositories.isEmpty() ? first : git.repositories.get(0);
  }

  /** The rule files or rules that did not load, as input problems of the scan (exit code 2). */
  static List<Problem> ruleProblems(RuleSet rules) {
    List<Problem> problems = new ArrayList<>();
    rules.problems().forEach(p -> problems.add(new Problem(p.where(), p.message())));
    return problems;
  }

  /**
   * The PATH arguments: {@code -} adds a standard-input source to {@code sources}; the others are
   * returned as files and folders.
   */
  static List<Path> splitPaths(List<String> paths, List<Source> sources) {
    return splitPaths(paths, sources, FileSource.DEFAULT_MAX_BYTES);
  }

  static List<Path> splitPaths(List<String> paths, List<Source> sources, long maxBytes) {
    List<Path> files = new ArrayList<>();
    for (String path : paths) {
      if (path.equals("-")) {
        sources.add(new StdinSource(System.in, maxBytes));
      } else {
        files.add(Path.of(path));
      }
    }
    return files;
  }

  static Path firstPath(List<String> paths) {
    return paths.stream().filter(p -> !p.equals("-")).findFirst().map(Path::of).orElse(null);
  }

  @Override
  public Integer call() {
    List<Problem> problems = new ArrayList<>();
    Config config = configOptions.load(firstScanned(), problems);
    RuleSet rules = rulesOptions.load();
    problems.addAll(ruleProblems(rules));
    Detector detector = Detector.of(rules);
    List<Source> sources = new ArrayList<>();
    List<Path> files = splitPaths(paths, sources, maxFileSize);
    sources.addAll(git.sources(files, maxFileSize));
    if (stores.region == null) {
      stores.region = aws.region;
    }
    sources.addAll(stores.sources(detector, config));
    if (sources.isEmpty() && !history.scansRepositories()) {
      throw new UserException(
          "nothing to scan: give a PATH, - for standard input, --git REPO, a store option or a repository list");
    }
    List<String> targets = new ArrayList<>(paths);
    git.repositories.forEach(r -> targets.add(r.toString()));
    output.targets = targets;
    output.ruleCount = rules.rules().size();
    Map<String, Severity> severities = Pipeline.ruleSeverities(rules.rules());
    boolean written = false;
    try {
      ScanResult result =
          assess.scan(
              detector,
              config,
              severities,
              resolve,
              aws.resolvers(rulesOptions.resolvers(rules)),
              pipeline -> history.run(pipeline, sources, problems, targetNames(), config, output));
      int code = output.emit(result, config.failOn(), System.out);
      written = true;
      return code;
    } finally {
      // a recorded attempt completes only once its report is written: see HistoryOptions.finish
      history.finish(written);
    }
  }

  /**
   * What a scan of paths and {@code --git} repositories is named in the history store: the absolute
   * paths, and each repository by its canonical name (as {@code --repos} names it).
   */
  private List<String> targetNames() {
    List<String> names = new ArrayList<>();
    for (String path : paths) {
      names.add(path.equals("-") ? "stdin" : Path.of(path).toAbsolutePath().normalize().toString());
    }
    git.repositories.forEach(r -> names.add(Repository.canonical(r.toString())));
    return names;
  }

  /**
   * The config named by a flag (trusted, alone); else the user's own config with the in-tree {@code
   * .tokenscope.yaml} nearest to the scanned path narrowed on top (see {@link ConfigFiles}). What
   * the in-tree file may not decide is printed as a warning.
   */
  static Config loadConfig(Path explicit) {
    return loadConfig(explicit, null);
  }

  static Config loadConfig(Path explicit, Path scanned) {
    return loadConfig(explicit, scanned, null);
  }

  /**
   * As {@link #loadConfig(Path, Path)}, with what the in-tree config may not decide added to {@code
   * problems} (the scan's errors, exit code 2) instead of printed.
   */
  static Config loadConfig(Path explicit, Path scanned, List<Problem> problems) {
    try {
      ConfigFiles.Loaded loaded = ConfigFiles.load(explicit, scanned);
      for (ConfigProblem p : loaded.problems()) {
        if (problems != null) {
          problems.add(new Problem(p.where(), p.message()));
        } else {
          System.err.println("tokenscope: warning: " + p.where() + ": " + p.message());
        }
      }
      // Only a trusted file sets the key; an in-tree config's was dropped with a problem above.
      dev.tokenscope.model.FingerprintKey.configure(loaded.config().fingerprintKey());
      return loaded.config();
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
  }
}
