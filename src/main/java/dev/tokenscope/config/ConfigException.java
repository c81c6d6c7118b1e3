package dev.tokenscope.config;

/** A configuration or input file the user must fix; the message names the file and line. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
