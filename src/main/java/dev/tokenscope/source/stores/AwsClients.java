package dev.tokenscope.source.stores;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the read-only SDK clients of the AWS store readers: the auditor's own credentials (the
 * SDK's default chain: environment, profile, SSO, instance role), the lightweight URL-connection
 * HTTP client, the {@link AwsReadOnlyOperations} allow-list, and an endpoint override for tests and
 * VPC endpoints.
 */
record AwsClients(Region region, URI endpoint, AwsCredentialsProvider credentials) {

  /** Clients for a region (null: the SDK's default region chain) with the default credentials. */
  static AwsClients of(String region, URI endpoint) {
    Region resolved;
    if (region != null) {
      resolved = Region.of(region);
    } else {
      try {
        resolved = new DefaultAwsRegionProviderChain().getRegion();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("no AWS region: give --region or set AWS_REGION");
      }
    }
    return new AwsClients(resolved, endpoint, DefaultCredentialsProvider.builder().build());
  }

  SecretsManagerClient secretsManager() {
    return build(SecretsManagerClient.builder());
  }

  SsmClient ssm() {
    return build(SsmClient.builder());
  }

  /** A client with the region, credentials, HTTP client, endpoint and read-only guard of both. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(readOnly());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private static ClientOverrideConfiguration readOnly() {
    return ClientOverrideConfiguration.builder()
        .addExecutionInterceptor(new AwsReadOnlyOperations())
        .build();
  }
}
