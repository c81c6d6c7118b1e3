package dev.tokenscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tokenscope audit}: audit a whole provider account with the auditor's own credentials. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Audit a provider account with your own read-only credentials: every token or key it holds, who holds it, what it may do, when it was last used.",
    footer = ExitCode.HELP,
    subcommands = {
      AwsAuditCommand.class,
      GcpAuditCommand.class,
      RailwayAuditCommand.class,
      GitHubAuditCommand.class,
      GitLabAuditCommand.class,
      VaultAuditCommand.class
    })
final class AuditCommand implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
