package dev.tokenscope.assess;

import dev.tokenscope.model.Location;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the place a token was found in says about the environment it belongs to: a file or folder
 * named for development, staging or tests ({@code .env.staging}, {@code config/dev.yml}, {@code
 * test/}), or a git location on a non-production branch, is non-production. A production-capable
 * token there is one environment too far.
 */
final class PlaceEnvironment {
  private static final Pattern NON_PRODUCTION =
      Pattern.compile(
          "(?i)(?:^|[/._-])(dev|develop|development|staging|stage|stg|test|tests|testing|qa|sandbox|local|preview|e2e|fixtures?)(?=$|[/._-])");
  private static final Pattern PRODUCTION =
      Pattern.compile("(?i)(?:^|[^a-z])(prod|production|live)(?:$|[^a-z])");

  private PlaceEnvironment() {}

  /** The non-production word a location's path (or branch, for git) is named with, if any. */
  static Optional<String> nonProduction(Location location) {
    // Only the last folders count: a checkout under ~/dev/ says nothing about the files in it.
    for (String text : new String[] {tail(location.path()), location.version()}) {
      if (text == null) {
        continue;
      }
      Matcher m = NON_PRODUCTION.matcher(text);
      if (m.find()) {
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private static String tail(String path) {
    if (path == null) {
      return null;
    }
    String[] parts = path.replace('\\', '/').split("/");
    int from = Math.max(0, parts.length - 3);
    return String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length));
  }

  static boolean isProduction(String environment) {
    return PRODUCTION.matcher(environment).find();
  }
}
