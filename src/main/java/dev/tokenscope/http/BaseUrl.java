package dev.tokenscope.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules a provider's base URL must follow before a token is sent to it: https (plain http only
 * to the loopback interface, for the replay server and local tests), a host, and no user info,
 * query or fragment. Each of those would let the text of a URL send a request somewhere other than
 * it appears to: {@code http://api.github.com@127.0.0.1/} goes to 127.0.0.1, a {@code #} cuts the
 * path the allow-list checked, a query rides along on every call.
 */
public final class BaseUrl {
  private BaseUrl() {}

  /**
   * The URL, checked.
   *
   * @throws IllegalArgumentException with a message a user can act on
   */
  public static URI parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty: give a URL such as https://api.example.com");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
    }
    check(uri);
    return uri;
  }

  /**
   * Throws {@link IllegalArgumentException} unless the URI is one a token may be sent to: the check
   * of {@link #parse}, applied again to the final URI of every request.
   */
  public static void check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getRawUserInfo() != null
        || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
      throw new IllegalArgumentException(
          "'" + uri + "' holds user info (the part before '@' in the host): it is never sent");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + uri + "' has no host");
    }
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "'" + uri + "' has a query ('?'): give the base URL alone");
    }
    if (uri.getRawFragment() != null || uri.toString().contains("#")) {
      throw new IllegalArgumentException(
          "'" + uri + "' has a fragment ('#'): give the base URL alone");
    }
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return;
    }
    throw new IllegalArgumentException(
        "'"
            + uri
            + "' is not https: tokens are sent only over https (plain http only to 127.0.0.1 or localhost)");
  }

  /** True for a loopback address written as a literal, and for {@code localhost}. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    // Only literals: a name is never looked up here, so DNS cannot decide what counts as local.
    if (!h.matches("[0-9.]+") && !(h.contains(":") && h.matches("[0-9a-f:.]+"))) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
