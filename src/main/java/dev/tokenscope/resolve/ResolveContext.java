package dev.tokenscope.resolve;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.SafeHttpClient;
import java.net.URI;
import java.time.Clock;

/**
 * What a resolver needs from outside: the configuration (base URLs, allowed database hosts), the
 * clock (so ages and staleness are testable), and the HTTP settings.
 */
public record ResolveContext(Config config, Clock clock, HttpSettings http) {

  public static ResolveContext of(Config config) {
    return new ResolveContext(config, Clock.systemUTC(), HttpSettings.defaults());
  }

  /**
   * An HTTP client for a provider, at its configured base URL (else the public default), limited to
   * the given allow-list.
   */
  public SafeHttpClient client(AllowList allowList, String defaultBaseUrl) {
    return new SafeHttpClient(
        URI.create(config.baseUrl(allowList.provider(), defaultBaseUrl)), allowList, http);
  }
}
