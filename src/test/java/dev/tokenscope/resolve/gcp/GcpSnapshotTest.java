package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.source.Problem;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GcpSnapshotTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Path SNAPSHOT = Path.of("src/test/resources/gcp/snapshot");

  private static Credential credential(GcpAuditResult result, String id) {
    return result.credentials().stream()
        .filter(c -> id.equals(c.attribute("id")))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no credential " + id + " in " + result.credentials()));
  }

  private static boolean has(Grant grant, String action, String resource) {
    return grant.permissions().stream()
        .anyMatch(p -> p.action().equals(action) && p.resource().equals(resource));
  }

  @Test
  void everyUserManagedKeyBecomesACredentialWithoutSecret() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);

    assertThat(result.problems()).isEmpty();
    assertThat(result.credentials())
        .filteredOn(c -> c.ruleId().equals("gcp.service-account-key"))
        .extracting(c -> c.attribute("id"))
        .containsExactlyInAnyOrder(
            "1b2c3d4e5f60718293a4b5c6d7e8f90123456789",
            "2c3d4e5f60718293a4b5c6d7e8f90123456789ab",
            "3d4e5f60718293a4b5c6d7e8f90123456789abcd");
    assertThat(result.credentials())
        .allSatisfy(
            c -> {
              assertThat(c.secret()).isNull();
              assertThat(c.provider()).isEqualTo("gcp");
              assertThat(c.locations())
                  .singleElement()
                  .satisfies(l -> assertThat(l.source()).isEqualTo("provider-account"));
            });
  }

  @Test
  void editorKeyOlderThan90DaysIsDestructiveAndShowsItsAge() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);
    Grant grant = result.grant(credential(result, "1b2c3d4e5f60718293a4b5c6d7e8f90123456789"));

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.created()).isEqualTo(Instant.parse("2025-01-10T08:00:00Z"));
    assertThat(grant.expires()).isNull();
    assertThat(grant.evidence())
        .anyMatch(e -> e.contains("684 days ago") && e.contains("older than 90 days"));
    assertThat(grant.identity().details()).containsEntry("basic_roles", "roles/editor");
    assertThat(PolicySet.bundled().categorize("gcp", grant.permissions()))
        .containsKeys(RiskCategory.DESTRUCTIVE, RiskCategory.PRIVILEGE_ESCALATION);
  }

  @Test
  void organizationBindingsFromTheAssetExportReachTheKey() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);
    Grant grant = result.grant(credential(result, "1b2c3d4e5f60718293a4b5c6d7e8f90123456789"));

    assertThat(has(grant, "iam.serviceAccountKeys.create", "organizations/222")).isTrue();
    assertThat(grant.evidence())
        .anyMatch(e -> e.startsWith("organizations/222: roles/iam.serviceAccountKeyAdmin"));
  }

  /**
   * A role whose permissions are all known is its permissions; only a role that is not (a basic
   * role) also stands as a permission under its own name, for the policies that name it.
   */
  @Test
  void aRoleNameIsAPermissionOnlyWhenItsPermissionsAreNotAllKnown() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);
    Grant deployer = result.grant(credential(result, "1b2c3d4e5f60718293a4b5c6d7e8f90123456789"));
    Grant reader = result.grant(credential(result, "2c3d4e5f60718293a4b5c6d7e8f90123456789ab"));

    assertThat(has(deployer, "roles/editor", "projects/shop-staging")).isTrue();
    assertThat(deployer.permissions())
        .noneMatch(p -> p.action().equals("roles/iam.serviceAccountKeyAdmin"));
    assertThat(reader.permissions()).noneMatch(p -> p.action().startsWith("roles/"));
  }

  @Test
  void bucketOnlyReaderHasOnlyObjectReadsOnThatBucket() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);
    Grant grant = result.grant(credential(result, "2c3d4e5f60718293a4b5c6d7e8f90123456789ab"));

    assertThat(grant.permissions())
        .extracting(p -> p.resource())
        .containsOnly("//storage.googleapis.com/shop-staging-exports");
    assertThat(has(grant, "storage.objects.get", "//storage.googleapis.com/shop-staging-exports"))
        .isTrue();
    assertThat(grant.permissions()).noneMatch(p -> p.action().endsWith(".delete"));
    assertThat(PolicySet.bundled().categorize("gcp", grant.permissions())).isEmpty();
    assertThat(grant.expires()).isEqualTo(Instant.parse("2027-02-01T10:00:00Z"));
  }

  @Test
  void disabledKeyIsRevoked() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);
    Grant grant = result.grant(credential(result, "3d4e5f60718293a4b5c6d7e8f90123456789abcd"));

    assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
    assertThat(grant.statusReason())
        .isEqualTo("key 3d4e5f60718293a4b5c6d7e8f90123456789abcd is disabled");
  }

  @Test
  void accountImpersonableByAnotherIsReportedWithItsImpersonator() {
    GcpAuditResult result = GcpSnapshot.read(SNAPSHOT, null, NOW);
    Credential runner = credential(result, "backup-runner@shop-staging.iam.gserviceaccount.com");
    Grant grant = result.grant(runner);

    assertThat(runner.ruleId()).isEqualTo("gcp.service-account");
    assertThat(grant.identity().details().get("impersonators"))
        .as("token creator on the account itself, and the project owner (actAs on every account)")
        .isEqualTo(
            "serviceAccount:deployer@shop-staging.iam.gserviceaccount.com,user:admin@shop.example");
    assertThat(has(grant, "cloudsql.backupRuns.delete", "projects/shop-staging"))
        .as("custom role read from roles/")
        .isTrue();
    assertThat(PolicySet.bundled().categorize("gcp", grant.permissions()))
        .containsKey(RiskCategory.BACKUP_DESTRUCTIVE);
  }

  @Test
  void malformedFilesAreNamedAndTheRestIsStillRead() {
    GcpAuditResult result =
        GcpSnapshot.read(Path.of("src/test/resources/gcp/snapshot-malformed"), null, NOW);

    assertThat(result.problems())
        .extracting(Problem::where)
        .anySatisfy(w -> assertThat(w).endsWith("project-iam-policy.json:4"));
    assertThat(result.problems())
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .contains("not valid JSON")
                    .contains("gcloud projects get-iam-policy"));
    assertThat(result.problems())
        .anySatisfy(
            p ->
                assertThat(p.where())
                    .endsWith("deployer@shop-staging.iam.gserviceaccount.com.json")
                    .isNotNull());
    assertThat(result.problems())
        .anySatisfy(
            p ->
                assertThat(p.toString())
                    .contains("legacy@shop-staging.iam.gserviceaccount.com.json")
                    .contains("not valid JSON"));
    assertThat(result.problems())
        .anySatisfy(
            p ->
                assertThat(p.toString())
                    .contains("backup-runner@shop-staging.iam.gserviceaccount.com.json")
                    .contains("missing")
                    .contains("keys list"));
    Grant reader = result.grant(credential(result, "2c3d4e5f60718293a4b5c6d7e8f90123456789ab"));
    assertThat(reader.status())
        .as("without the project policy its permissions are unknown")
        .isEqualTo(GrantStatus.UNKNOWN);
    assertThat(reader.statusReason()).contains("project-iam-policy.json");
  }

  @Test
  void missingFolderIsAClearProblem() {
    GcpAuditResult result =
        GcpSnapshot.read(Path.of("src/test/resources/gcp/no-such-folder"), null, NOW);

    assertThat(result.credentials()).isEmpty();
    assertThat(result.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("not a folder"));
  }
}
