package dev.tokenscope.cli;

import dev.tokenscope.resolve.railway.RailwayAccountAudit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tokenscope audit railway}: every API and project token of a Railway account. */
@Command(
    name = "railway",
    mixinStandardHelpOptions = true,
    description = {
      "Audit a Railway account: its API tokens (account and workspace tokens) and every project's project tokens,"
          + " with the environments each reaches, held against the inventory.",
      "Live with your own Railway account token (RAILWAY_API_TOKEN, or 'railway:' in ~/.config/tokenscope/credentials.yaml),"
          + " or offline with --snapshot DIR or --replay DIR (see docs/accounts.md)."
    },
    footer = ExitCode.HELP)
final class RailwayAuditCommand implements Callable<Integer> {
  @Mixin AccountAuditOptions audit;

  @Override
  public Integer call() {
    return audit.run(
        (config, context) ->
            RailwayAccountAudit.live(context, audit.token("railway", List.of("RAILWAY_API_TOKEN"))),
        context -> RailwayAccountAudit.snapshot(audit.snapshot, context.clock()));
  }
}
