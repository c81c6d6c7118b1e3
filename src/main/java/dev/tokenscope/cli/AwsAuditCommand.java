package dev.tokenscope.cli;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.report.Format;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.resolve.aws.AwsAccountAudit;
import dev.tokenscope.resolve.aws.AwsAccountSource;
import dev.tokenscope.resolve.aws.AwsResolver;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenscope audit aws}: every IAM user's access keys, resolved (owner, groups, effective
 * permissions, roles it can assume, creation and last use) and assessed like found credentials.
 */
@Command(
    name = "aws",
    mixinStandardHelpOptions = true,
    description = {
      "Audit every access key of an AWS account: its user, groups, effective permissions, roles it can assume, status, creation and last use.",
      "Live with the auditor's own read-only credentials (IAM GetAccountAuthorizationDetails, ListAccessKeys, GetAccessKeyLastUsed),"
          + " or offline from exported files with --aws-snapshot DIR (see docs/aws.md)."
    },
    footer = ExitCode.HELP)
final class AwsAuditCommand implements Callable<Integer> {

  @Mixin ConfigOptions configOptions;

  @Option(
      names = "--list",
      description =
          "list every user (groups, access keys, last use, effective permissions, risks, roles it can assume) and every role, instead of findings")
  boolean list;

  @Mixin AwsOptions aws;

  @Mixin OutputOptions output;

  @Mixin AssessOptions assess;

  @Override
  public Integer call() {
    Config loaded = configOptions.load(null);
    return assess.withReplay(
        loaded,
        config -> {
          ResolveContext context = assess.resolveContext(config);
          AwsResolver resolver = new AwsResolver(aws.settings());
          output.targets = List.of(aws.target(assess.replay));
          if (list) {
            return list(resolver, context);
          }
          Assessor assessor =
              assess.assessor(config, Pipeline.ruleSeverities(RuleSet.bundled().rules()));
          Pipeline pipeline =
              new Pipeline(
                  new Detector(List.of()),
                  config,
                  assessor,
                  new Resolvers(List.of(resolver)),
                  context);
          ScanResult result =
              pipeline.run(List.of(new AwsAccountSource(resolver, context)), List.of());
          return output.emit(result, config.failOn(), System.out);
        });
  }

  private int list(AwsResolver resolver, ResolveContext context) {
    Format format = output.format();
    if (format == Format.SARIF) {
      throw new UserException(
          "--list prints an account listing, not findings: use --format text, json or html");
    }
    AwsAccountAudit.Result result = AwsAccountAudit.run(resolver, context);
    AwsAccountListing listing = new AwsAccountListing(PolicySet.bundled());
    String text =
        switch (format) {
          case JSON -> listing.json(result);
          case HTML ->
              dev.tokenscope.report.HtmlReport.preformatted(
                  "tokenscope AWS account listing", listing.text(result));
          default -> listing.text(result);
        };
    output.write(text, System.out);
    result.problems().forEach(p -> System.err.println("tokenscope: error: " + p));
    return result.problems().isEmpty() ? ExitCode.CLEAN : ExitCode.ERROR;
  }
}
