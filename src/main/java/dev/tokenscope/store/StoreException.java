package dev.tokenscope.store;

import java.sql.SQLException;

/**
 * The scan store could not be opened, migrated, read or written; the message says which and why.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the database could not be reached (even after trying again), not a refused write. */
  public boolean unreachable() {
    return getCause() instanceof SQLException sql && ScanStore.connectionLost(sql);
  }
}
