package dev.tokenscope.store;

/**
 * The scan store could not be opened, migrated, read or written; the message says which and why.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
