package dev.tokenscope.resolve.database;

import static dev.tokenscope.resolve.ProviderFixture.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.resolve.ProviderFixture;
import dev.tokenscope.resolve.ResolveContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection rules of the MySQL resolver; grant mapping is in {@link MySqlGrantsTest}. */
class MySqlResolverTest {
  private static final ResolveContext ALLOWED =
      ProviderFixture.context(
          new Config(null, null, null, new Config.Database(List.of("localhost")), null));
  private final MySqlResolver resolver = new MySqlResolver();

  @Test
  void hostNotAllowedIsNeverContacted() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(300);
      Credential elsewhere =
          credential(
              "mysql",
              "mysql.connection-string",
              "s3cret",
              Map.of(
                  "user",
                  "app",
                  "host",
                  "127.0.0.1",
                  "port",
                  Integer.toString(listener.getLocalPort()),
                  "database",
                  "shop"));

      Grant grant = resolver.resolve(elsewhere, ALLOWED);
      boolean connected;
      try {
        listener.accept().close();
        connected = true;
      } catch (SocketTimeoutException expected) {
        connected = false;
      }

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("database resolution is off for host 127.0.0.1");
      assertThat(connected).isFalse();
    }
  }

  @Test
  void closedPortIsUnknownWithTheReason() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Credential closed =
        credential(
            "mysql",
            "mysql.connection-string",
            "s3cret",
            Map.of(
                "user",
                "app",
                "host",
                "localhost",
                "port",
                Integer.toString(port),
                "database",
                "shop"));

    Grant grant = resolver.resolve(closed, ALLOWED);

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).startsWith("cannot connect to MySQL at localhost:" + port);
    assertThat(grant.toString()).doesNotContain("s3cret");
  }

  @Test
  void hostWithUnexpectedCharactersIsRefused() {
    Credential odd =
        credential(
            "mysql",
            "mysql.connection-string",
            "s3cret",
            Map.of(
                "user", "app", "host", "localhost/?allowLoadLocalInfile=true", "database", "shop"));

    assertThat(resolver.resolve(odd, ALLOWED).statusReason()).contains("not a plain host name");
  }
}
