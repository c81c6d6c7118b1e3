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
    assertThat(catalog.provenance()).contains("roles.list").contains("refresh-gcp-roles.sh");
    assertThat(catalog.size()).isGreaterThan(200);
  }

  /** Each copied role names the export commit it came from, so a reader can check it. */
  @Test
  void everyMirroredRoleNamesItsSourceCommitAndHasPermissions() throws IOException {
    JsonNode roles;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RoleCatalog.RESOURCE)) {
      roles = new ObjectMapper().readTree(in).path("roles");
    }
    assertThat(roles.size()).isEqualTo(catalog.size());
    roles
        .properties()
        .forEach(
            e -> {
              JsonNode role = e.getValue();
              assertThat(e.getKey()).as("role name").matches("roles/[A-Za-z0-9_.]+");
              assertThat(role.path("permissions").size()).as(e.getKey()).isPositive();
              if (role.path("source").asText().startsWith("mirror")) {
                assertThat(role.path("source_commit").asText())
                    .as(e.getKey())
                    .matches("[0-9a-f]{40}");
              } else {
                assertThat(role.path("complete").asBoolean(true)).as(e.getKey()).isFalse();
              }
            });
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
   * grants is a typo, or a permission Google renamed. The two exceptions are newer than the copied
   * Datastore roles (docs/gcp.md).
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
    assertThat(ungranted)
        .containsExactlyInAnyOrder("firestore.databases.delete", "datastore.backups.delete");
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

  @Test
  void basicRolesAreKnownButMarkedIncomplete() {
    assertThat(catalog.role("roles/owner"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.complete()).isFalse();
              assertThat(r.permissions())
                  .contains("resourcemanager.projects.setIamPolicy", "cloudsql.instances.delete");
            });
    assertThat(catalog.role("roles/editor"))
        .hasValueSatisfying(
            r ->
                assertThat(r.permissions())
                    .doesNotContain("resourcemanager.projects.setIamPolicy"));
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
}
