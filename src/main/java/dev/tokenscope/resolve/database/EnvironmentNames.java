package dev.tokenscope.resolve.database;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The environment a database serves, guessed from its host and database names ({@code
 * db.prod.internal}, {@code shop_staging}): a database credential carries no other hint. A name
 * with no hint gives no environment rather than a wrong one.
 */
final class EnvironmentNames {
  private EnvironmentNames() {}

  static List<String> guess(String... names) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : names) {
      if (name == null) {
        continue;
      }
      for (String word : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (word.equals("prod")
            || word.equals("production")
            || word.equals("prd")
            || word.equals("live")) {
          out.add("production");
        } else if (word.startsWith("stag") || word.equals("stg") || word.equals("preprod")) {
          out.add("staging");
        } else if (word.equals("dev") || word.equals("development")) {
          out.add("development");
        } else if (word.equals("test") || word.equals("qa") || word.equals("ci")) {
          out.add("test");
        }
      }
    }
    return List.copyOf(out);
  }
}
