package dev.tokenscope.store;

import java.nio.file.Path;

/** The default store location, and the form of a store URL that may be printed. */
public final class StoreUrls {
  /** The embedded store, relative to the folder tokenscope runs in. */
  public static final Path DEFAULT_DIR = Path.of(".tokenscope");

  private StoreUrls() {}

  /**
   * The embedded H2 store in {@code dir/history.mv.db}. One process uses it at a time (H2's file
   * lock; no AUTO_SERVER, which would open a network port); concurrent writers use PostgreSQL.
   */
  public static String embedded(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("history");
  }

  /** The URL with any password parameter hidden, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
  }
}
