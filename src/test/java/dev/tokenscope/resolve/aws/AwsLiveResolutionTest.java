package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The AWS resolver through the real SDK code path, against recorded STS and IAM Query-API answers.
 */
class AwsLiveResolutionTest {
  static final String FOUND_ID = "AKIAQYLPMN5HALICEAA2";
  static final String FOUND_SECRET = "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";
  static final String AUDITOR_ID = "AKIAQYLPMN5HAUDITOR2";

  private AwsQueryServer server;
  private ResolveContext context;
  private AwsResolver resolver;

  @BeforeEach
  void start() throws IOException {
    server = new AwsQueryServer();
    Config config =
        Config.empty()
            .withBaseUrls(
                Map.of(
                    "aws", server.url("sts").toString(), "aws-iam", server.url("iam").toString()));
    context =
        new ResolveContext(
            config,
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            HttpSettings.fast());
    var auditor =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(AUDITOR_ID, "auditorSecretKeyForTestsOnly0000000000000"));
    resolver = new AwsResolver(new AwsSettings(null, null, null, auditor));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answerAccount() {
    server
        .answer("GetAccountAuthorizationDetails", 200, "authorization-details-page1.xml")
        .answer(
            "GetAccountAuthorizationDetails@EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl",
            200,
            "authorization-details-page2.xml")
        .answer("GetAccessKeyLastUsed", 200, "get-access-key-last-used.xml")
        .answer("ListAccessKeys", 200, "list-access-keys.xml");
  }

  private Grant resolvePair(String id) {
    return resolver.resolve(AwsSnapshotResolutionTest.pair(id, FOUND_SECRET), context);
  }

  @Test
  void foundKeyIsIdentifiedByStsAndItsPermissionsAreReadWithTheAuditorsCredentials() {
    server.answer("GetCallerIdentity", 200, "get-caller-identity.xml");
    answerAccount();

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(grant.identity().account()).isEqualTo("111122223333");
    assertThat(grant.lastUsed()).isEqualTo(Instant.parse("2026-11-24T16:30:00Z"));
    assertThat(grant.created()).isEqualTo(Instant.parse("2024-01-10T08:00:00Z"));
    // AdministratorAccess (from the second page) minus the user's explicit Deny on deletion of
    // databases and snapshots.
    assertThat(grant.permissions())
        .contains(
            Permission.of("iam:*", "*", Access.ADMIN),
            Permission.of("backup:DeleteRecoveryPoint", "*", Access.DELETE));
    assertThat(grant.permissions())
        .extracting(Permission::action)
        .doesNotContain("*", "rds:DeleteDBInstance", "rds:DeleteDBSnapshot", "ec2:DeleteSnapshot");
    assertThat(AwsSnapshotResolutionTest.categories(grant))
        .contains(RiskCategory.ADMIN_EQUIVALENT, RiskCategory.BACKUP_DESTRUCTIVE);
    assertThat(grant.identity().details())
        .containsEntry("assumable_roles", "arn:aws:iam::111122223333:role/break-glass");
    // The found key signs only GetCallerIdentity; everything else is signed by the auditor.
    assertThat(server.received())
        .filteredOn(r -> r.keyId().equals(FOUND_ID))
        .extracting(AwsQueryServer.Request::action)
        .containsExactly("GetCallerIdentity");
    assertThat(server.actions())
        .containsExactly(
            "GetCallerIdentity",
            "GetAccountAuthorizationDetails",
            "GetAccountAuthorizationDetails@EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl",
            "GetAccessKeyLastUsed",
            "ListAccessKeys",
            "GetAccessKeyLastUsed",
            "GetAccessKeyLastUsed");
  }

  @Test
  void mutatingCallsAreRefusedBeforeTheyReachAws() {
    IamClient iam =
        AwsClients.iam(
            AwsClients.auditor(
                new AwsSettings(
                    null,
                    null,
                    null,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(AUDITOR_ID, "x")))),
            context,
            AwsSettings.defaults());

    assertRefused(() -> iam.deleteUser(r -> r.userName("alice")));
    assertRefused(() -> iam.createAccessKey(r -> r.userName("alice")));
    assertRefused(
        () ->
            iam.attachUserPolicy(
                r -> r.userName("alice").policyArn("arn:aws:iam::aws:policy/AdministratorAccess")));
    assertThat(server.received()).isEmpty();
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(RefusedRequestException.class),
            e -> assertThat(e).hasRootCauseInstanceOf(RefusedRequestException.class));
  }

  @Test
  void unknownKeyIsInvalid() {
    server
        .answer("GetCallerIdentity", 403, "error-invalid-client-token-id.xml")
        .answer("GetAccessKeyLastUsed", 403, "error-access-denied.xml");

    Grant grant = resolvePair("AKIAQYLPMN5HUNKNOWN2");

    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("InvalidClientTokenId");
    assertThat(grant.permissions()).isEmpty();
  }

  @Test
  void inactiveKeyRefusedByStsIsReportedAsRevokedWithItsOwner() {
    server.answer("GetCallerIdentity", 403, "error-invalid-client-token-id.xml");
    answerAccount();

    Grant grant = resolvePair("AKIAQYLPMN5HALICEOL2");

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason()).contains("Inactive");
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
  }

  @Test
  void temporaryKeyWithoutItsSessionTokenIsUnknownNotInvalid() {
    server.answer("GetCallerIdentity", 403, "error-invalid-client-token-id.xml");

    Grant grant = resolvePair("ASIAQYLPMN5HSESSION2");

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("session token");
  }

  @Test
  void keyOfAnotherAccountKeepsItsIdentityAndSaysWhichAccountToAudit() {
    server.answer("GetCallerIdentity", 200, "get-caller-identity-other-account.xml");
    answerAccount();

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::444455556666:user/ci");
    assertThat(grant.statusReason()).contains("not in the account data read", "444455556666");
  }

  @Test
  void rootUserKeyCanDoEverything() {
    server.answer("GetCallerIdentity", 200, "get-caller-identity-root.xml");
    answerAccount();

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().tokenType()).isEqualTo("root-access-key");
    assertThat(grant.statusReason()).contains("root user");
    assertThat(grant.permissions()).contains(Permission.of("*", "*", Access.ADMIN));
  }

  @Test
  void expiredSessionCredentialsAreRevoked() {
    server.answer("GetCallerIdentity", 403, "error-expired-token.xml");

    Grant grant = resolvePair("ASIAQYLPMN5HSESSION2");

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason()).contains("expired");
    assertThat(grant.identity().tokenType()).isEqualTo("temporary-session");
  }

  @Test
  void throttlingIsRetriedWithBackoffThenReportedAsUnknown() {
    server.answer("GetCallerIdentity", 400, "error-throttling.xml");

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("throttling", "Throttling");
    assertThat(server.actions())
        .hasSize(HttpSettings.fast().maxAttempts())
        .containsOnly("GetCallerIdentity");
  }

  @Test
  void throttledOnceThenAnsweredResolvesNormally() {
    server
        .answer("GetCallerIdentity", 400, "error-throttling.xml")
        .answer("GetCallerIdentity", 200, "get-caller-identity.xml");
    answerAccount();

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(server.actions())
        .startsWith("GetCallerIdentity", "GetCallerIdentity", "GetAccountAuthorizationDetails");
  }

  @Test
  void auditorWithoutIamReadAccessLeavesIdentityAndSaysWhyPermissionsAreUnknown() {
    server
        .answer("GetCallerIdentity", 200, "get-caller-identity.xml")
        .answer("GetAccountAuthorizationDetails", 403, "error-access-denied.xml");

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(grant.statusReason()).contains("AccessDenied", "auditor");
  }

  @Test
  void auditorWithoutKeyReadAccessStillGetsThePermissions() {
    server
        .answer("GetCallerIdentity", 200, "get-caller-identity.xml")
        .answer("GetAccountAuthorizationDetails", 200, "authorization-details-page1.xml")
        .answer(
            "GetAccountAuthorizationDetails@EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl",
            200,
            "authorization-details-page2.xml")
        .answer("GetAccessKeyLastUsed", 403, "error-access-denied.xml");

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.permissions()).contains(Permission.of("iam:*", "*", Access.ADMIN));
    assertThat(grant.lastUsed()).isNull();
    assertThat(grant.evidence())
        .anyMatch(
            e ->
                e.startsWith("key status, creation and last use unknown:")
                    && e.contains("AccessDenied"));
  }

  @Test
  void truncatedPaginationWithoutMarkerIsUnknownNotPartial() {
    server
        .answer("GetCallerIdentity", 200, "get-caller-identity.xml")
        .answer(
            "GetAccountAuthorizationDetails", 200, "authorization-details-truncated-no-marker.xml");

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("IsTruncated", "no Marker");
    assertThat(grant.permissions()).isEmpty();
  }

  @Test
  void paginationThatRepeatsItsMarkerIsStoppedAndReported() {
    server
        .answer("GetCallerIdentity", 200, "get-caller-identity.xml")
        .answer("GetAccountAuthorizationDetails", 200, "authorization-details-page1.xml")
        .answer(
            "GetAccountAuthorizationDetails@EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl",
            200,
            "authorization-details-page1.xml");

    Grant grant = resolvePair(FOUND_ID);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("same Marker twice");
    assertThat(server.actions())
        .filteredOn(a -> a.startsWith("GetAccountAuthorizationDetails"))
        .hasSize(2);
  }

  @Test
  void oneFailingKeyDoesNotStopTheNextFromResolving() {
    server
        .answer("GetCallerIdentity", 403, "error-expired-token.xml")
        .answer("GetCallerIdentity", 200, "get-caller-identity.xml");
    answerAccount();

    Grant first = resolvePair("ASIAQYLPMN5HSESSION2");
    Grant second = resolvePair(FOUND_ID);

    assertThat(first.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(second.status()).isEqualTo(GrantStatus.ACTIVE);
  }

  @Test
  void liveAuditListsEveryKeyOfEveryUserWithItsLastUse() {
    answerAccount();
    AwsAccountSourceTest.Collected sink = new AwsAccountSourceTest.Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems).isEmpty();
    assertThat(sink.credentials)
        .extracting(c -> c.attribute("id"))
        .containsExactlyInAnyOrder("AKIAQYLPMN5HALICEAA2", "AKIAQYLPMN5HALICEOL2");
    AwsAccountAudit.Result listing = AwsAccountAudit.run(resolver, context);
    assertThat(listing.users())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.name()).isEqualTo("alice");
              assertThat(u.keys())
                  .extracting(AwsAccountAudit.Key::status)
                  .containsExactly("Active", "Inactive");
              assertThat(u.keys().get(0).lastUsedService()).isEqualTo("rds");
            });
    assertThat(listing.roles())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.trustedBy())
                    .containsExactly("AWS:arn:aws:iam::111122223333:user/alice"));
    assertThat(server.received()).noneMatch(r -> r.action().equals("GetCallerIdentity"));
  }

  @Test
  void userWhoseKeysCannotBeListedIsReportedAndTheAuditGoesOn() {
    server
        .answer("GetAccountAuthorizationDetails", 200, "authorization-details-page1.xml")
        .answer(
            "GetAccountAuthorizationDetails@EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl",
            200,
            "authorization-details-page2.xml")
        .answer("ListAccessKeys", 403, "error-access-denied.xml");
    AwsAccountSourceTest.Collected sink = new AwsAccountSourceTest.Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.credentials).isEmpty();
    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p).contains("user alice", "AccessDenied"));
  }

  @Test
  void missingAuditorCredentialsSayHowToProvideThem() {
    software.amazon.awssdk.auth.credentials.AwsCredentialsProvider none =
        () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        };
    server.answer("GetCallerIdentity", 200, "get-caller-identity.xml");
    AwsResolver noAuditor = new AwsResolver(new AwsSettings(null, null, null, none));

    Grant grant =
        noAuditor.resolve(AwsSnapshotResolutionTest.pair(FOUND_ID, FOUND_SECRET), context);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(grant.statusReason())
        .contains("no auditor credentials", "--aws-profile", "--aws-snapshot");
  }

  @Test
  void bareKeyIdIsResolvedThroughTheAuditorWithoutAnyStsCall() {
    answerAccount();

    Credential bare = AwsSnapshotResolutionTest.keyId(FOUND_ID);
    Grant grant = resolver.resolve(bare, context);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(server.actions()).doesNotContain("GetCallerIdentity");
  }
}
