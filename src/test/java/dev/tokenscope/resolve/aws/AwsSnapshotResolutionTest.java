package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.model.Secret;
import dev.tokenscope.resolve.ResolveContext;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsSnapshotResolutionTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final PolicySet POLICIES = PolicySet.bundled();

  private final Path snapshot = fixture("aws/snapshot");
  private final AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, snapshot, null));
  private final ResolveContext context =
      new ResolveContext(Config.empty(), Clock.fixed(NOW, ZoneOffset.UTC), HttpSettings.fast());

  static Path fixture(String name) {
    try {
      return Path.of(AwsSnapshotResolutionTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Credential keyId(String id) {
    return Credential.found("aws.access-key-id", "aws", new Secret(id), Map.of(), List.of());
  }

  static Credential pair(String id, String secret) {
    return new Credential(
        "aws.secret-access-key",
        "aws",
        new Secret(secret),
        Map.of("id", id),
        Fingerprint.of("aws.secret-access-key", secret),
        List.of());
  }

  private Grant resolve(String id) {
    return resolver.resolve(keyId(id), context);
  }

  static Set<RiskCategory> categories(Grant grant) {
    return POLICIES.categorize("aws", grant.permissions()).keySet();
  }

  @Test
  void userWithAdministratorAccessThroughAGroupHoldsEveryActionAndIsAdminEquivalent() {
    Grant grant = resolve("AKIAQYLPMN5HALICEAA2");

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(grant.identity().account()).isEqualTo("111122223333");
    assertThat(grant.identity().details()).containsEntry("groups", "admins");
    assertThat(grant.permissions())
        .contains(
            new Permission("*", "*", Access.ADMIN, false),
            new Permission("iam:*", "*", Access.ADMIN, false));
    assertThat(grant.permissions())
        .filteredOn(p -> !p.access().equals(Access.ADMIN))
        .hasSize(ActionCatalog.bundled().size());
    assertThat(grant.permissions())
        .contains(
            Permission.of("rds:DeleteDBInstance", "*", Access.DELETE),
            Permission.of("iam:CreatePolicyVersion", "*", Access.PERMISSIONS));
    assertThat(categories(grant)).containsExactlyInAnyOrder(RiskCategory.values());
    assertThat(grant.evidence())
        .anyMatch(
            e -> e.startsWith("user alice via group admins: managed policy AdministratorAccess:"));
  }

  @Test
  void explicitDenyOnRdsRemovesEveryRdsActionTheUserWasAllowed() {
    Grant grant = resolve("AKIAQYLPMN5HBOBBBBB2");

    assertThat(grant.permissions())
        .containsExactly(Permission.of("s3:GetObject", "arn:aws:s3:::reports/*", Access.READ));
    assertThat(categories(grant)).isEmpty();
    assertThat(grant.evidence())
        .anyMatch(
            e ->
                e.startsWith(
                    "explicit Deny (user bob: group no-databases: inline policy deny-rds) removes"));
  }

  @Test
  void notActionPolicyAllowsEverythingExceptIamOrganizationsAndAccount() {
    Grant grant = resolve("AKIAQYLPMN5HCAROLCC2");

    List<String> actions = grant.permissions().stream().map(Permission::action).toList();
    assertThat(actions)
        .contains(
            "rds:DeleteDBInstance",
            "ec2:DeleteSnapshot",
            "s3:*",
            "iam:CreateServiceLinkedRole",
            "iam:ListRoles");
    assertThat(actions)
        .doesNotContain(
            "*",
            "iam:*",
            "iam:CreatePolicyVersion",
            "iam:CreateAccessKey",
            "organizations:LeaveOrganization");
    assertThat(actions.stream().filter(a -> a.startsWith("iam:")))
        .containsExactlyInAnyOrder(
            "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles");
    // Not admin-equivalent: the non-default version of the managed policy (Action "*") is not
    // applied.
    assertThat(categories(grant))
        .containsExactlyInAnyOrder(
            RiskCategory.DESTRUCTIVE,
            RiskCategory.BACKUP_DESTRUCTIVE,
            RiskCategory.PRIVILEGE_ESCALATION,
            RiskCategory.CREDENTIAL_EXPOSURE);
  }

  @Test
  void permissionBoundaryRemovesDeletionTheUsersOwnPolicyAllows() {
    Grant grant = resolve("AKIAQYLPMN5HDAVEDDD2");

    assertThat(grant.permissions())
        .isNotEmpty()
        .allMatch(
            p ->
                p.access() == Access.LIST
                    || p.access() == Access.READ
                    || p.action().equals("rds:CreateDBSnapshot"));
    assertThat(grant.permissions())
        .extracting(Permission::action)
        .contains("rds:DescribeDBInstances", "rds:CreateDBSnapshot", "dynamodb:DescribeTable")
        .doesNotContain("rds:DeleteDBInstance", "dynamodb:DeleteTable", "rds:ModifyDBInstance");
    assertThat(categories(grant)).isEmpty();
    assertThat(grant.identity().details())
        .containsEntry(
            "permission_boundary", "arn:aws:iam::111122223333:policy/no-deletion-boundary");
    assertThat(grant.evidence()).anyMatch(e -> e.startsWith("permission boundary removes"));
  }

  @Test
  void roleTheUserMayAssumeIsListedAsEscalationPath() {
    Grant grant = resolve("AKIAQYLPMN5HERINEEE2");

    assertThat(grant.permissions())
        .containsExactly(
            Permission.of(
                "sts:AssumeRole", "arn:aws:iam::111122223333:role/deployer", Access.WRITE));
    assertThat(grant.identity().details())
        .containsEntry("assumable_roles", "arn:aws:iam::111122223333:role/deployer");
    assertThat(grant.evidence())
        .filteredOn(e -> e.startsWith("escalation path:"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .contains("role/deployer", "arn:aws:iam::111122223333:root", "2 actions"));
    // sts:AssumeRole is no risk by itself; the path to deployer makes the escalation finding.
    assertThat(categories(grant)).isEmpty();
    assertThat(
            new dev.tokenscope.assess.Assessor(Map.of())
                .assess(keyId("AKIAQYLPMN5HERINEEE2"), grant).stream()
                    .map(dev.tokenscope.model.Finding::kind))
        .contains(dev.tokenscope.model.FindingKind.PRIVILEGE_ESCALATION);
  }

  @Test
  void keyUnusedFor400DaysCarriesItsLastUseAndConditionalSecretAccess() {
    Grant grant = resolve("AKIAQYLPMN5HFRANKFF2");

    assertThat(Duration.between(grant.lastUsed(), NOW)).isEqualTo(Duration.ofDays(400));
    assertThat(grant.created()).isEqualTo(Instant.parse("2024-06-10T08:00:00Z"));
    assertThat(grant.identity().details())
        .containsEntry("last_used_service", "secretsmanager")
        .containsEntry("last_used_region", "us-east-1");
    assertThat(grant.permissions())
        .extracting(Permission::action, Permission::resource, Permission::conditional)
        .containsExactly(
            tuple("s3:ListAllMyBuckets", "*", false),
            tuple(
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-*",
                true));
    assertThat(categories(grant)).containsExactly(RiskCategory.CREDENTIAL_EXPOSURE);
  }

  @Test
  void inactiveKeyIsRevokedButStillShowsWhatItWouldAllow() {
    Grant grant = resolve("AKIAQYLPMN5HGRACEGG2");

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason()).contains("Inactive");
    assertThat(grant.identity().details()).containsEntry("key_status", "Inactive");
    assertThat(grant.permissions()).contains(Permission.of("*", "*", Access.ADMIN));
  }

  @Test
  void credentialReportSuppliesLastUseOfKeysWithoutALastUsedExport() {
    Grant grant = resolve("AKIAQYLPMN5HALICEAA2");

    assertThat(grant.lastUsed()).isEqualTo(Instant.parse("2026-11-24T16:30:00Z"));
    assertThat(grant.identity().details()).containsEntry("last_used_service", "rds");
  }

  @Test
  void keyPairInSnapshotModeIsResolvedWithoutAnyNetworkCall() {
    // The config points STS at a closed port: a call would fail, the snapshot answers instead.
    ResolveContext offline =
        new ResolveContext(
            Config.empty()
                .withBaseUrls(Map.of("aws", "http://127.0.0.1:9", "aws-iam", "http://127.0.0.1:9")),
            Clock.fixed(NOW, ZoneOffset.UTC),
            HttpSettings.fast());

    Grant grant =
        resolver.resolve(
            pair("AKIAQYLPMN5HBOBBBBB2", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKQ"), offline);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().principal()).isEqualTo("arn:aws:iam::111122223333:user/bob");
  }

  @Test
  void keyAbsentFromTheSnapshotIsUnknownWithTheReason() {
    Grant grant = resolve("AKIAQYLPMN5HNOBODYX2");

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("AKIAQYLPMN5HNOBODYX2", "not in the snapshot");
  }

  @Test
  void secretWithoutItsKeyIdIsUnknownAndSaysWhatIsMissing() {
    Credential secretOnly =
        new Credential(
            "aws.secret-access-key",
            "aws",
            new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKQ"),
            Map.of(),
            "fp:x",
            List.of());

    Grant grant = resolver.resolve(secretOnly, context);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("without its access key id");
  }
}
