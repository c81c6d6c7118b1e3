package dev.tokenscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tokenscope audit}: list the credentials a provider account holds and what each may do. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Audit a provider account with your own credentials: every token or key it holds and what each may do.",
    footer = ExitCode.HELP,
    subcommands = {GcpAuditCommand.class})
final class AuditCommand implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
