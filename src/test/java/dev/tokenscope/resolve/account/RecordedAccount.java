package dev.tokenscope.resolve.account;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.resolve.ResolveContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A recorded account served by a {@link ReplayServer}, with the resolve context that points one
 * provider at it: what every account-audit test starts from.
 */
public record RecordedAccount(ReplayServer server, ResolveContext context)
    implements AutoCloseable {
  /** The instant the recorded accounts are audited at. */
  public static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

  public static RecordedAccount of(String resourceDir, String provider) {
    Path path = Path.of(resourceDir);
    return of(path.isAbsolute() ? path : resource(resourceDir), provider);
  }

  public static RecordedAccount of(Path dir, String provider) {
    try {
      ReplayServer server = ReplayServer.fromDirectory(dir);
      Config config =
          Config.empty().withBaseUrls(Map.of(provider, server.baseUrl(provider).toString()));
      return new RecordedAccount(
          server,
          new ResolveContext(config, Clock.fixed(NOW, ZoneOffset.UTC), HttpSettings.fast()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path resource(String dir) {
    try {
      return Path.of(RecordedAccount.class.getClassLoader().getResource(dir).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
