package dev.tokenscope.model;

import java.nio.file.Path;

/**
 * tokenscope's folder for the user's own settings and keys: the system property {@code
 * tokenscope.config.dir} (tests, which must never write into a real home), else {@code
 * TOKENSCOPE_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/tokenscope}, else {@code
 * ~/.config/tokenscope}. Nothing in a scanned tree can name it.
 */
public final class UserFolder {
  public static final String PROPERTY = "tokenscope.config.dir";
  public static final String VARIABLE = "TOKENSCOPE_CONFIG_DIR";

  private UserFolder() {}

  public static Path path() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String variable = System.getenv(VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return Path.of(variable);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "tokenscope");
    }
    return Path.of(System.getProperty("user.home"), ".config", "tokenscope");
  }
}
