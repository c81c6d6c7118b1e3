package dev.tokenscope.cli;

import dev.tokenscope.resolve.Resolvers;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The AWS options of {@code scan --resolve}, prefixed with {@code aws-} because scan carries the
 * options of every provider.
 */
final class AwsScanOptions {
  @Option(
      names = "--aws-profile",
      paramLabel = "NAME",
      description =
          "with --resolve: AWS profile of the auditor's own read-only credentials, used to read IAM policies")
  String profile;

  @Option(
      names = "--aws-region",
      paramLabel = "REGION",
      description =
          "AWS region: for --aws-secrets and --aws-ssm (default: AWS_REGION or your AWS profile), and"
              + " with --resolve for STS and IAM calls (default: us-east-1)")
  String region;

  @Option(
      names = "--aws-snapshot",
      paramLabel = "DIR",
      description =
          "with --resolve: read AWS IAM data from exported files (docs/aws.md) instead of calling AWS")
  Path snapshot;

  /** The given resolvers with the AWS one configured by these options. */
  Resolvers resolvers(Resolvers base) {
    return AwsOptions.withAws(base, AwsOptions.settings(profile, region, snapshot));
  }
}
