package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The same flags mean the same on every command, and help promises only what exists. */
class CommandConsistencyTest {
  private static CommandSpec spec(String... path) {
    CommandLine cli = Main.commandLine();
    for (String name : path) {
      cli = cli.getSubcommands().get(name);
    }
    return cli.getCommandSpec();
  }

  /** Every command that reports: each must offer the five output flags, and none may drop one. */
  private static final List<List<String>> REPORTING =
      List.of(
          List.of("scan"),
          List.of("audit", "aws"),
          List.of("audit", "gcp"),
          List.of("audit", "railway"),
          List.of("audit", "github"),
          List.of("audit", "gitlab"),
          List.of("audit", "vault"),
          List.of("diff"),
          List.of("history"));

  @Test
  void everyReportingCommandHasTheSameOutputFlagsWithTheSameMeaning() {
    CommandSpec scan = spec("scan");
    for (List<String> path : REPORTING) {
      CommandSpec spec = spec(path.toArray(String[]::new));
      for (String flag :
          List.of("-o", "--output", "-q", "--quiet", "--format", "--fail-on", "--config")) {
        OptionSpec option = spec.findOption(flag);
        assertThat(option).as(path + " has " + flag).isNotNull();
        // One mixin, one description: a command cannot quietly give a flag another meaning.
        assertThat(option.description())
            .as(path + " " + flag + " is described as on scan")
            .isEqualTo(scan.findOption(flag).description());
      }
      assertThat(spec.usageMessage().footer())
          .as(path + " documents its exit codes")
          .anySatisfy(line -> assertThat(line).contains("--fail-on"));
    }
  }

  @Test
  void awsOptionsHaveOneNamingAndTheOldNamesStillWorkHidden() {
    for (List<String> path : List.of(List.of("scan"), List.of("audit", "aws"))) {
      CommandSpec spec = spec(path.toArray(String[]::new));
      for (String flag : List.of("--aws-profile", "--aws-region", "--aws-snapshot")) {
        OptionSpec option = spec.findOption(flag);
        assertThat(option).as(path + " has " + flag).isNotNull();
        assertThat(option.hidden()).isFalse();
      }
    }
    CommandSpec audit = spec("audit", "aws");
    for (String old : List.of("--profile", "--region", "--snapshot")) {
      assertThat(audit.findOption(old)).as("audit aws keeps " + old).isNotNull();
      assertThat(audit.findOption(old).hidden()).isTrue();
    }
    Cli run =
        Cli.run(
            "audit",
            "aws",
            "--snapshot",
            "examples/aws-snapshot-audit/snapshot",
            "--format",
            "json");
    Cli renamed =
        Cli.run(
            "audit",
            "aws",
            "--aws-snapshot",
            "examples/aws-snapshot-audit/snapshot",
            "--format",
            "json");
    assertThat(renamed.exit()).isEqualTo(run.exit());
    assertThat(renamed.out().replaceAll("\"seconds\" : [0-9.]+", ""))
        .isEqualTo(run.out().replaceAll("\"seconds\" : [0-9.]+", ""));
  }

  @Test
  void helpMentionsFailOnOnlyWhereTheOptionExists() {
    List<CommandLine> all = new java.util.ArrayList<>();
    collect(Main.commandLine(), all);
    for (CommandLine cli : all) {
      String help = cli.getUsageMessage();
      CommandSpec spec = cli.getCommandSpec();
      if (spec.subcommands().isEmpty() && spec.findOption("--fail-on") == null) {
        assertThat(help).as(spec.qualifiedName()).doesNotContain("--fail-on");
      }
      if (spec.parent() != null) {
        // Exit codes name only flags the command has (the root's describe its commands').
        java.util.regex.Matcher flag =
            java.util.regex.Pattern.compile("--[a-z][a-z-]*")
                .matcher(String.join("", spec.usageMessage().footer()));
        while (flag.find()) {
          String name = flag.group();
          // A group's footer (audit) may speak for its commands, when every one has the flag.
          boolean exists =
              spec.findOption(name) != null
                  || (!spec.subcommands().isEmpty()
                      && spec.subcommands().values().stream()
                          .allMatch(c -> c.getCommandSpec().findOption(name) != null));
          assertThat(exists).as(spec.qualifiedName() + " footer names " + name).isTrue();
        }
      }
    }
  }

  private static void collect(CommandLine cli, List<CommandLine> into) {
    into.add(cli);
    cli.getSubcommands()
        .values()
        .forEach(
            c -> {
              if (c != cli) collect(c, into);
            });
  }

  @Test
  void aMisspeltCommandOrFlagGetsASuggestion() {
    assertThat(Cli.run("scna").err()).contains("Did you mean").contains("scan");
    assertThat(Cli.run("scan", "--formt", "json", ".").err()).contains("--format");
    // Two swapped letters, which picocli's own similarity does not catch.
    for (String command : List.of("scan", "history", "diff")) {
      assertThat(Cli.run(command, "--fromat", "json").err())
          .as(command)
          .contains("Did you mean: --format?");
    }
    assertThat(Cli.run("audit", "asw").err()).contains("aws");
    assertThat(Cli.run("scan", "--xyz", ".").err()).doesNotContain("Did you mean");
  }

  @Test
  void anUnknownProviderIsNamedWithTheKnownOnes() {
    Cli run = Cli.run("resolve", "--provider", "nope");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err())
        .contains("unknown provider 'nope', known: ")
        .contains("aws, ")
        .contains("railway");
  }

  @Test
  void anUnresolvedCredentialPrintsOnlyTheIdentityFieldsItHas() {
    // A key the snapshot does not hold: no principal, no account; never "principal: null".
    Cli run =
        Cli.runWithInput(
            "AKIA3HJ5NB7VC2XZ4LKQ\n",
            "resolve",
            "--provider",
            "aws",
            "--aws-snapshot",
            "examples/aws-snapshot-audit/snapshot");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.out()).contains("status:     UNKNOWN").contains("is not in the snapshot");
    assertThat(run.out()).doesNotContain("null").doesNotContain("principal:");
  }

  @Test
  void anUnreachableStoreIsOneSentenceWithoutUserNull() {
    Cli run =
        Cli.run("history", "--store", "jdbc:postgresql://127.0.0.1:1/history?connectTimeout=2");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err())
        .contains("cannot connect to the scan store jdbc:postgresql://127.0.0.1:1/history")
        .contains("check the host and port in --store")
        .doesNotContain("'null'")
        .doesNotContain("Exception");
    // When the fuzz tests ran first, Jazzer's agent in this test JVM logs each class it hooks.
    assertThat(run.err().lines().filter(line -> !line.startsWith("INFO: Instrumented ")))
        .hasSize(1);
  }

  @Test
  void aMissingConfigNamesTheFlagOnEveryCommandThatTakesIt() {
    for (List<String> path : REPORTING) {
      List<String> args = new java.util.ArrayList<>(path);
      args.addAll(List.of("--config", "no-such-config.yaml"));
      if (path.contains("github")) {
        args.addAll(List.of("--org", "acme"));
      }
      if (path.contains("gitlab")) {
        args.addAll(List.of("--group", "acme"));
      }
      Cli run = Cli.run(args.toArray(String[]::new));
      assertThat(run.exit()).as(path.toString()).isEqualTo(ExitCode.ERROR);
      assertThat(run.err())
          .as(path.toString())
          .contains("--config no-such-config.yaml: no such file; check the path");
    }
  }

  @Test
  void aMissingFileIsOneSentenceNotAStackTrace() {
    assertThat(
            LibraryErrors.sentence(
                new RuntimeException(new java.nio.file.NoSuchFileException("/x/y.yaml"))))
        .isEqualTo("/x/y.yaml: no such file or folder; check the path");
  }

  @Test
  void theRulesCommandsNameTheirFolderAsScanDoes(@TempDir Path rules) throws IOException {
    for (String sub : List.of("list", "test")) {
      assertThat(spec("rules", sub).findOption("--rules")).as("rules " + sub).isNotNull();
    }
    Files.writeString(
        rules.resolve("acme.yaml"),
        """
        provider: acme
        rules:
          - id: acme.token
            name: Acme token
            keywords: ['acme_']
            pattern: '(?<secret>acme_[a-z0-9]{20})'
            severity: high
            examples: ['acme_q8r2mwb7ztpe4qnxa1fk']
            negative_examples: ['acme_short']
        """);

    Cli named = Cli.run("rules", "test", "--rules", rules.toString());
    Cli positional = Cli.run("rules", "test", rules.toString());
    Cli both = Cli.run("rules", "test", "--rules", rules.toString(), "elsewhere");

    assertThat(named.exit()).isZero();
    assertThat(named.out()).contains("1 rules, 0 failures");
    assertThat(positional.out()).isEqualTo(named.out());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--rules DIR or DIR, not both");
  }
}
