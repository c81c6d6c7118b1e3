package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The project's ReplayServer (behind {@code --replay}) serves AWS Query-API recordings by their
 * Action.
 */
class AwsReplayTest {

  @Test
  void recordedExchangesResolveAKeyPairThroughTheSdk() throws Exception {
    try (ReplayServer server =
        ReplayServer.fromDirectory(AwsSnapshotResolutionTest.fixture("aws/replay"))) {
      // As --replay sets it: one base URL for the provider, serving STS and IAM alike.
      Config config = Config.empty().withBaseUrls(Map.of("aws", server.baseUrl("aws").toString()));
      var auditor =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  AwsLiveResolutionTest.AUDITOR_ID, "auditorSecretKeyForTestsOnly0000000000000"));
      AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, null, auditor));

      Grant grant =
          resolver.resolve(
              AwsSnapshotResolutionTest.pair(
                  AwsLiveResolutionTest.FOUND_ID, AwsLiveResolutionTest.FOUND_SECRET),
              new ResolveContext(config, Clock.systemUTC(), HttpSettings.fast()));

      assertThat(grant.status())
          .as(grant.statusReason() + " " + server.unmatched())
          .isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
      assertThat(grant.permissions()).contains(Permission.of("iam:*", "*", Access.ADMIN));
      assertThat(grant.permissions())
          .extracting(Permission::action)
          .doesNotContain("rds:DeleteDBInstance");
      assertThat(server.unmatched()).isEmpty();
      assertThat(server.received()).extracting(ReplayServer.Received::provider).containsOnly("aws");
      assertThat(server.received()).hasSizeGreaterThan(3);
    }
  }
}
