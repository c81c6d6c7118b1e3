package dev.tokenscope.http;

/**
 * A request that is not on a provider's read-only allow-list. This is a programming error in
 * tokenscope, never a user error: it is thrown, not swallowed, so tests see it.
 */
public final class RefusedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RefusedRequestException(String provider, String what) {
    super("refused " + what + " to " + provider + ": not on its read-only allow-list");
  }
}
