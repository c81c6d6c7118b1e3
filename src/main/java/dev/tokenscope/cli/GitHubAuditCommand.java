package dev.tokenscope.cli;

import dev.tokenscope.resolve.github.GitHubAccountAudit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenscope audit github --org ORG}: every credential with access to an organisation. */
@Command(
    name = "github",
    mixinStandardHelpOptions = true,
    description = {
      "Audit a GitHub organisation: fine-grained tokens and pending requests, SSO-authorised classic tokens and SSH keys,"
          + " GitHub App installations, deploy keys, and Actions secret names (for stored_in), held against the inventory.",
      "Live with an organisation owner's read-only token (GITHUB_TOKEN or GH_TOKEN, or 'github:' in ~/.config/tokenscope/credentials.yaml),"
          + " or offline with --snapshot DIR or --replay DIR (see docs/accounts.md)."
    },
    footer = ExitCode.HELP)
final class GitHubAuditCommand implements Callable<Integer> {
  @Option(names = "--org", paramLabel = "ORG", required = true, description = "the organisation")
  String org;

  @Mixin AccountAuditOptions audit;

  @Override
  public Integer call() {
    if (!GitHubAccountAudit.validOrganisation(org)) {
      throw new UserException("--org '" + org + "' is not a GitHub organisation name");
    }
    return audit.run(
        (config, context) ->
            GitHubAccountAudit.live(
                context, audit.token("github", List.of("GITHUB_TOKEN", "GH_TOKEN")), org),
        context -> GitHubAccountAudit.snapshot(audit.snapshot, org, context.clock()));
  }
}
