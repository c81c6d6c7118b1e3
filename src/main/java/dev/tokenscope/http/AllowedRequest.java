package dev.tokenscope.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One request a resolver or store reader may send: an HTTP method and a path pattern (a regex over
 * the path, without the query string), or, for GraphQL, the name of a query operation.
 */
public record AllowedRequest(String method, Pattern path, String graphqlOperation) {

  public static AllowedRequest get(String pathRegex) {
    return new AllowedRequest("GET", Pattern.compile(pathRegex), null);
  }

  public static AllowedRequest head(String pathRegex) {
    return new AllowedRequest("HEAD", Pattern.compile(pathRegex), null);
  }

  /**
   * A POST that does not change anything on the provider (Slack's {@code auth.test}, Vault's {@code
   * sys/capabilities-self}, AWS query-API reads). Each use must say in its resolver why it is
   * read-only.
   */
  public static AllowedRequest readOnlyPost(String pathRegex) {
    return new AllowedRequest("POST", Pattern.compile(pathRegex), null);
  }

  /** A GraphQL query (never a mutation) sent by POST to the given path. */
  public static AllowedRequest graphqlQuery(String pathRegex, String operationName) {
    return new AllowedRequest("POST", Pattern.compile(pathRegex), operationName);
  }

  boolean permits(String method, String requestPath, String operation) {
    if (!this.method.equals(method.toUpperCase(Locale.ROOT))
        || !path.matcher(requestPath).matches()) {
      return false;
    }
    return graphqlOperation == null ? operation == null : graphqlOperation.equals(operation);
  }
}
