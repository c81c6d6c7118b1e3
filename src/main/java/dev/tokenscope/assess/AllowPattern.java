package dev.tokenscope.assess;

import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The globs of an inventory entry: {@code allow} entries ({@code ACTION} or {@code
 * ACTION@RESOURCE}, case-insensitive, {@code *} and {@code ?} as wildcards) and {@code stored_in}
 * places ({@code source:path} or a path; {@code **} crosses folders, {@code *} does not).
 */
final class AllowPattern {
  private AllowPattern() {}

  static boolean allows(List<String> allow, Permission permission) {
    for (String pattern : allow) {
      int at = pattern.lastIndexOf('@');
      String action = at < 0 ? pattern : pattern.substring(0, at);
      String resource = at < 0 ? "*" : pattern.substring(at + 1);
      if (RiskPolicy.globMatches(action, permission.action())
          && RiskPolicy.globMatches(resource, permission.resource())) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the location is one of the declared places (a path glob may match the end of the
   * path).
   */
  static boolean storedIn(List<String> places, Location location) {
    String path = location.path() == null ? "" : location.path().replace('\\', '/');
    String qualified = location.source() + ":" + path;
    for (String place : places) {
      Pattern glob = pathGlob(place);
      if (glob.matcher(qualified).matches()
          || glob.matcher(path).matches()
          || glob.matcher(qualified).lookingAt() && place.endsWith("/")) {
        return true;
      }
      if (!place.contains(":")
          && Pattern.compile("(?:^|.*/)" + glob.pattern()).matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern pathGlob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
