package dev.tokenscope.cli;

import dev.tokenscope.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenscope} command: finds API tokens, resolves what they may do, flags the risky. */
@Command(
    name = "tokenscope",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description =
        "Finds API tokens and credentials, resolves what each may do, and flags the over-privileged and the unknown.",
    footer = ExitCode.HELP,
    subcommands = {
      ScanCommand.class,
      RulesCommand.class,
      InventoryCommand.class,
      AuditCommand.class,
      ResolveCommand.class,
      HistoryCommand.class,
      DiffCommand.class,
      BaselineCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cli = commandLine(args);
    return cli.execute(args);
  }

  /**
   * The command line for these arguments. picocli reads every subcommand's annotations by
   * reflection when the tree is built, which costs a short run (a commit hook's {@code scan} or
   * {@code --version}) more CPU than the scan itself; so a run of {@code scan} or of {@code
   * --version} gets a root that holds only what it uses. Every other run gets the whole tree.
   */
  static CommandLine commandLine(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return configure(new CommandLine(new Root()));
    }
    if (args.length > 0 && args[0].equals("scan")) {
      return configure(new CommandLine(new ScanParent()).addSubcommand("scan", new ScanCommand()));
    }
    return commandLine();
  }

  static CommandLine commandLine() {
    return configure(new CommandLine(new Main()));
  }

  private static CommandLine configure(CommandLine cli) {
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UserException) {
            commandLine.getErr().println("tokenscope: " + e.getMessage());
            return ExitCode.ERROR;
          }
          String sentence = LibraryErrors.sentence(e);
          if (sentence != null) {
            commandLine.getErr().println("tokenscope: " + sentence);
            return ExitCode.ERROR;
          }
          commandLine.getErr().println("tokenscope: internal error: " + e + " (please report it)");
          return ExitCode.ERROR;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("tokenscope: " + e.getMessage());
          // A misspelt command or flag: picocli knows the close ones ("Did you mean: scan?").
          if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)
              && e instanceof CommandLine.UnmatchedArgumentException unmatched
              && !unmatched.getUnmatched().isEmpty()) {
            // ...and DidYouMean the swapped letters it misses ("--fromat").
            java.util.List<String> close =
                DidYouMean.closest(
                    unmatched.getUnmatched().get(0), e.getCommandLine().getCommandSpec());
            if (!close.isEmpty()) {
              err.println("Did you mean: " + String.join(", ", close) + "?");
            }
          }
          err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.ERROR;
        });
    return cli;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** The root command without its subcommands, for {@link #commandLine(String...)}. */
  @Command(
      name = "tokenscope",
      mixinStandardHelpOptions = true,
      versionProvider = Main.VersionProvider.class)
  static final class Root implements Runnable {
    @Override
    public void run() {
      CommandLine.usage(new Main(), System.out);
    }
  }

  /**
   * The root above {@code scan} in a run of {@code scan}: only its name is used (in usage and error
   * lines), so it has no help or version options, which picocli would build by reflection again.
   */
  @Command(name = "tokenscope")
  static final class ScanParent implements Runnable {
    @Override
    public void run() {
      CommandLine.usage(new Main(), System.out);
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tokenscope " + Version.VALUE};
    }
  }
}
