package dev.tokenscope.resolve.database;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the lines of MySQL's and MariaDB's {@code SHOW GRANTS} into permissions. {@code DROP} (or
 * {@code ALL PRIVILEGES}) on {@code *.*} or {@code db.*} allows {@code DROP DATABASE}; {@code WITH
 * GRANT OPTION}, {@code CREATE USER} and role administration change who may do what; {@code SUPER}
 * and the {@code *_ADMIN} privileges administer the server. Role grants ({@code GRANT `role` TO
 * `user`}) are reported as memberships.
 */
final class MySqlGrants {
  private static final Pattern PASSWORD =
      Pattern.compile(
          "(?i)(IDENTIFIED\\s+(?:BY\\s+PASSWORD|BY|VIA\\s+\\S+\\s+USING|WITH\\s+\\S+\\s+(?:AS|BY)))\\s+'(?:[^'\\\\]|\\\\.|'')*'");
  private static final Map<String, Access> ACCESS =
      Map.ofEntries(
          Map.entry("SELECT", Access.READ),
          Map.entry("SHOW VIEW", Access.READ),
          Map.entry("SHOW DATABASES", Access.LIST),
          Map.entry("PROCESS", Access.READ),
          Map.entry("REPLICATION CLIENT", Access.READ),
          Map.entry("REPLICATION SLAVE", Access.READ),
          Map.entry("BINLOG MONITOR", Access.READ),
          Map.entry("DELETE", Access.DELETE),
          Map.entry("DELETE HISTORY", Access.DELETE),
          Map.entry("DROP", Access.DELETE),
          Map.entry("DROP DATABASE", Access.DELETE),
          Map.entry("GRANT OPTION", Access.PERMISSIONS),
          Map.entry("CREATE USER", Access.PERMISSIONS),
          Map.entry("CREATE ROLE", Access.PERMISSIONS),
          Map.entry("DROP ROLE", Access.PERMISSIONS),
          Map.entry("ROLE_ADMIN", Access.PERMISSIONS),
          Map.entry("ALL PRIVILEGES", Access.ADMIN),
          Map.entry("SUPER", Access.ADMIN),
          Map.entry("SHUTDOWN", Access.ADMIN),
          Map.entry("RELOAD", Access.ADMIN),
          Map.entry("FILE", Access.ADMIN),
          Map.entry("SYSTEM_USER", Access.ADMIN),
          Map.entry("USAGE", Access.LIST));

  private MySqlGrants() {}

  /** A {@code SHOW GRANTS} line with any password or hash in it replaced, fit for evidence. */
  static String redact(String line) {
    return PASSWORD.matcher(line).replaceAll("$1 <redacted>");
  }

  /** The roles granted by the given lines, as the server quoted them ({@code `r1`@`%`}). */
  static List<String> roles(List<String> lines) {
    List<String> roles = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (!line.regionMatches(true, 0, "GRANT ", 0, 6)) {
        continue;
      }
      int on = indexOutsideQuotes(line, " ON ", 6);
      int to = indexOutsideQuotes(line, " TO ", 6);
      if (to > 0 && (on < 0 || on > to)) {
        roles.addAll(splitOutsideParentheses(line.substring(6, to)));
      }
    }
    return roles;
  }

  /** The permissions of the given lines; {@code databases} expands grants on {@code *.*}. */
  static List<Permission> permissions(List<String> lines, List<String> databases) {
    Set<Permission> out = new LinkedHashSet<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (!line.regionMatches(true, 0, "GRANT ", 0, 6)) {
        continue;
      }
      int on = indexOutsideQuotes(line, " ON ", 6);
      int to = indexOutsideQuotes(line, " TO ", 6);
      if (to < 0) {
        continue;
      }
      if (on < 0 || on > to) {
        for (String role : splitOutsideParentheses(line.substring(6, to))) {
          out.add(Permission.of("ROLE " + unquote(role.split("@")[0]), "*", Access.READ));
        }
        continue;
      }
      String object = line.substring(on + 4, to).strip();
      for (String kind : List.of("TABLE ", "FUNCTION ", "PROCEDURE ")) {
        if (object.toUpperCase(Locale.ROOT).startsWith(kind)) {
          object = object.substring(kind.length()).strip();
        }
      }
      String resource = resource(object);
      boolean databaseLevel = resource.equals("*") || !resource.contains(".");
      boolean grantOption =
          line.substring(to).toUpperCase(Locale.ROOT).contains("WITH GRANT OPTION");
      for (String privilege : splitOutsideParentheses(line.substring(6, on))) {
        String name = privilege.replaceAll("\\(.*\\)", "").strip().toUpperCase(Locale.ROOT);
        if (name.equals("ALL")) {
          name = "ALL PRIVILEGES";
        }
        if (name.equals("USAGE")) {
          continue;
        }
        out.add(Permission.of(name, resource, access(name)));
        if ((name.equals("DROP") || name.equals("ALL PRIVILEGES")) && databaseLevel) {
          if (resource.equals("*") && !databases.isEmpty()) {
            databases.forEach(db -> out.add(Permission.of("DROP DATABASE", db, Access.DELETE)));
          } else {
            out.add(Permission.of("DROP DATABASE", resource, Access.DELETE));
          }
        }
      }
      if (grantOption) {
        out.add(Permission.of("GRANT OPTION", resource, Access.PERMISSIONS));
      }
    }
    return new ArrayList<>(out);
  }

  static Access access(String privilege) {
    Access known = ACCESS.get(privilege);
    if (known != null) {
      return known;
    }
    if (privilege.endsWith("_ADMIN")) {
      return Access.ADMIN;
    }
    return Access.WRITE;
  }

  /**
   * {@code *.*} becomes {@code *}, {@code `shop`.*} {@code shop}, {@code `shop`.`orders`} {@code
   * shop.orders}.
   */
  static String resource(String object) {
    if (object.equals("*.*") || object.equals("*")) {
      return "*";
    }
    int dot = indexOutsideQuotes(object, ".", 0);
    String database = unquote(dot < 0 ? object : object.substring(0, dot));
    String table = dot < 0 ? "*" : unquote(object.substring(dot + 1));
    return table.equals("*") ? database : database + "." + table;
  }

  private static String unquote(String identifier) {
    String s = identifier.strip();
    if (s.length() >= 2
        && (s.charAt(0) == '`' || s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      String quote = String.valueOf(s.charAt(0));
      return s.substring(1, s.length() - 1).replace(quote + quote, quote);
    }
    return s;
  }

  private static int indexOutsideQuotes(String text, String needle, int from) {
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '`' || c == '\'' || c == '"') {
        quote = c;
      } else if (text.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> splitOutsideParentheses(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '`' || c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(current.toString().strip());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      parts.add(current.toString().strip());
    }
    return parts;
  }
}
