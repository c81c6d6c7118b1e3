package dev.tokenscope.resolve.database;

import dev.tokenscope.config.Config;
import dev.tokenscope.model.Credential;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a database credential points (host, port, database, user), checked against the hosts the
 * user allowed. Scanned content chooses the host, so tokenscope connects only to hosts matching a
 * {@code database.allow_hosts} glob in the configuration: none by default.
 */
record DatabaseTarget(String host, int port, String database, String user) {
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$.-]{1,128}");

  /** The target of a credential, or an explanation of why there is none. */
  static DatabaseTarget of(Credential credential, int defaultPort, String defaultDatabase)
      throws NotAllowedException {
    String host = credential.attribute("host");
    String user = credential.attribute("user");
    if (host == null || host.isBlank() || user == null || user.isBlank()) {
      throw new NotAllowedException(
          "the connection string has no "
              + (host == null || host.isBlank() ? "host" : "user")
              + ", so there is nothing to check");
    }
    if (!HOST.matcher(host).matches()) {
      throw new NotAllowedException(
          "host '" + host + "' is not a plain host name or address; not connecting");
    }
    int port = defaultPort;
    String portText = credential.attribute("port");
    if (portText != null && !portText.isBlank()) {
      try {
        port = Integer.parseInt(portText.strip());
      } catch (NumberFormatException e) {
        throw new NotAllowedException("port '" + portText + "' is not a number; not connecting");
      }
      if (port < 1 || port > 65535) {
        throw new NotAllowedException("port " + port + " is out of range; not connecting");
      }
    }
    String database = credential.attribute("database");
    if (database == null || database.isBlank()) {
      database = defaultDatabase;
    }
    if (!DATABASE.matcher(database).matches()) {
      throw new NotAllowedException(
          "database name '"
              + database
              + "' holds characters tokenscope does not pass on; not connecting");
    }
    return new DatabaseTarget(host, port, database, user);
  }

  /** Throws unless the host matches one of the configured globs. */
  void requireAllowed(Config config) throws NotAllowedException {
    List<String> globs = config.database().allowHosts();
    for (String glob : globs) {
      if (globMatches(glob, host)) {
        return;
      }
    }
    throw new NotAllowedException(
        "database resolution is off for host "
            + host
            + ": scanned content chooses the host, so tokenscope connects only to hosts listed in database.allow_hosts of .tokenscope.yaml"
            + (globs.isEmpty() ? " (empty)" : " " + globs));
  }

  static boolean globMatches(String glob, String host) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      regex.append(c == '*' ? "[^/]*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.matches(regex.toString(), host.toLowerCase(Locale.ROOT));
  }

  String where() {
    return host + ":" + port + "/" + database;
  }

  /** A database credential that tokenscope will not, or cannot, try. */
  static final class NotAllowedException extends Exception {
    private static final long serialVersionUID = 1L;

    NotAllowedException(String message) {
      super(message);
    }
  }
}
