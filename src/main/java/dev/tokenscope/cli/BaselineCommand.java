package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.store.Baseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokenscope baseline}: accept the credentials present now, so pre-merge checks report only
 * new ones.
 */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description =
        "Accept the credentials present now: 'scan --baseline FILE' then reports only the ones not in FILE.",
    subcommands = {BaselineCommand.Create.class})
final class BaselineCommand implements Runnable {

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Scan PATHs and write the fingerprints of every credential found to FILE (sorted; no paths or lines, so moving a line does not change it).",
      footer = ExitCode.HELP_NO_FINDINGS)
  static final class Create implements Callable<Integer> {
    @Parameters(
        paramLabel = "PATH",
        arity = "0..*",
        description = "files or folders to scan (default: ., unless --git is given)")
    List<Path> paths = new ArrayList<>();

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        required = true,
        description = "the baseline file to write, for example .tokenscope-baseline.json")
    Path output;

    @Mixin ConfigOptions configOptions;

    @Option(
        names = "--git",
        paramLabel = "REPO",
        description =
            "also accept every credential in the full history of the git repository at REPO (repeatable),"
                + " so 'scan --git REPO --baseline FILE' reports only new ones")
    List<Path> repositories = new ArrayList<>();

    @Option(
        names = "--rules",
        paramLabel = "DIR",
        description = "detector rules to use instead of the bundled ones")
    Path rulesDir;

    @Override
    public Integer call() {
      Path first =
          !paths.isEmpty() ? paths.get(0) : repositories.isEmpty() ? null : repositories.get(0);
      Config config = configOptions.load(first);
      RuleSet rules = RuleSet.loadOrBundled(rulesDir);
      List<Problem> problems = ScanCommand.ruleProblems(rules);
      Pipeline pipeline = Pipeline.forRules(rules, config, null);
      List<dev.tokenscope.source.Source> sources = new ArrayList<>();
      if (!paths.isEmpty() || repositories.isEmpty()) {
        List<Path> roots = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        sources.add(new FileSource(roots, FileSource.DEFAULT_MAX_BYTES));
      }
      for (Path repository : repositories) {
        sources.add(
            new dev.tokenscope.source.GitHistorySource(
                repository, null, FileSource.DEFAULT_MAX_BYTES));
      }
      ScanResult result = pipeline.run(sources, problems);
      result.problems().forEach(p -> System.err.println("tokenscope: error: " + p));
      if (!result.problems().isEmpty()) {
        System.err.println(
            "tokenscope: baseline not written: fix the errors above, so it does not miss credentials in unread inputs");
        return ExitCode.ERROR;
      }
      Baseline baseline = Baseline.of(result.findings());
      try {
        baseline.write(output);
      } catch (IOException e) {
        throw new UserException("cannot write the baseline " + output + ": " + e.getMessage());
      }
      System.err.println(
          "tokenscope: wrote "
              + baseline.credentials().size()
              + " credential fingerprint"
              + (baseline.credentials().size() == 1 ? "" : "s")
              + " to "
              + output);
      return ExitCode.CLEAN;
    }
  }
}
