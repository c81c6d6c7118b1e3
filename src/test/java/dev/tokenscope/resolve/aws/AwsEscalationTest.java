package dev.tokenscope.resolve.aws;

import static dev.tokenscope.resolve.aws.AwsSnapshotResolutionTest.fixture;
import static dev.tokenscope.resolve.aws.AwsSnapshotResolutionTest.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Severity;
import dev.tokenscope.resolve.ResolveContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Escalation paths in an exported account (src/test/resources/aws/escalation, account
 * 444455556666): trust policies decide who may assume a role, chains are followed to their end, and
 * each classic technique names its target.
 */
class AwsEscalationTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final AwsResolver resolver =
      new AwsResolver(new AwsSettings(null, null, fixture("aws/escalation"), null));
  private final ResolveContext context =
      new ResolveContext(Config.empty(), Clock.fixed(NOW, ZoneOffset.UTC), HttpSettings.fast());
  private final Assessor assessor = new Assessor(Map.of());

  private static final Map<String, String> KEYS =
      Map.ofEntries(
          Map.entry("alice", "AKIAXESCALATEAAAAA2A"),
          Map.entry("bob", "AKIAXESCALATEBAAAA2A"),
          Map.entry("carol", "AKIAXESCALATECAAAA2A"),
          Map.entry("dave", "AKIAXESCALATEDAAAA2A"),
          Map.entry("erin", "AKIAXESCALATEEAAAA2A"),
          Map.entry("frank", "AKIAXESCALATEFAAAA2A"),
          Map.entry("grace", "AKIAXESCALATEGAAAA2A"),
          Map.entry("henry", "AKIAXESCALATEHAAAA2A"),
          Map.entry("ivan", "AKIAXESCALATEIAAAA2A"),
          Map.entry("judy", "AKIAXESCALATEJAAAA2A"),
          Map.entry("kim", "AKIAXESCALATEKAAAA2A"),
          Map.entry("leo", "AKIAXESCALATELAAAA2A"),
          Map.entry("mallory", "AKIAXESCALATEMAAAA2A"),
          Map.entry("nina", "AKIAXESCALATENAAAA2A"),
          Map.entry("oscar", "AKIAXESCALATEOAAAA2A"),
          Map.entry("pat", "AKIAXESCALATEPAAAA2A"),
          Map.entry("quinn", "AKIAXESCALATEQAAAA2A"));

  private Grant grant(String user) {
    return resolver.resolve(keyId(KEYS.get(user)), context);
  }

  private List<Finding> findings(String user) {
    return assessor.assess(keyId(KEYS.get(user)), grant(user));
  }

  private Set<FindingKind> kinds(String user) {
    return findings(user).stream().map(Finding::kind).collect(Collectors.toSet());
  }

  private Finding escalation(String user) {
    return findings(user).stream()
        .filter(f -> f.kind() == FindingKind.PRIVILEGE_ESCALATION)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> paths(Grant grant) {
    return grant.evidence().stream().filter(e -> e.startsWith("escalation path: ")).toList();
  }

  @Test
  void chainOfRolesIsFollowedToTheAdminRoleAndNamed() {
    Finding finding = escalation("alice");

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.evidence())
        .anyMatch(
            e ->
                e.contains(
                        "alice → assume deploy-role → assume break-glass-admin (AdministratorAccess)")
                    && e.contains("every action (admin-equivalent)"));
    assertThat(finding.reason()).contains("break-glass-admin");
  }

  /** STS AssumeRole: in one account, a trust policy naming the user is enough on its own. */
  @Test
  void userNamedInTheTrustPolicyEscalatesWithoutAnyPermissionOfItsOwn() {
    Grant grant = grant("bob");

    assertThat(grant.permissions()).isEmpty();
    assertThat(grant.identity().details())
        .containsEntry("assumable_roles", "arn:aws:iam::444455556666:role/ops-admin");
    assertThat(escalation("bob").evidence())
        .anyMatch(e -> e.contains("bob → assume ops-admin (AdministratorAccess)"));
    assertThat(escalation("bob").severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void assumeRolePermissionOnARoleThatTrustsSomeoneElseGivesNothing() {
    assertThat(paths(grant("carol"))).isEmpty();
    assertThat(grant("carol").identity().details()).doesNotContainKey("assumable_roles");
    assertThat(kinds("carol")).doesNotContain(FindingKind.PRIVILEGE_ESCALATION);
  }

  @Test
  void permissionBoundaryWithoutStsBlocksEvenADirectTrust() {
    assertThat(paths(grant("kim"))).isEmpty();
    assertThat(kinds("kim")).doesNotContain(FindingKind.PRIVILEGE_ESCALATION);
  }

  /** A long-term access key carries no MFA, so a trust requiring MFA does not let it in. */
  @Test
  void trustRequiringMfaIsNotMetByAnAccessKey() {
    assertThat(paths(grant("leo"))).isEmpty();
    assertThat(kinds("leo")).doesNotContain(FindingKind.PRIVILEGE_ESCALATION);
  }

  @Test
  void allowEverythingExceptOneBucketIsAdminEquivalent() {
    assertThat(kinds("dave")).contains(FindingKind.ADMIN_EQUIVALENT);
  }

  @Test
  void passRoleToLambdaNamesTheTechniqueAndTheRole() {
    assertThat(escalation("erin").evidence())
        .anyMatch(
            e ->
                e.contains("iam:PassRole of lambda-admin to lambda.amazonaws.com")
                    && e.contains("lambda:CreateFunction + lambda:InvokeFunction")
                    && e.contains("admin-equivalent"));
  }

  @Test
  void createPolicyVersionOnItsOwnPolicyNamesThePolicy() {
    Finding finding = escalation("frank");
    assertThat(finding.evidence())
        .anyMatch(
            e ->
                e.contains(
                    "iam:CreatePolicyVersion on arn:aws:iam::444455556666:policy/frank-tools"))
        .anyMatch(e -> e.startsWith("technique aws.privilege-escalation.create-policy-version"));
  }

  @Test
  void accessKeyForAStrongerUserNamesThatUser() {
    assertThat(escalation("grace").evidence())
        .anyMatch(
            e ->
                e.contains("iam:CreateAccessKey for user henry") && e.contains("admin-equivalent"));
  }

  @Test
  void joiningTheAdminGroupIsAnEscalation() {
    assertThat(escalation("ivan").evidence())
        .anyMatch(e -> e.contains("iam:AddUserToGroup admins") && e.contains("admin-equivalent"));
  }

  @Test
  void rewritingATrustPolicyIsAnEscalationToThatRole() {
    assertThat(escalation("judy").evidence())
        .anyMatch(e -> e.contains("iam:UpdateAssumeRolePolicy on role ops-admin"));
  }

  @Test
  void roleCyclesEndAndEachRoleIsReportedOnce() {
    List<String> paths = paths(grant("mallory"));

    assertThat(paths)
        .anyMatch(e -> e.contains("mallory → assume loop-a → assume loop-b"))
        .noneMatch(e -> e.contains("loop-b → assume loop-a"));
  }

  /** sts:AssumeRole on "*" reaches only roles whose trust allows the account. */
  @Test
  void wildcardAssumeRoleReachesOnlyRolesTrustingTheAccount() {
    Grant grant = grant("nina");

    assertThat(grant.identity().details().get("assumable_roles").split(","))
        .containsExactlyInAnyOrder(
            "arn:aws:iam::444455556666:role/deploy-role",
            "arn:aws:iam::444455556666:role/loop-a",
            "arn:aws:iam::444455556666:role/account-reader");
    assertThat(paths(grant))
        .anyMatch(e -> e.contains("nina → assume deploy-role → assume break-glass-admin"))
        .noneMatch(e -> e.contains("vendor-audit") || e.contains("ops-admin"));
  }

  @Test
  void anAdministratorHasNoEscalationPathsItAlreadyHasEverything() {
    assertThat(paths(grant("henry"))).isEmpty();
    assertThat(kinds("henry")).contains(FindingKind.ADMIN_EQUIVALENT);
  }

  /** lambda-functions.json (aws lambda list-functions) says which role each function runs as. */
  @Test
  void newCodeForAFunctionRunningAsAStrongerRoleIsAnEscalationToThatRole() {
    assertThat(escalation("oscar").evidence())
        .anyMatch(
            e ->
                e.contains("oscar → lambda:UpdateFunctionCode on function nightly-report")
                    && e.contains("runs code as lambda-admin (AdministratorAccess)"));
  }

  /** Same account: a bucket policy naming the user grants on its own, with no identity policy. */
  @Test
  void bucketPolicyNamingTheUserWidensItsReach() {
    Grant grant = grant("pat");

    assertThat(grant.permissions())
        .anyMatch(
            p ->
                p.action().equals("s3:DeleteBucket")
                    && p.resource().equals("arn:aws:s3:::hr-payroll"));
    assertThat(kinds("pat")).contains(FindingKind.DESTRUCTIVE);
  }

  @Test
  void keyPolicyNamingTheUserLetsItDecryptWithThatKey() {
    Grant grant = grant("quinn");

    assertThat(grant.permissions())
        .anyMatch(
            p ->
                p.action().equals("kms:Decrypt")
                    && p.resource().endsWith("key/1234abcd-12ab-34cd-56ef-1234567890ab"));
    assertThat(kinds("quinn")).contains(FindingKind.CREDENTIAL_EXPOSURE);
  }

  /**
   * A resource policy naming only the account needs an identity allow: carol gets no S3 from it.
   */
  @Test
  void resourcePolicyNamingTheAccountAddsNothingByItself() {
    assertThat(grant("carol").permissions()).noneMatch(p -> p.action().startsWith("s3:"));
  }
}
