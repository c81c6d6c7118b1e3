package dev.tokenscope.source;

/** An input that could not be read, or a rule or config that could not be loaded. */
public record Problem(String where, String message) {

  @Override
  public String toString() {
    return where + ": " + message;
  }
}
