package dev.tokenscope.store;

import java.nio.file.Path;

/** The default store location, and the form of a store URL that may be printed. */
public final class StoreUrls {
  /** The embedded store, relative to the folder tokenscope runs in. */
  public static final Path DEFAULT_DIR = Path.of(".tokenscope");

  private StoreUrls() {}

  /**
   * The embedded H2 store in {@code dir/history.mv.db}. AUTO_SERVER lets a second local process
   * (a parallel scan) use the same file instead of failing on its lock.
   */
  public static String embedded(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("history") + ";AUTO_SERVER=TRUE";
  }

  /** The URL with any password parameter hidden, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
  }
}
