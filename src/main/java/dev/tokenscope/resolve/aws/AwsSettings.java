package dev.tokenscope.resolve.aws;

import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How tokenscope reads AWS permissions: from a snapshot folder (no network at all), or live with
 * the auditor's own credentials, from a named profile or else the default AWS credential chain
 * ({@code auditor}, when set, overrides both: tests and embedding).
 */
public record AwsSettings(
    String profile, String region, Path snapshot, AwsCredentialsProvider auditor) {

  public static final String DEFAULT_REGION = "us-east-1";

  public static AwsSettings defaults() {
    return new AwsSettings(null, null, null, null);
  }

  public String regionOrDefault() {
    return region == null || region.isBlank() ? DEFAULT_REGION : region;
  }
}
