package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.config.ConfigException;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.Rule;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.StdinSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
    description = "Scan files and folders (or - for standard input) for credentials.",
    footer = ExitCode.HELP)
final class ScanCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "files or folders to scan; - reads standard input")
  List<String> paths = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "config file (default: .tokenscope.yaml in the current folder, if any)")
  Path configFile;

  @Option(names = "--rules", paramLabel = "DIR", description = "detector rules to use instead of the bundled ones")
  Path rulesDir;

  @Option(names = "--max-file-size", paramLabel = "BYTES", description = "skip files larger than this (default: ${DEFAULT-VALUE})")
  long maxFileSize = 50L * 1024 * 1024;

  @Option(names = "--resolve", description = "resolve what each credential may do (read-only calls to its own provider)")
  boolean resolve;

  @Mixin AwsScanOptions aws;

  @Mixin OutputOptions output;

  @Mixin AssessOptions assess;

  @Mixin StoreOptions stores;

  @Mixin HistoryOptions history;

  @Override
  public Integer call() {
    List<Problem> problems = new ArrayList<>();
    Config config = loadConfig(configFile);
    RuleSet rules = rulesDir == null ? RuleSet.bundled() : RuleSet.load(rulesDir);
    rules.problems().forEach(p -> problems.add(new Problem(p.file() + (p.ruleId() == null ? "" : " (rule " + p.ruleId() + ")"), p.message())));
    List<Source> sources = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String path : paths) {
      if (path.equals("-")) {
        sources.add(new StdinSource(System.in));
      } else {
        files.add(Path.of(path));
      }
    }
    if (!files.isEmpty()) {
      sources.add(new FileSource(files, maxFileSize));
    }
    sources.addAll(stores.sources(rules.rules(), config));
    if (sources.isEmpty() && !history.scansRepositories()) {
      throw new UserException("nothing to scan: give a PATH, or - for standard input");
    }
    Map<String, Severity> severities = new HashMap<>();
    for (Rule rule : rules.rules()) {
      severities.put(rule.id(), Severity.parse(rule.severity()));
    }
    ScanResult result =
        assess.scan(
            new Detector(rules.rules()),
            config,
            severities,
            resolve,
            aws.resolvers(Resolvers.builtIn()),
            pipeline -> history.run(pipeline, sources, problems, paths, config, output));
    return output.emit(result, config.failOn(), System.out);
  }

  /** The config named by a flag, else {@code .tokenscope.yaml} in the current folder, else none. */
  static Config loadConfig(Path explicit) {
    Path file = explicit != null ? explicit : Path.of(Config.FILE_NAME);
    if (explicit == null && !Files.exists(file)) {
      return Config.empty();
    }
    try {
      return Config.load(file);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
  }
}
