package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleCatalogTest {
  private final RoleCatalog catalog = RoleCatalog.bundled();

  @Test
  void bundledCatalogSaysWhereItsDataComesFrom() {
    assertThat(catalog.provenance()).contains("roles.list").contains("refresh-gcp-roles.sh");
    assertThat(catalog.size()).isGreaterThan(20);
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
