package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RoleCatalogTest {
  private final RoleCatalog catalog = RoleCatalog.bundled();

  @Test
  void bundledCatalogSaysWhereItsDataComesFrom() {
    assertThat(catalog.provenance())
        .contains("iann0036/iam-dataset")
        .containsPattern("commit [0-9a-f]{40}");
  }

  /**
   * Every current predefined role is in the catalog (2,387 at the pinned export commit; Google
   * lists over 2,300), each with the permissions Google says it includes.
   */
  @Test
  void holdsEveryPredefinedRoleWithItsPermissions() throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RoleCatalog.RESOURCE)) {
      root = new ObjectMapper().readTree(in);
    }
    JsonNode roles = root.path("roles");
    assertThat(catalog.size()).isEqualTo(roles.size()).isGreaterThan(2300);
    assertThat(root.path("provenance").path("roles").asInt()).isEqualTo(roles.size());
    java.util.List<String> names = new java.util.ArrayList<>();
    roles
        .properties()
        .forEach(
            e -> {
              names.add(e.getKey());
              assertThat(e.getKey()).as("role name").matches("roles/[A-Za-z0-9_.]+");
              java.util.List<String> permissions = new java.util.ArrayList<>();
              e.getValue().path("permissions").forEach(p -> permissions.add(p.asText()));
              assertThat(permissions).as(e.getKey()).isSorted().doesNotHaveDuplicates();
              assertThat(catalog.role(e.getKey()).orElseThrow().permissions())
                  .as(e.getKey())
                  .isEqualTo(permissions);
            });
    assertThat(names).as("roles in name order, so the generator is reproducible").isSorted();
  }

  /** Google's container.admin, which the old hand-assembled catalog had from a 2021 export. */
  @Test
  void rolesHoldTheirCurrentPermissions() {
    assertThat(catalog.role("roles/container.admin").orElseThrow().permissions())
        .contains("container.clusters.impersonate", "container.clusters.connect");
    assertThat(catalog.role("roles/compute.instanceAdmin.v1").orElseThrow().permissions())
        .hasSizeGreaterThan(250);
  }

  @Test
  void adminRolesOfDataServicesCanDeleteTheDataAndItsBackups() {
    assertThat(catalog.role("roles/cloudsql.admin").orElseThrow().permissions())
        .contains("cloudsql.instances.delete", "cloudsql.backupRuns.delete");
    assertThat(catalog.role("roles/compute.admin").orElseThrow().permissions())
        .contains("compute.disks.delete", "compute.snapshots.delete");
    assertThat(catalog.role("roles/spanner.admin").orElseThrow().permissions())
        .contains("spanner.databases.drop", "spanner.backups.delete");
    assertThat(catalog.role("roles/cloudsql.viewer").orElseThrow().permissions())
        .noneMatch(p -> p.endsWith(".delete"));
  }

  /**
   * Every permission a GCP risk policy names is one some catalogued role grants: a name no role
   * grants is a typo, or a permission Google renamed or removed.
   */
  @Test
  void everyPermissionTheGcpPoliciesNameIsGrantedBySomeRole() throws IOException {
    JsonNode policies =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(java.nio.file.Path.of("rules/policies/gcp.yaml").toFile())
            .path("policies");
    java.util.Set<String> granted = new java.util.HashSet<>();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RoleCatalog.RESOURCE)) {
      new ObjectMapper()
          .readTree(in)
          .path("roles")
          .forEach(role -> role.path("permissions").forEach(p -> granted.add(p.asText())));
    }
    java.util.List<String> ungranted = new java.util.ArrayList<>();
    for (JsonNode policy : policies) {
      for (JsonNode action : policy.path("actions")) {
        String name = action.asText();
        if (name.startsWith("roles/")) {
          continue;
        }
        java.util.regex.Pattern glob =
            java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(name).replace("*", "\\E.*\\Q"));
        if (granted.stream().noneMatch(p -> glob.matcher(p).matches())) {
          ungranted.add(name);
        }
      }
    }
    assertThat(ungranted).isEmpty();
  }

  /** The role Firebase puts on the service account whose key its console hands out. */
  @Test
  void theFirebaseAdminSdkRoleCanDeleteBucketsAndUsers() {
    RoleCatalog.Role role = catalog.role("roles/firebase.sdkAdminServiceAgent").orElseThrow();
    assertThat(role.complete()).isTrue();
    assertThat(role.permissions())
        .contains("storage.buckets.delete", "firebaseauth.users.delete")
        .doesNotContain("iam.serviceAccountKeys.create");
  }

  /** Security Admin can set any IAM policy: the role itself is an escalation path. */
  @Test
  void securityAdminCanRewriteIamPolicies() {
    RoleCatalog.Role role = catalog.role("roles/iam.securityAdmin").orElseThrow();
    assertThat(role.complete()).isTrue();
    assertThat(role.permissions())
        .contains("resourcemanager.projects.setIamPolicy", "iam.serviceAccounts.setIamPolicy");
  }

  /** The basic roles come from Google's data like every other role: all their permissions. */
  @Test
  void basicRolesAreCompleteAndFromData() {
    RoleCatalog.Role owner = catalog.role("roles/owner").orElseThrow();
    RoleCatalog.Role editor = catalog.role("roles/editor").orElseThrow();
    RoleCatalog.Role viewer = catalog.role("roles/viewer").orElseThrow();
    assertThat(owner.complete()).isTrue();
    assertThat(owner.permissions())
        .hasSizeGreaterThan(10_000)
        .contains("resourcemanager.projects.setIamPolicy", "cloudsql.instances.delete")
        .doesNotContain("cloudsql.instances.setIamPolicy");
    assertThat(editor.permissions())
        .hasSizeGreaterThan(10_000)
        .contains("cloudsql.instances.delete")
        .doesNotContain("resourcemanager.projects.setIamPolicy");
    assertThat(viewer.permissions())
        .doesNotContain("cloudsql.instances.delete", "storage.objects.delete");
    assertThat(RoleCatalog.isBasic("roles/editor")).isTrue();
    assertThat(RoleCatalog.isBasic("roles/storage.admin")).isFalse();
  }

  @Test
  void mirroredRolesAreComplete() {
    assertThat(catalog.role("roles/storage.objectViewer"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.complete()).isTrue();
              assertThat(r.permissions())
                  .contains("storage.objects.get")
                  .noneMatch(p -> p.endsWith(".delete"));
            });
  }

  /**
   * The committed catalog is exactly what the generator makes from the export commit it names.
   * Needs a local clone of iann0036/iam-dataset (no network in tests): set TOKENSCOPE_IAM_DATASET
   * to its git directory; without one the check is skipped (run it by hand: docs/gcp.md).
   */
  @Test
  void generatorReproducesTheCommittedCatalog() throws Exception {
    String dataset =
        java.util.Objects.requireNonNullElse(
            System.getenv("TOKENSCOPE_IAM_DATASET"), "/work/.mirror/iann0036+iam-dataset/repo");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(java.nio.file.Path.of(dataset)),
        "no iam-dataset clone at " + dataset);
    Process process =
        new ProcessBuilder("bash", "scripts/refresh-gcp-roles.sh", "--check", dataset)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("reproduces");
  }
}
