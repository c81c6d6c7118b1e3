package dev.tokenscope.cli;

import dev.tokenscope.detect.Rule;
import dev.tokenscope.detect.RuleExamples;
import dev.tokenscope.detect.RuleProblem;
import dev.tokenscope.detect.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tokenscope rules}: list the detector rules, or test their examples. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "List detector rules, or check that each rule's examples match and its negative examples do not.",
    subcommands = {RulesCommand.ListRules.class, RulesCommand.TestRules.class})
final class RulesCommand implements Runnable {

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the rules: id, provider, name.")
  static final class ListRules implements Callable<Integer> {
    @Mixin RulesFolder folder;

    @Override
    public Integer call() {
      RuleSet set = RuleSet.loadOrBundled(folder.dir());
      for (Rule rule : set.rules()) {
        System.out.printf("%-40s %-16s %s%n", rule.id(), rule.provider(), rule.name());
      }
      set.problems().forEach(p -> System.err.println("tokenscope: error: " + p));
      System.err.println(set.rules().size() + " rules");
      return set.problems().isEmpty() ? ExitCode.CLEAN : ExitCode.ERROR;
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description =
          "Check every rule: each example must match, each negative example must not. Exit 0 when all pass.")
  static final class TestRules implements Callable<Integer> {
    @Mixin RulesFolder folder;

    @Override
    public Integer call() {
      RuleSet set = RuleSet.loadOrBundled(folder.dir());
      List<String> failures = new ArrayList<>();
      for (RuleProblem problem : set.problems()) {
        failures.add(problem.toString());
      }
      for (Rule rule : set.rules()) {
        failures.addAll(RuleExamples.failures(rule));
      }
      failures.forEach(f -> System.out.println("FAIL " + f));
      System.out.printf("%d rules, %d failures%n", set.rules().size(), failures.size());
      return failures.isEmpty() ? ExitCode.CLEAN : ExitCode.FINDINGS;
    }
  }

  /**
   * The rules folder, named as scan and bench name it ({@code --rules DIR}) or, as before, given
   * alone ({@code rules test DIR}); the bundled rules when neither is given.
   */
  static final class RulesFolder {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
        names = "--rules",
        paramLabel = "DIR",
        description = "rules folder, as scan's --rules (default: the bundled rules)")
    Path option;

    @Parameters(
        paramLabel = "DIR",
        arity = "0..1",
        description = "rules folder, the same as --rules DIR")
    Path positional;

    Path dir() {
      if (option != null && positional != null && !option.equals(positional)) {
        throw new ParameterException(
            spec.commandLine(), "give the rules folder once: --rules DIR or DIR, not both");
      }
      return option != null ? option : positional;
    }
  }
}
