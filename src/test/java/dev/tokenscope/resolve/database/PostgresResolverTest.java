package dev.tokenscope.resolve.database;

import static dev.tokenscope.resolve.ProviderFixture.credential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real PostgreSQL server started by the test, with roles made for each case. */
class PostgresResolverTest {
  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static final ResolveContext ALLOWED =
      ProviderFixture.context(
          new Config(
              null, null, null, new Config.Database(List.of("localhost", "*.internal")), null));
  private final PostgresResolver resolver = new PostgresResolver();

  @BeforeAll
  static void startServerWithRoles() throws Exception {
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir.resolve("pg"))
            .setCleanDataDirectory(true)
            .start();
    // The embedded server trusts every local login; require passwords for all but the admin.
    Files.writeString(
        dataDir.resolve("pg/pg_hba.conf"),
        "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
            + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("SELECT pg_reload_conf()");
      sql.execute("CREATE ROLE ops_admin LOGIN SUPERUSER PASSWORD 'su-secret-1'");
      sql.execute("CREATE ROLE shop_owner LOGIN CREATEDB PASSWORD 'owner-secret-2'");
      sql.execute("CREATE ROLE shop_reader LOGIN PASSWORD 'reader-secret-3'");
      sql.execute("CREATE ROLE auditor LOGIN PASSWORD 'auditor-secret-4'");
      sql.execute("GRANT pg_read_all_data TO auditor");
      sql.execute("CREATE DATABASE shop_prod OWNER shop_owner");
    }
    try (Connection owner = postgres.getDatabase("postgres", "shop_prod").getConnection();
        Statement sql = owner.createStatement()) {
      sql.execute("SET ROLE shop_owner");
      sql.execute("CREATE SCHEMA app");
      sql.execute("CREATE TABLE app.orders (id bigint PRIMARY KEY, total numeric)");
      sql.execute("INSERT INTO app.orders VALUES (1, 9.99)");
      sql.execute("GRANT USAGE ON SCHEMA app TO shop_reader");
      sql.execute("GRANT SELECT ON app.orders TO shop_reader");
    }
  }

  @AfterAll
  static void stopServer() throws IOException {
    postgres.close();
  }

  private static Credential connectionString(String user, String password, String database) {
    return credential(
        "postgresql",
        "postgresql.connection-string",
        password,
        Map.of(
            "scheme",
            "postgresql",
            "user",
            user,
            "host",
            "localhost",
            "port",
            Integer.toString(postgres.getPort()),
            "database",
            database));
  }

  @Test
  void superuserIsAdminAndCanDropEveryDatabase() {
    Grant grant =
        resolver.resolve(connectionString("ops_admin", "su-secret-1", "postgres"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().tokenType()).isEqualTo("superuser");
    assertThat(grant.permissions())
        .contains(
            Permission.of("SUPERUSER", "*", Access.ADMIN),
            Permission.of("DROP DATABASE", "shop_prod", Access.DELETE),
            Permission.of("DROP DATABASE", "postgres", Access.DELETE));
  }

  @Test
  void databaseOwnerCanDropItsProductionDatabaseSchemaAndTables() {
    Grant grant =
        resolver.resolve(connectionString("shop_owner", "owner-secret-2", "shop_prod"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.identity().principal()).isEqualTo("shop_owner");
    assertThat(grant.environments()).containsExactly("production");
    assertThat(grant.permissions())
        .contains(
            Permission.of("CREATEDB", "*", Access.WRITE),
            Permission.of("DROP DATABASE", "shop_prod", Access.DELETE),
            Permission.of("DROP SCHEMA", "shop_prod.app", Access.DELETE),
            Permission.of("DROP TABLE", "shop_prod.app.orders", Access.DELETE),
            Permission.of("TRUNCATE", "shop_prod.app.orders", Access.DELETE))
        .doesNotContain(Permission.of("DROP DATABASE", "postgres", Access.DELETE))
        .noneMatch(p -> p.action().equals("SUPERUSER"));
  }

  @Test
  void ownerOfAProductionDatabaseIsDestructiveByPolicyAndTheReaderIsNot() {
    PolicySet policies = PolicySet.bundled();
    Grant owner =
        resolver.resolve(connectionString("shop_owner", "owner-secret-2", "shop_prod"), ALLOWED);
    Grant reader =
        resolver.resolve(connectionString("shop_reader", "reader-secret-3", "shop_prod"), ALLOWED);

    assertThat(policies.categorize("postgresql", owner.permissions()))
        .containsKey(RiskCategory.DESTRUCTIVE);
    assertThat(policies.categorize("postgresql", owner.permissions()).get(RiskCategory.DESTRUCTIVE))
        .contains("DROP DATABASE");
    assertThat(policies.categorize("postgresql", reader.permissions())).isEmpty();
  }

  @Test
  void readOnlyRoleCanOnlySelect() {
    Grant grant =
        resolver.resolve(connectionString("shop_reader", "reader-secret-3", "shop_prod"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.permissions())
        .containsExactly(Permission.of("SELECT", "shop_prod.app.orders", Access.READ));
  }

  @Test
  void membershipInPowerfulRolesIsReported() {
    Grant grant =
        resolver.resolve(connectionString("auditor", "auditor-secret-4", "shop_prod"), ALLOWED);

    assertThat(grant.permissions())
        .contains(Permission.of("MEMBER pg_read_all_data", "*", Access.READ));
  }

  @Test
  void wrongPasswordIsReportedInvalidWithoutThePassword() {
    Grant grant =
        resolver.resolve(
            connectionString("shop_owner", "leaked-old-password", "shop_prod"), ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
    assertThat(grant.statusReason()).contains("refuses the password for shop_owner");
    assertThat(grant.toString()).doesNotContain("leaked-old-password");
  }

  @Test
  void sessionIsReadOnly() throws Exception {
    Credential owner = connectionString("shop_owner", "owner-secret-2", "shop_prod");
    DatabaseTarget target = DatabaseTarget.of(owner, 5432, "postgres");
    try (Connection connection = PostgresResolver.open(target, owner, ALLOWED);
        Statement sql = connection.createStatement()) {
      try (ResultSet setting = sql.executeQuery("SHOW transaction_read_only")) {
        setting.next();
        assertThat(setting.getString(1)).isEqualTo("on");
      }
      assertThatThrownBy(() -> sql.execute("DELETE FROM app.orders"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only transaction");
      assertThatThrownBy(
              () ->
                  sql.execute(
                      "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; DROP TABLE app.orders"))
          .isInstanceOf(SQLException.class);
    }
    try (Connection admin = postgres.getDatabase("postgres", "shop_prod").getConnection();
        ResultSet rows = admin.createStatement().executeQuery("SELECT count(*) FROM app.orders")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void hostNotAllowedIsNeverContacted() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      listener.setSoTimeout(300);
      Credential elsewhere =
          credential(
              "postgresql",
              "postgresql.connection-string",
              "owner-secret-2",
              Map.of(
                  "user",
                  "shop_owner",
                  "host",
                  "127.0.0.1",
                  "port",
                  Integer.toString(listener.getLocalPort()),
                  "database",
                  "shop_prod"));

      Grant grant = resolver.resolve(elsewhere, ALLOWED);
      try {
        listener.accept().close();
        accepted.incrementAndGet();
      } catch (SocketTimeoutException expected) {
        // nothing connected
      }

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason())
          .contains("database resolution is off for host 127.0.0.1")
          .contains("database.allow_hosts");
      assertThat(accepted).hasValue(0);
    }
  }

  @Test
  void databaseResolutionIsOffByDefault() {
    Grant grant =
        resolver.resolve(
            connectionString("shop_owner", "owner-secret-2", "shop_prod"),
            ProviderFixture.context(Config.empty()));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("(empty)");
  }

  @Test
  void closedPortIsUnknownWithTheReason() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Credential closed =
        credential(
            "postgresql",
            "postgresql.connection-string",
            "x",
            Map.of(
                "user", "u", "host", "localhost", "port", Integer.toString(port), "database", "d"));

    Grant grant = resolver.resolve(closed, ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason())
        .startsWith("cannot connect to PostgreSQL at localhost:" + port);
  }

  @Test
  void connectionStringWithoutHostIsUnknownWithTheReason() {
    Credential noHost =
        credential("postgresql", "postgresql.connection-string", "x", Map.of("user", "u"));

    assertThat(resolver.resolve(noHost, ALLOWED).statusReason()).contains("has no host");
  }

  @Test
  void hostGlobsMatchWholeNamesOnly() {
    assertThat(DatabaseTarget.globMatches("*.internal", "db.prod.internal")).isTrue();
    assertThat(DatabaseTarget.globMatches("*.internal", "db.internal.evil.example")).isFalse();
    assertThat(DatabaseTarget.globMatches("localhost", "LOCALHOST")).isTrue();
  }
}
