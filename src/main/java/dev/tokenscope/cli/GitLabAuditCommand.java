package dev.tokenscope.cli;

import dev.tokenscope.resolve.gitlab.GitLabAccountAudit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenscope audit gitlab --group G [--instance]}: GitLab access and deploy tokens. */
@Command(
    name = "gitlab",
    mixinStandardHelpOptions = true,
    description = {
      "Audit a GitLab group (its and its projects' access tokens and deploy tokens) and, with --instance,"
          + " every personal access token of the instance, held against the inventory.",
      "Live with your own read-only token (GITLAB_TOKEN, or 'gitlab:' in ~/.config/tokenscope/credentials.yaml;"
          + " instance from providers.gitlab.base_url), or offline with --snapshot DIR or --replay DIR (see docs/accounts.md)."
    },
    footer = ExitCode.HELP)
final class GitLabAuditCommand implements Callable<Integer> {
  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description = "group id or full path (acme or acme/platform)")
  String group;

  @Option(
      names = "--instance",
      description =
          "also list every personal access token of the instance (needs an administrator)")
  boolean instance;

  @Mixin AccountAuditOptions audit;

  @Override
  public Integer call() {
    if (group == null && !instance) {
      throw new UserException("nothing to audit: give --group GROUP, --instance, or both");
    }
    if (group != null && !GitLabAccountAudit.validGroup(group)) {
      throw new UserException("--group '" + group + "' is not a GitLab group id or path");
    }
    return audit.run(
        (config, context) ->
            GitLabAccountAudit.live(
                context, audit.token("gitlab", List.of("GITLAB_TOKEN")), group, instance),
        context -> GitLabAccountAudit.snapshot(audit.snapshot, group, instance, context.clock()),
        (config, context) -> GitLabAccountAudit.foundTokens(context));
  }
}
