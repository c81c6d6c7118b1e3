package dev.tokenscope.resolve.aws;

import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.resolve.ResolveContext;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients: the lightweight URL-connection HTTP client, the {@link
 * ReadOnlyInterceptor}, retries with exponential backoff (throttling included) from the {@link
 * HttpSettings}, and the endpoint from the config's {@code providers: aws: base_url} (STS, and IAM
 * too unless {@code aws-iam: base_url} is set) when set, else AWS's public endpoints.
 */
final class AwsClients {
  static final String STS_PROVIDER = "aws";
  static final String IAM_PROVIDER = "aws-iam";

  private AwsClients() {}

  static StsClient sts(
      AwsCredentialsProvider credentials, ResolveContext context, AwsSettings settings) {
    var builder =
        StsClient.builder()
            .credentialsProvider(credentials)
            .region(Region.of(settings.regionOrDefault()))
            .httpClient(http(context.http()));
    String url = context.config().baseUrl(STS_PROVIDER, null);
    builder.overrideConfiguration(override(context.http(), url));
    if (url != null) {
      builder.endpointOverride(URI.create(url));
    }
    return builder.build();
  }

  static IamClient iam(
      AwsCredentialsProvider credentials, ResolveContext context, AwsSettings settings) {
    var builder =
        IamClient.builder()
            .credentialsProvider(credentials)
            .region(Region.of(settings.regionOrDefault()))
            .httpClient(http(context.http()));
    // One endpoint often serves both (LocalStack, a replay server): IAM follows "aws" unless set
    // apart.
    String url =
        context.config().baseUrl(IAM_PROVIDER, context.config().baseUrl(STS_PROVIDER, null));
    builder.overrideConfiguration(override(context.http(), url));
    if (url != null) {
      builder.endpointOverride(URI.create(url));
    }
    return builder.build();
  }

  /** The auditor's own credentials: explicit, a named profile, or the default chain. */
  static AwsCredentialsProvider auditor(AwsSettings settings) {
    if (settings.auditor() != null) {
      return settings.auditor();
    }
    if (settings.profile() != null) {
      return ProfileCredentialsProvider.create(settings.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static software.amazon.awssdk.http.SdkHttpClient http(HttpSettings http) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(http.connectTimeout())
        .socketTimeout(http.requestTimeout())
        .build();
  }

  private static ClientOverrideConfiguration override(HttpSettings http, String baseUrl) {
    BackoffStrategy backoff =
        BackoffStrategy.exponentialDelay(http.firstBackoff(), http.maxBackoff());
    RetryStrategy retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(http.maxAttempts())
            .backoffStrategy(backoff)
            .throttlingBackoffStrategy(backoff)
            .circuitBreakerEnabled(false)
            .build();
    var builder =
        ClientOverrideConfiguration.builder()
            .addExecutionInterceptor(new ReadOnlyInterceptor())
            .retryStrategy(retry);
    String path = baseUrl == null ? null : URI.create(baseUrl).getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      builder.addExecutionInterceptor(new BasePathInterceptor(path));
    }
    return builder.build();
  }
}
