package dev.tokenscope.cli;

/** A problem the user must fix (bad flag value, missing file): printed as one line, exit code 2. */
final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserException(String message) {
    super(message);
  }
}
