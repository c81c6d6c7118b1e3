package dev.tokenscope.resolve.database;

import static dev.tokenscope.resolve.ProviderFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SHOW GRANTS output as MySQL 8 and MariaDB document it, mapped to permissions. */
class MySqlGrantsTest {

  private static List<String> lines(String name) {
    return resource("resolve/mysql/" + name).lines().toList();
  }

  @Test
  void globalDropAllowsDroppingEveryDatabaseAndGrantOptionChangesPermissions() {
    List<Permission> permissions =
        MySqlGrants.permissions(
            lines("show-grants-root-mysql8.txt"), List.of("mysql", "shop_prod"));

    assertThat(permissions)
        .contains(
            Permission.of("DROP", "*", Access.DELETE),
            Permission.of("DROP DATABASE", "mysql", Access.DELETE),
            Permission.of("DROP DATABASE", "shop_prod", Access.DELETE),
            Permission.of("SUPER", "*", Access.ADMIN),
            Permission.of("CREATE USER", "*", Access.PERMISSIONS),
            Permission.of("GRANT OPTION", "*", Access.PERMISSIONS),
            Permission.of("BACKUP_ADMIN", "*", Access.ADMIN),
            Permission.of("ROLE_ADMIN", "*", Access.PERMISSIONS),
            Permission.of("SYSTEM_USER", "*", Access.ADMIN));
  }

  @Test
  void databaseLevelGrantsColumnGrantsAndRolesAreMapped() {
    List<Permission> permissions =
        MySqlGrants.permissions(lines("show-grants-app-mariadb.txt"), List.of("crm", "shop_prod"));

    assertThat(permissions)
        .contains(
            Permission.of("DROP DATABASE", "shop_prod", Access.DELETE),
            Permission.of("DELETE", "shop_prod", Access.DELETE),
            Permission.of("SELECT", "crm.customers", Access.READ),
            Permission.of("UPDATE", "crm.customers", Access.WRITE),
            Permission.of("ROLE reporting", "*", Access.READ))
        .doesNotContain(Permission.of("DROP DATABASE", "crm", Access.DELETE))
        .noneMatch(p -> p.action().equals("USAGE"))
        .noneMatch(p -> p.resource().equals("*") && p.access() != Access.READ);
  }

  @Test
  void allPrivilegesOnADatabaseIncludesDroppingIt() {
    List<Permission> permissions =
        MySqlGrants.permissions(
            List.of("GRANT ALL PRIVILEGES ON `billing`.* TO 'ops'@'10.%'"), List.of());

    assertThat(permissions)
        .containsExactly(
            Permission.of("ALL PRIVILEGES", "billing", Access.ADMIN),
            Permission.of("DROP DATABASE", "billing", Access.DELETE));
  }

  @Test
  void passwordHashesNeverReachTheEvidence() {
    String line = lines("show-grants-app-mariadb.txt").get(0);

    assertThat(MySqlGrants.redact(line))
        .isEqualTo("GRANT USAGE ON *.* TO `shop_app`@`%` IDENTIFIED BY PASSWORD <redacted>");
    assertThat(
            MySqlGrants.redact(
                "GRANT USAGE ON *.* TO 'a'@'%' IDENTIFIED VIA ed25519 USING 'PxzoR+x2Aw'"))
        .doesNotContain("PxzoR");
  }
}
