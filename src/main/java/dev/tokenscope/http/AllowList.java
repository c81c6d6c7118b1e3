package dev.tokenscope.http;

import java.util.List;

/**
 * The exact requests one provider integration may send. {@link SafeHttpClient} refuses anything
 * else before it reaches the network, so a bug or a hostile input cannot make tokenscope change
 * anything at a provider.
 */
public record AllowList(String provider, List<AllowedRequest> requests) {

  public AllowList {
    requests = List.copyOf(requests);
  }

  public static AllowList of(String provider, AllowedRequest... requests) {
    return new AllowList(provider, List.of(requests));
  }

  /** Throws {@link RefusedRequestException} unless the request is on the list. */
  public void check(String method, String path, String graphqlOperation) {
    if (escapesItsPattern(path)) {
      throw new RefusedRequestException(
          provider, method + " " + path + " (dot segments are never sent)");
    }
    for (AllowedRequest allowed : requests) {
      if (allowed.permits(method, path, graphqlOperation)) {
        return;
      }
    }
    String what =
        graphqlOperation == null
            ? method + " " + path
            : "GraphQL operation " + graphqlOperation + " at " + path;
    throw new RefusedRequestException(provider, what);
  }

  /**
   * True for a path a server could resolve to somewhere its pattern did not mean: {@code ..} or
   * {@code .} segments, plain or encoded, and backslashes (a provider id from an API answer could
   * hold them). An encoded slash alone is allowed: GitLab names nested groups that way.
   */
  private static boolean escapesItsPattern(String path) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("/../")
        || lower.endsWith("/..")
        || lower.contains("/./")
        || lower.contains("%5c")
        || lower.contains("%2e")
        || lower.contains("\\");
  }
}
