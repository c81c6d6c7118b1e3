package dev.tokenscope.resolve;

/**
 * A provider answered, but not with what its API documents (an HTML error page from a proxy, an
 * empty body, a status the resolver does not know). Resolvers turn it into a grant with status
 * {@code UNKNOWN} and this message as the reason.
 */
public final class UnexpectedAnswerException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnexpectedAnswerException(String message) {
    super(message);
  }
}
