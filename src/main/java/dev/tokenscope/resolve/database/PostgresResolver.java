package dev.tokenscope.resolve.database;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.database.DatabaseTarget.NotAllowedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves PostgreSQL credentials found in connection strings (secret: the password; attributes
 * {@code user}, {@code host}, {@code port}, {@code database}). Off by default: it connects only to
 * hosts matching {@code database.allow_hosts}, because scanned content chooses the host.
 *
 * <p>The session is read-only twice over: the startup option {@code -c
 * default_transaction_read_only=on} and {@code SET SESSION CHARACTERISTICS AS TRANSACTION READ
 * ONLY}, then only catalog queries run: the role's attributes in {@code pg_roles}, the roles it is
 * a member of, the databases it owns (so can drop) in {@code pg_database}, the schemas it owns and
 * the tables it may delete from or truncate in the connected database ({@code
 * has_table_privilege}).
 */
public final class PostgresResolver implements Resolver {
  static final int MAX_TABLES = 500;
  private static final Map<String, Access> POWERFUL_ROLES =
      Map.ofEntries(
          Map.entry("pg_read_all_data", Access.READ),
          Map.entry("pg_write_all_data", Access.WRITE),
          Map.entry("pg_read_server_files", Access.READ),
          Map.entry("pg_write_server_files", Access.ADMIN),
          Map.entry("pg_execute_server_program", Access.ADMIN),
          Map.entry("pg_monitor", Access.READ),
          Map.entry("pg_read_all_settings", Access.READ),
          Map.entry("pg_read_all_stats", Access.READ),
          Map.entry("pg_signal_backend", Access.WRITE),
          Map.entry("pg_checkpoint", Access.WRITE),
          Map.entry("pg_create_subscription", Access.WRITE),
          Map.entry("rds_superuser", Access.ADMIN),
          Map.entry("rds_replication", Access.READ),
          Map.entry("cloudsqlsuperuser", Access.ADMIN),
          Map.entry("azure_pg_admin", Access.ADMIN),
          Map.entry("alloydbsuperuser", Access.ADMIN));

  @Override
  public String provider() {
    return "postgresql";
  }

  @Override
  public boolean canResolve(Credential credential) {
    String provider = credential.provider().toLowerCase(java.util.Locale.ROOT);
    return (provider.equals("postgresql") || provider.equals("postgres"))
        && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String user = credential.attribute("user");
    Identity unknown =
        new Identity("postgresql", user, credential.attribute("host"), "password", Map.of());
    DatabaseTarget target;
    try {
      target = DatabaseTarget.of(credential, 5432, "postgres");
      target.requireAllowed(context.config());
    } catch (NotAllowedException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
    List<String> environments = EnvironmentNames.guess(target.host(), target.database());
    try (Connection connection = open(target, credential, context)) {
      return inspect(connection, target, environments);
    } catch (SQLException e) {
      return failure(e, target, unknown, environments);
    }
  }

  /**
   * A read-only session: the server makes every transaction read-only from the start ({@code
   * default_transaction_read_only}), and the session says so again.
   */
  static Connection open(DatabaseTarget target, Credential credential, ResolveContext context)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", target.user());
    properties.setProperty("password", credential.secret().reveal());
    properties.setProperty("options", "-c default_transaction_read_only=on");
    properties.setProperty("readOnly", "true");
    properties.setProperty("ApplicationName", "tokenscope");
    long connectSeconds = Math.max(1, context.http().connectTimeout().toSeconds());
    properties.setProperty("connectTimeout", Long.toString(connectSeconds));
    properties.setProperty("loginTimeout", Long.toString(connectSeconds));
    properties.setProperty(
        "socketTimeout", Long.toString(Math.max(1, context.http().requestTimeout().toSeconds())));
    String url =
        "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.database();
    Connection connection = new org.postgresql.Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException(
          "the PostgreSQL driver refused the address " + target.where(), "08001");
    }
    try {
      connection.setReadOnly(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private Grant inspect(Connection connection, DatabaseTarget target, List<String> environments)
      throws SQLException {
    List<Permission> permissions = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    Map<String, String> details = new LinkedHashMap<>();
    Instant expires = null;
    boolean superuser;
    try (Statement statement = connection.createStatement();
        ResultSet role =
            statement.executeQuery(
                "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolvaliduntil, version()"
                    + " FROM pg_roles WHERE rolname = current_user")) {
      if (!role.next()) {
        throw new SQLException("current_user is missing from pg_roles");
      }
      superuser = role.getBoolean("rolsuper");
      details.put("server_version", role.getString(8).split(" on ")[0]);
      for (String attribute :
          List.of("rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls")) {
        boolean set = role.getBoolean(attribute);
        details.put(attribute, Boolean.toString(set));
        if (set) {
          permissions.add(
              Permission.of(attributeAction(attribute), "*", attributeAccess(attribute)));
        }
      }
      Timestamp validUntil = role.getTimestamp("rolvaliduntil");
      if (validUntil != null && validUntil.getTime() < Long.MAX_VALUE / 2) {
        expires = validUntil.toInstant();
      }
    }
    evidence.add("pg_roles: " + details);

    List<String> memberOf = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet roles =
            statement.executeQuery(
                "SELECT rolname FROM pg_roles WHERE pg_has_role(current_user, oid, 'MEMBER') AND rolname <> current_user ORDER BY 1")) {
      while (roles.next()) {
        String name = roles.getString(1);
        memberOf.add(name);
        permissions.add(
            Permission.of("MEMBER " + name, "*", POWERFUL_ROLES.getOrDefault(name, Access.READ)));
      }
    }
    if (!memberOf.isEmpty()) {
      evidence.add("member of " + memberOf);
    }

    try (Statement statement = connection.createStatement();
        ResultSet databases =
            statement.executeQuery(
                "SELECT datname, pg_get_userbyid(datdba), pg_has_role(current_user, datdba, 'MEMBER')"
                    + " FROM pg_database WHERE NOT datistemplate ORDER BY 1")) {
      while (databases.next()) {
        String name = databases.getString(1);
        if (superuser || databases.getBoolean(3)) {
          permissions.add(Permission.of("DROP DATABASE", name, Access.DELETE));
          evidence.add(
              "can drop database "
                  + name
                  + " (owner "
                  + databases.getString(2)
                  + (superuser ? ", or as superuser" : "")
                  + ")");
        }
      }
    }

    try (Statement statement = connection.createStatement();
        ResultSet schemas =
            statement.executeQuery(
                "SELECT nspname, pg_has_role(current_user, nspowner, 'MEMBER') FROM pg_namespace"
                    + " WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1")) {
      while (schemas.next()) {
        if (superuser || schemas.getBoolean(2)) {
          permissions.add(
              Permission.of(
                  "DROP SCHEMA", target.database() + "." + schemas.getString(1), Access.DELETE));
        }
      }
    }

    if (superuser) {
      evidence.add("a superuser may do anything to every table: tables are not listed one by one");
    } else {
      tables(connection, target, permissions, evidence);
    }
    Identity identity =
        new Identity(
            "postgresql", target.user(), target.where(), superuser ? "superuser" : "role", details);
    return new Grant(
        identity,
        environments,
        permissions,
        null,
        expires,
        null,
        GrantStatus.ACTIVE,
        null,
        evidence);
  }

  private static void tables(
      Connection connection,
      DatabaseTarget target,
      List<Permission> permissions,
      List<String> evidence)
      throws SQLException {
    String sql =
        "SELECT n.nspname, c.relname, pg_has_role(current_user, c.relowner, 'MEMBER'),"
            + " has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'INSERT'), has_table_privilege(c.oid, 'UPDATE'),"
            + " has_table_privilege(c.oid, 'DELETE'), has_table_privilege(c.oid, 'TRUNCATE')"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " ORDER BY 1, 2 LIMIT ?";
    int count = 0;
    int deletable = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, MAX_TABLES + 1);
      try (ResultSet tables = statement.executeQuery()) {
        while (tables.next()) {
          if (++count > MAX_TABLES) {
            evidence.add(
                "more than "
                    + MAX_TABLES
                    + " tables: only the first "
                    + MAX_TABLES
                    + " are listed");
            break;
          }
          String table = target.database() + "." + tables.getString(1) + "." + tables.getString(2);
          if (tables.getBoolean(3)) {
            permissions.add(Permission.of("DROP TABLE", table, Access.DELETE));
          }
          if (tables.getBoolean(7)) {
            permissions.add(Permission.of("DELETE", table, Access.DELETE));
          }
          if (tables.getBoolean(8)) {
            permissions.add(Permission.of("TRUNCATE", table, Access.DELETE));
          }
          if (tables.getBoolean(5) || tables.getBoolean(6)) {
            permissions.add(
                Permission.of(tables.getBoolean(6) ? "UPDATE" : "INSERT", table, Access.WRITE));
          }
          if (tables.getBoolean(4)) {
            permissions.add(Permission.of("SELECT", table, Access.READ));
          }
          if (tables.getBoolean(7) || tables.getBoolean(8) || tables.getBoolean(3)) {
            deletable++;
          }
        }
      }
    }
    evidence.add(
        Math.min(count, MAX_TABLES)
            + " tables in "
            + target.database()
            + ", "
            + deletable
            + " of them deletable (DELETE, TRUNCATE or owner)");
  }

  private static Grant failure(
      SQLException e, DatabaseTarget target, Identity identity, List<String> environments) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (state.equals("28P01")) {
      return Grant.unresolved(
          identity,
          environments,
          GrantStatus.INVALID,
          "PostgreSQL at "
              + target.where()
              + " refuses the password for "
              + target.user()
              + ": changed, role dropped, expired or never valid",
          List.of(message));
    }
    if (state.startsWith("08")) {
      return Grant.unresolved(
          identity,
          environments,
          GrantStatus.UNKNOWN,
          "cannot connect to PostgreSQL at " + target.where() + ": " + message,
          List.of());
    }
    return Grant.unresolved(
        identity,
        environments,
        GrantStatus.UNKNOWN,
        "PostgreSQL at "
            + target.where()
            + " answered "
            + (state.isEmpty() ? "" : "SQLSTATE " + state + " ")
            + message,
        List.of());
  }

  private static String attributeAction(String attribute) {
    return switch (attribute) {
      case "rolsuper" -> "SUPERUSER";
      case "rolcreaterole" -> "CREATEROLE";
      case "rolcreatedb" -> "CREATEDB";
      case "rolreplication" -> "REPLICATION";
      default -> "BYPASSRLS";
    };
  }

  private static Access attributeAccess(String attribute) {
    return switch (attribute) {
      case "rolsuper" -> Access.ADMIN;
      case "rolcreaterole" -> Access.PERMISSIONS;
      case "rolcreatedb" -> Access.WRITE;
      default -> Access.READ;
    };
  }
}
