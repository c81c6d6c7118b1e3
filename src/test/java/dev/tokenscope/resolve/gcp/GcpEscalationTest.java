package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Impersonation on the holder's side, in an exported project (src/test/resources/gcp/escalation): a
 * role with getAccessToken/actAs/keys.create… on a stronger service account, in its own policy or
 * the project/folder above it, is an escalation of the holder, named with the target's power.
 */
class GcpEscalationTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final GcpAuditResult RESULT =
      GcpSnapshot.read(Path.of("src/test/resources/gcp/escalation"), null, NOW);
  private final Assessor assessor = new Assessor(Map.of());

  private static Credential credential(String account) {
    return RESULT.credentials().stream()
        .filter(c -> c.attribute("client_email").startsWith(account + "@"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no credential of " + account));
  }

  private static Grant grant(String account) {
    return RESULT.grant(credential(account));
  }

  private List<Finding> findings(String account) {
    return assessor.assess(credential(account), grant(account));
  }

  private Set<FindingKind> kinds(String account) {
    return findings(account).stream().map(Finding::kind).collect(Collectors.toSet());
  }

  private Finding escalation(String account) {
    return findings(account).stream()
        .filter(f -> f.kind() == FindingKind.PRIVILEGE_ESCALATION)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no PRIVILEGE_ESCALATION for " + account));
  }

  private static List<String> paths(Grant grant) {
    return grant.evidence().stream().filter(e -> e.startsWith("escalation path: ")).toList();
  }

  @Test
  void tokenCreatorOnTheOwnersOwnPolicyIsTheHoldersEscalation() {
    Finding finding = escalation("ci-runner");

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.reason())
        .contains("roles/iam.serviceAccountTokenCreator")
        .contains("prod-admin@shop-prod.iam.gserviceaccount.com")
        .contains("roles/owner")
        .contains("admin-equivalent");
  }

  @Test
  void chainsAreFollowedThroughKeyAdminAndActAs() {
    assertThat(paths(grant("chain-start")))
        .anyMatch(
            e ->
                e.contains("→ hop@shop-prod.iam.gserviceaccount.com →")
                    && e.contains("iam.serviceAccountKeys.create")
                    && e.contains("→ prod-admin@shop-prod.iam.gserviceaccount.com (roles/owner)"));
  }

  @Test
  void aFolderLevelBindingReachesEveryAccountBelowIt() {
    assertThat(paths(grant("folder-holder")))
        .anyMatch(
            e ->
                e.contains("roles/iam.workloadIdentityUser on folders/4455")
                    && e.contains("prod-admin@"));
  }

  @Test
  void aWeakerTargetIsAHighEscalationNotACriticalOne() {
    assertThat(escalation("log-shipper").severity()).isEqualTo(Severity.HIGH);
    assertThat(paths(grant("log-shipper"))).singleElement().asString().contains("logs-reader@");
  }

  @Test
  void accountsThatCanBecomeNobodyHaveNoEscalation() {
    assertThat(paths(grant("batch"))).isEmpty();
    assertThat(kinds("batch")).doesNotContain(FindingKind.PRIVILEGE_ESCALATION);
  }

  /** Google's Role.RoleLaunchStage: a DISABLED custom role's bindings grant nothing. */
  @Test
  void aDisabledCustomRoleGrantsNothing() {
    Grant grant = grant("legacy-tool");

    assertThat(grant.permissions())
        .noneMatch(p -> p.action().equals("resourcemanager.projects.setIamPolicy"));
    assertThat(kinds("legacy-tool"))
        .doesNotContain(FindingKind.ADMIN_EQUIVALENT, FindingKind.DESTRUCTIVE);
  }

  @Test
  void deletedPrincipalsAreNotListedAsImpersonators() {
    Grant admin = grant("prod-admin");

    assertThat(admin.identity().details().get("impersonators"))
        .contains("serviceAccount:ci-runner@shop-prod.iam.gserviceaccount.com")
        .doesNotContain("deleted:");
    assertThat(admin.evidence()).noneMatch(e -> e.startsWith("may be impersonated by deleted:"));
  }
}
