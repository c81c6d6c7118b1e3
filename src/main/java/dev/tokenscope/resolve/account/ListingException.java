package dev.tokenscope.resolve.account;

/**
 * One listing of an account could not be read: the message says what was not listed and why (a
 * refused call, a missing snapshot file, a rate limit that did not clear), never any secret.
 */
public final class ListingException extends Exception {
  private final boolean refusedCredential;

  public ListingException(String message, boolean refusedCredential) {
    super(message);
    this.refusedCredential = refusedCredential;
  }

  public ListingException(String message) {
    this(message, false);
  }

  /** True when the provider refused the auditor's credential itself (nothing else will work). */
  public boolean refusedCredential() {
    return refusedCredential;
  }
}
