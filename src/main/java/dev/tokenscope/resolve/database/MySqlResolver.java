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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves MySQL and MariaDB credentials found in connection strings (secret: the password;
 * attributes {@code user}, {@code host}, {@code port}, {@code database}), through the MariaDB
 * driver, which speaks both. Off by default: it connects only to hosts matching {@code
 * database.allow_hosts}, because scanned content chooses the host.
 *
 * <p>The session is made read-only ({@code SET SESSION TRANSACTION READ ONLY}) before anything
 * else; then it reads {@code CURRENT_USER()}, {@code VERSION()}, {@code SHOW GRANTS} and {@code
 * SHOW DATABASES} (to expand grants on {@code *.*}) and {@code SHOW GRANTS FOR} each role it holds,
 * which change nothing.
 */
public final class MySqlResolver implements Resolver {
  private static final int MAX_ROLES = 20;
  private static final java.util.regex.Pattern ROLE =
      java.util.regex.Pattern.compile("[`'\"A-Za-z0-9_@%.\\-]+");

  @Override
  public String provider() {
    return "mysql";
  }

  @Override
  public boolean canResolve(Credential credential) {
    String provider = credential.provider().toLowerCase(Locale.ROOT);
    return (provider.equals("mysql") || provider.equals("mariadb")) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    Identity unknown =
        new Identity(
            "mysql",
            credential.attribute("user"),
            credential.attribute("host"),
            "password",
            Map.of());
    DatabaseTarget target;
    try {
      target = DatabaseTarget.of(credential, 3306, "mysql");
      target.requireAllowed(context.config());
    } catch (NotAllowedException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
    List<String> environments = EnvironmentNames.guess(target.host(), target.database());
    try (Connection connection = open(target, credential, context)) {
      return inspect(connection, target, environments);
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e.getErrorCode() == 1045 || state.equals("28000")) {
        return Grant.unresolved(
            unknown,
            environments,
            GrantStatus.INVALID,
            "MySQL at "
                + target.where()
                + " denies access to "
                + target.user()
                + ": password changed, user dropped or never valid",
            List.of());
      }
      if (state.startsWith("08")) {
        return Grant.unresolved(
            unknown,
            environments,
            GrantStatus.UNKNOWN,
            "cannot connect to MySQL at " + target.where() + ": " + message,
            List.of());
      }
      return Grant.unresolved(
          unknown,
          environments,
          GrantStatus.UNKNOWN,
          "MySQL at " + target.where() + " answered " + message,
          List.of());
    }
  }

  static Connection open(DatabaseTarget target, Credential credential, ResolveContext context)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", target.user());
    properties.setProperty("password", credential.secret().reveal());
    properties.setProperty(
        "connectTimeout", Long.toString(context.http().connectTimeout().toMillis()));
    properties.setProperty(
        "socketTimeout", Long.toString(context.http().requestTimeout().toMillis()));
    properties.setProperty("allowLocalInfile", "false");
    String url = "jdbc:mariadb://" + target.host() + ":" + target.port() + "/" + target.database();
    Connection connection = new org.mariadb.jdbc.Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("the MariaDB driver refused the address " + target.where(), "08001");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION TRANSACTION READ ONLY");
      connection.setReadOnly(true);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * The grants of the roles the user holds (and of their roles in turn): the user may activate them
   * with {@code SET ROLE}, so their privileges are the user's too.
   */
  private static List<String> roleGrants(
      Connection connection, List<String> roles, List<String> evidence) {
    List<String> lines = new ArrayList<>();
    java.util.Deque<String> pending = new java.util.ArrayDeque<>(roles);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!pending.isEmpty() && seen.size() < MAX_ROLES) {
      String role = pending.pop();
      if (!seen.add(role)) {
        continue;
      }
      if (!ROLE.matcher(role).matches()) {
        evidence.add("role " + role + " has an unusual name; its privileges were not read");
        continue;
      }
      List<String> granted;
      try {
        granted = grantsOfRole(connection, role);
      } catch (SQLException e) {
        evidence.add("privileges of role " + role + " not readable: " + e.getMessage());
        continue;
      }
      granted.forEach(line -> evidence.add("via role " + role + ": " + MySqlGrants.redact(line)));
      lines.addAll(granted);
      pending.addAll(MySqlGrants.roles(granted));
    }
    return lines;
  }

  /**
   * MySQL shows a granted role's privileges to its holder ({@code SHOW GRANTS FOR role}); MariaDB
   * only for the session's current role, so there the role is set for this session alone ({@code
   * SET ROLE}, which changes nothing stored), read with {@code SHOW GRANTS FOR CURRENT_ROLE}, and
   * unset.
   */
  private static List<String> grantsOfRole(Connection connection, String role) throws SQLException {
    try {
      return lines(connection, "SHOW GRANTS FOR " + role);
    } catch (SQLException mysqlWay) {
      if (role.contains("@")) {
        throw mysqlWay;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET ROLE " + role);
        try {
          return lines(connection, "SHOW GRANTS FOR CURRENT_ROLE");
        } finally {
          statement.execute("SET ROLE NONE");
        }
      }
    }
  }

  private static List<String> lines(Connection connection, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  private static Grant inspect(
      Connection connection, DatabaseTarget target, List<String> environments) throws SQLException {
    Map<String, String> details = new LinkedHashMap<>();
    String account;
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT CURRENT_USER(), VERSION()")) {
      row.next();
      account = row.getString(1);
      details.put("account", account);
      details.put("server_version", row.getString(2));
    }
    List<String> lines = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet grants = statement.executeQuery("SHOW GRANTS")) {
      while (grants.next()) {
        lines.add(grants.getString(1));
      }
    }
    List<String> databases = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet names = statement.executeQuery("SHOW DATABASES")) {
      while (names.next()) {
        String name = names.getString(1);
        if (!name.equalsIgnoreCase("information_schema")
            && !name.equalsIgnoreCase("performance_schema")) {
          databases.add(name);
        }
      }
    }
    List<String> evidence = new ArrayList<>();
    lines.forEach(line -> evidence.add(MySqlGrants.redact(line)));
    List<String> all = new ArrayList<>(lines);
    all.addAll(roleGrants(connection, MySqlGrants.roles(lines), evidence));
    List<Permission> permissions = MySqlGrants.permissions(all, databases);
    boolean admin =
        permissions.stream().anyMatch(p -> p.access() == Access.ADMIN && p.resource().equals("*"));
    Identity identity =
        new Identity(
            "mysql", target.user(), target.where(), admin ? "administrator" : "user", details);
    return new Grant(
        identity, environments, permissions, null, null, null, GrantStatus.ACTIVE, null, evidence);
  }
}
