package dev.tokenscope.resolve;

import static dev.tokenscope.resolve.ProviderFixture.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.resolve.SequenceServer.Answer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every SaaS resolver, against a provider that keeps answering 429: retried, then UNKNOWN. */
class RateLimitedProvidersTest {

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of(
            "github", ProviderFixture.checksummed("ghp_", "R8kT2mQ9vX4nL7pW1sY6cF3hJ0dG5b")),
        Arguments.of("gitlab", "glpat-Xy7vQ2mR9kL4nP8sT1wZ"),
        Arguments.of("slack", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
        Arguments.of("stripe", "sk_test_51Nv0FGQ9RKHgCVdKaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        Arguments.of("vault", "hvs.CAESIJ7l3tZ2kq8Xy7vQ2mR9kL4nP8sT1wZabcdEFGH"),
        Arguments.of("npm", ProviderFixture.checksummed("npm_", "Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC")),
        Arguments.of(
            "openai", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zT3BlbkFJZz9yXx8wVv7uUt6sSr5qQp4o"),
        Arguments.of(
            "anthropic",
            "sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zQq-AbCdEfAA"),
        Arguments.of("huggingface", "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void exhaustedRateLimitIsUnknownAfterTheRetries(String provider, String token) throws Exception {
    try (SequenceServer server =
        new SequenceServer(
            List.of(new Answer(429, Map.of("Retry-After", "0"), "{\"error\":\"rate limited\"}")))) {
      ResolveContext context =
          ProviderFixture.context(Config.empty().withBaseUrls(Map.of(provider, server.baseUrl())));

      Grant grant =
          Resolvers.builtIn().resolve(credential(provider, provider + ".token", token), context);

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("HTTP 429 (rate limited)");
      assertThat(server.requests()).isEqualTo(HttpSettings.fast().maxAttempts());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void rateLimitThatClearsIsRetriedAndTheTokenResolved(String provider, String token)
      throws Exception {
    try (SequenceServer server =
        new SequenceServer(
            List.of(
                new Answer(429, Map.of("Retry-After", "0"), "{}"),
                new Answer(401, Map.of(), "{}")))) {
      ResolveContext context =
          ProviderFixture.context(Config.empty().withBaseUrls(Map.of(provider, server.baseUrl())));

      Grant grant =
          Resolvers.builtIn().resolve(credential(provider, provider + ".token", token), context);

      // The second answer (401) is the provider's verdict, so the retry reached it.
      assertThat(server.requests()).isGreaterThanOrEqualTo(2);
      assertThat(grant.statusReason()).doesNotContain("429");
    }
  }
}
