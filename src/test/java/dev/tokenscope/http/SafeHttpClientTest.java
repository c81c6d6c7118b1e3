package dev.tokenscope.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one HTTP layer every provider call goes through: what it refuses, and how it retries. */
class SafeHttpClientTest {
  private static final AllowList ALLOWED =
      AllowList.of(
          "acme",
          AllowedRequest.get("/v1/me"),
          AllowedRequest.get("/v1/projects/[^/]+"),
          AllowedRequest.graphqlQuery("/graphql", "Me"));

  private ReplayServer server;
  private SafeHttpClient client;

  @BeforeEach
  void start() throws Exception {
    server =
        ReplayServer.of(
            List.of(
                ReplayServer.Exchange.answer("acme", "GET", "/v1/me", 200, "{\"id\":\"u1\"}"),
                new ReplayServer.Exchange(
                    "acme",
                    "POST",
                    "/graphql",
                    "Me",
                    null,
                    200,
                    Map.of(),
                    "{\"data\":{\"me\":{\"id\":\"u1\"}}}"),
                new ReplayServer.Exchange(
                    "acme",
                    "GET",
                    "/v1/projects/p1",
                    null,
                    null,
                    302,
                    Map.of("Location", "http://evil.invalid/steal"),
                    "")));
    client = new SafeHttpClient(server.baseUrl("acme"), ALLOWED, HttpSettings.fast());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAllowedReadReachesTheProvider() throws Exception {
    HttpResult result = client.get("/v1/me", Map.of("Authorization", "Bearer t"));
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).contains("u1");
  }

  @Test
  void aRequestOffTheAllowListIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(
            () -> client.post("/v1/projects/p1/delete", "{}", "application/json", Map.of()))
        .isInstanceOf(RefusedRequestException.class)
        .hasMessageContaining("POST /v1/projects/p1/delete");
    assertThatThrownBy(() -> client.get("/v1/admin", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aPathPatternCannotBeStretchedWithExtraSegments() {
    assertThatThrownBy(() -> client.get("/v1/projects/p1/../../admin", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> client.get("/v1/projects/..", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> client.get("/v1/projects/%2e%2e", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aGraphqlMutationIsRefusedEvenUnderAnAllowedOperationName() {
    assertThatThrownBy(
            () ->
                client.graphql(
                    "/graphql",
                    "Me",
                    "mutation Me { volumeDelete(volumeId: \"v\") }",
                    Map.of(),
                    Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(
            () ->
                client.graphql(
                    "/graphql",
                    "Me",
                    "query Me { me { id } } mutation X { projectDelete(id: \"p\") }",
                    Map.of(),
                    Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aNamedQueryOnTheListIsSentWithItsOperationName() throws Exception {
    HttpResult result =
        client.graphql("/graphql", "Me", "query Me { me { id } }", Map.of(), Map.of());
    assertThat(result.body()).contains("\"me\"");
    assertThat(server.received())
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("\"operationName\":\"Me\""));
  }

  @Test
  void redirectsAreNotFollowedSoATokenNeverLeavesForAnotherHost() throws Exception {
    HttpResult result = client.get("/v1/projects/p1", Map.of("Authorization", "Bearer t"));
    assertThat(result.status()).isEqualTo(302);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void rateLimitingIsRetriedAndThenReportedAsUnreachable() {
    server.prepend(
        new ReplayServer.Exchange(
            "acme", "GET", "/v1/me", null, null, 429, Map.of("Retry-After", "0"), "{}"));
    assertThatThrownBy(() -> client.get("/v1/me", Map.of()))
        .isInstanceOf(ProviderUnreachableException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("rate limited");
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void aClosedPortIsUnreachableWithTheReason() throws Exception {
    java.net.URI closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    SafeHttpClient nowhere = new SafeHttpClient(closed, ALLOWED, HttpSettings.fast());
    assertThatThrownBy(() -> nowhere.get("/v1/me", Map.of()))
        .isInstanceOf(ProviderUnreachableException.class)
        .hasMessageContaining("did not answer");
  }

  @Test
  void aBaseUrlWithUserInfoIsRefusedBeforeAnythingIsSent() {
    String hidden = "http://api.github.com@127.0.0.1:" + server.baseUrl("acme").getPort() + "/acme";
    assertThatThrownBy(
            () -> new SafeHttpClient(java.net.URI.create(hidden), ALLOWED, HttpSettings.fast()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aFragmentInAPathCannotChangeThePathSent() {
    assertThatThrownBy(() -> client.get("/v1/projects/p1#/../../admin", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> client.get("/v1/me#x", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThatThrownBy(() -> client.get("//evil.example/v1/me", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void theAllowListIsCheckedAgainstThePathActuallySent() throws Exception {
    // "%2F" stays encoded in the URI sent, so the pattern sees exactly what the server sees.
    assertThatThrownBy(() -> client.get("/v1/projects/p1/../../me", Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(client.get("/v1/me?fields=id", Map.of()).status()).isEqualTo(200);
    assertThat(server.received())
        .singleElement()
        .satisfies(r -> assertThat(r.query()).isEqualTo("fields=id"));
  }

  @Test
  void plainHttpIsOnlyForLoopback() {
    assertThatThrownBy(
            () ->
                new SafeHttpClient(
                    java.net.URI.create("http://api.example.com"), ALLOWED, HttpSettings.fast()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThat(BaseUrl.isLoopback("127.0.0.1")).isTrue();
    assertThat(BaseUrl.isLoopback("[::1]")).isTrue();
    assertThat(BaseUrl.isLoopback("localhost")).isTrue();
    assertThat(BaseUrl.isLoopback("cafe")).isFalse();
    assertThat(BaseUrl.isLoopback("127.0.0.1.evil.example")).isFalse();
  }
}
