package dev.tokenscope.fleet;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Tokens for cloning, each bound to one host the user named (the host of a {@code --git-url}, of a
 * {@code --repos} entry, or of the GitHub/GitLab API they chose). A repository on any other host,
 * or reached over anything but HTTPS, is cloned without credentials, so a listing that points
 * elsewhere cannot collect the token.
 */
public final class GitCredentials {
  /** A token and the user name the host expects with it. */
  record HostToken(String username, String token) {}

  private final Map<String, HostToken> byHost = new HashMap<>();

  /** Binds a token to a host; a null or blank token binds nothing. */
  public GitCredentials allow(String host, String username, String token) {
    if (host != null && token != null && !token.isBlank()) {
      byHost.putIfAbsent(host.toLowerCase(Locale.ROOT), new HostToken(username, token.trim()));
    }
    return this;
  }

  /** The credentials for a clone URL, or null when none may be sent there. */
  CredentialsProvider forUrl(String url) {
    URI uri = uri(url);
    if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      return null;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    HostToken token = byHost.get(host);
    return token == null ? null : new HostBound(host, token);
  }

  /**
   * Answers only for its own host over HTTPS: JGit asks the provider again after a redirect, with
   * the new address, and a redirect to another host must not collect the token.
   */
  static final class HostBound extends UsernamePasswordCredentialsProvider {
    private final String host;

    HostBound(String host, HostToken token) {
      super(token.username(), token.token());
      this.host = host;
    }

    @Override
    public boolean get(
        org.eclipse.jgit.transport.URIish uri, org.eclipse.jgit.transport.CredentialItem... items) {
      boolean same =
          uri != null
              && "https".equalsIgnoreCase(uri.getScheme())
              && uri.getHost() != null
              && uri.getHost().equalsIgnoreCase(host);
      return same && super.get(uri, items);
    }
  }

  /** The host of a URL, or null for local paths and scp-like addresses. */
  public static String host(String url) {
    URI uri = uri(url);
    return uri == null ? null : uri.getHost();
  }

  private static URI uri(String url) {
    try {
      return URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
