package dev.tokenscope.resolve;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.ReplayServer.Exchange;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures shared by the provider resolver tests: credentials, recorded answers, contexts. */
public final class ProviderFixture {
  public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private ProviderFixture() {}

  public static Credential credential(String provider, String ruleId, String secret) {
    return credential(provider, ruleId, secret, Map.of());
  }

  public static Credential credential(
      String provider, String ruleId, String secret, Map<String, String> attributes) {
    return Credential.found(ruleId, provider, new Secret(secret), attributes, List.<Location>of());
  }

  /** A context whose base URLs for the given providers point at the replay server. */
  public static ResolveContext context(ReplayServer server, String... providers) {
    Map<String, String> urls = new HashMap<>();
    for (String provider : providers) {
      urls.put(provider, server.baseUrl(provider).toString());
    }
    return context(Config.empty().withBaseUrls(urls));
  }

  public static ResolveContext context(Config config) {
    return new ResolveContext(config, Clock.fixed(NOW, ZoneOffset.UTC), HttpSettings.fast());
  }

  /** A context whose provider base URL is a loopback port nothing listens on. */
  public static ResolveContext unreachable(String provider) {
    return context(
        Config.empty().withBaseUrls(Map.of(provider, "http://127.0.0.1:" + closedPort())));
  }

  public static Exchange answer(
      String provider, String method, String path, int status, String body) {
    return new Exchange(provider, method, path, null, null, status, Map.of(), body);
  }

  public static Exchange answer(
      String provider,
      String method,
      String path,
      int status,
      String body,
      Map<String, String> headers) {
    return new Exchange(provider, method, path, null, null, status, headers, body);
  }

  public static Exchange answerQuery(
      String provider, String method, String path, String query, int status, String body) {
    return new Exchange(provider, method, path, null, query, status, Map.of(), body);
  }

  public static Exchange htmlPage(String provider, String method, String path, int status) {
    return new Exchange(
        provider,
        method,
        path,
        null,
        null,
        status,
        Map.of("Content-Type", "text/html"),
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>");
  }

  /** The text of a test resource, e.g. {@code resolve/github/user.json}. */
  public static String resource(String path) {
    try (InputStream in = ProviderFixture.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ReplayServer serve(Exchange... exchanges) throws IOException {
    return ReplayServer.of(List.of(exchanges));
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GitHub/npm style token: prefix, 30 base62 characters, their CRC32 checksum. */
  public static String checksummed(String prefix, String random30) {
    if (random30.length() != 30) {
      throw new IllegalArgumentException("need 30 characters");
    }
    return prefix + random30 + TokenChecksum.encode(random30);
  }
}
