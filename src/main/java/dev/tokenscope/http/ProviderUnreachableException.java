package dev.tokenscope.http;

import java.io.IOException;

/**
 * The provider could not be asked: the network failed, it timed out, or it kept answering 429 or
 * 5xx after the retries. Resolvers turn it into a grant with status {@code UNKNOWN} and this
 * message as the reason.
 */
public final class ProviderUnreachableException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProviderUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
