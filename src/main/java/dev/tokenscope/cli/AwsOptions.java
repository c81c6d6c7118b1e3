package dev.tokenscope.cli;

import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.resolve.aws.AwsResolver;
import dev.tokenscope.resolve.aws.AwsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How AWS permissions are read: {@code --aws-profile}, {@code --aws-region}, {@code
 * --aws-snapshot}, the same names {@code scan} uses. The short names these commands had ({@code
 * --profile} …) still work, hidden from help, so scripts written for them do not break.
 */
final class AwsOptions {
  @Option(
      names = "--aws-profile",
      paramLabel = "NAME",
      description =
          "AWS profile of the AUDITOR's own read-only credentials, used to read IAM policies (default: the default AWS credential chain)")
  String profile;

  @Option(
      names = "--aws-region",
      paramLabel = "REGION",
      description =
          "AWS region for STS and IAM calls (default: " + AwsSettings.DEFAULT_REGION + ")")
  String region;

  @Option(
      names = "--aws-snapshot",
      paramLabel = "DIR",
      description =
          "read AWS IAM data from files exported with the AWS CLI (see docs/aws.md) instead of calling AWS: no network at all")
  Path snapshot;

  @Option(names = "--profile", hidden = true, paramLabel = "NAME")
  void legacyProfile(String value) {
    profile = value;
  }

  @Option(names = "--region", hidden = true, paramLabel = "REGION")
  void legacyRegion(String value) {
    region = value;
  }

  @Option(names = "--snapshot", hidden = true, paramLabel = "DIR")
  void legacySnapshot(Path value) {
    snapshot = value;
  }

  AwsSettings settings() {
    return settings(profile, region, snapshot);
  }

  static AwsSettings settings(String profile, String region, Path snapshot) {
    if (snapshot != null && !Files.isDirectory(snapshot)) {
      throw new UserException(
          "--aws-snapshot "
              + snapshot
              + ": not a folder; export the files described in docs/aws.md into a folder and name it");
    }
    return new AwsSettings(profile, region, snapshot, null);
  }

  /**
   * What an audit with these options reads, for the report's header: the exported folder, the
   * recorded answers, or the account behind the auditor's profile.
   */
  String target(Path replay) {
    if (snapshot != null) {
      return "aws snapshot " + snapshot;
    }
    if (replay != null) {
      return "aws answers recorded in " + replay;
    }
    return "aws "
        + (profile == null ? "default credential chain" : "profile " + profile)
        + ", region "
        + settings().regionOrDefault();
  }

  /** The given resolvers with the AWS one configured by these options. */
  Resolvers resolvers(Resolvers base) {
    return withAws(base, settings());
  }

  /** Made on first use, like {@link Resolvers#builtIn()}: a scan that resolves nothing skips it. */
  static Resolvers withAws(Resolvers base, AwsSettings settings) {
    return Resolvers.lazy(
        () -> {
          List<Resolver> list = new ArrayList<>();
          AwsResolver aws = new AwsResolver(settings);
          list.add(aws);
          base.all().stream().filter(r -> !r.provider().equals(aws.provider())).forEach(list::add);
          return list;
        });
  }
}
