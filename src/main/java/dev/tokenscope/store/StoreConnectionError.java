package dev.tokenscope.store;

import java.sql.SQLException;

/**
 * The one sentence for a scan store that could not be reached, with the next step. Flyway words a
 * failed connection as "Unable to obtain connection from database (…) for user 'null': …", which
 * names a user nobody chose (no {@code TOKENSCOPE_STORE_USER} was set) and hides what to do; the
 * driver's own first sentence and the SQLState class say what went wrong.
 */
final class StoreConnectionError {
  private StoreConnectionError() {}

  /** The driver's error under {@code e}, if it failed to connect; else null. */
  static SQLException driverError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /**
   * "cannot connect to the scan store URL as USER: what the driver said; what to do".
   *
   * @param shown the store URL with any password hidden
   * @param user the user from {@link ScanStore#USER_ENV}, or null when it is not set
   * @param embedded an H2 file store, which has no server and no user to speak of
   */
  static String sentence(String shown, String user, SQLException e, boolean embedded) {
    if (embedded) {
      return "cannot open the scan store "
          + shown
          + ": "
          + said(e)
          + "; check that its folder exists or can be created, and that you may write there";
    }
    String as =
        user == null
            ? " (" + ScanStore.USER_ENV + " is not set, so the driver's default user was used)"
            : " as user " + user;
    return "cannot connect to the scan store " + shown + as + ": " + said(e) + "; " + nextStep(e);
  }

  private static String nextStep(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("28")) {
      return "set "
          + ScanStore.USER_ENV
          + " and "
          + ScanStore.PASSWORD_ENV
          + " to a user of that database who may create tables";
    }
    if (state.startsWith("08")) {
      return "check the host and port in --store, and that the database server is running";
    }
    if (state.equals("3D000")) {
      return "create the database first (createdb), or name an existing one in --store";
    }
    return "check the --store URL and the database server";
  }

  /** The driver's first sentence, with any password in it hidden. */
  private static String said(SQLException e) {
    String message = e.getMessage() == null ? "no detail given" : e.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    int stop = message.indexOf(". ");
    if (stop >= 0) {
      message = message.substring(0, stop);
    }
    if (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    return StoreUrls.redact(message);
  }
}
