package dev.tokenscope.resolve;

import static dev.tokenscope.resolve.ProviderFixture.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorded exchanges in {@code resolve/replay/} (the format {@code --replay} reads) drive every
 * SaaS resolver through the registry, as a scan would, and the policies categorize the result.
 */
class RecordedExchangesTest {
  private static final Map<String, String> TOKENS =
      Map.of(
          "github", ProviderFixture.checksummed("ghp_", "R8kT2mQ9vX4nL7pW1sY6cF3hJ0dG5b"),
          "gitlab", "glpat-Xy7vQ2mR9kL4nP8sT1wZ",
          "slack", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
          "stripe", "sk_live_51Nv0FGQ9RKHgCVdKaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
          "vault", "hvs.CAESIJ7l3tZ2kq8Xy7vQ2mR9kL4nP8sT1wZabcdEFGH",
          "npm", ProviderFixture.checksummed("npm_", "Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC"),
          "openai",
              "sk-admin-Qp4oRs8tUv1wXy4zAb3dEf6hIj9kLm2nQp4oRs8tUv1wXy4zAb3dEf6hIj9kLm2nT3BlbkFJMm3nNo4pP",
          "anthropic",
              "sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zQq-AbCdEfAA",
          "huggingface", "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh");

  @Test
  void everyProviderResolvesFromTheRecordingAndDangerousGrantsAreCategorized() throws Exception {
    Path dir =
        Path.of(getClass().getClassLoader().getResource("resolve/replay/exchanges.yaml").toURI())
            .getParent();
    try (ReplayServer server = ReplayServer.fromDirectory(dir)) {
      ResolveContext context =
          ProviderFixture.context(server, TOKENS.keySet().toArray(String[]::new));
      PolicySet policies = PolicySet.bundled();
      for (Map.Entry<String, String> token : TOKENS.entrySet()) {
        Grant grant =
            Resolvers.builtIn()
                .resolve(
                    credential(token.getKey(), token.getKey() + ".token", token.getValue()),
                    context);

        assertThat(grant.status())
            .as(token.getKey() + ": " + grant.statusReason())
            .isEqualTo(GrantStatus.ACTIVE);
        assertThat(grant.permissions()).as(token.getKey()).isNotEmpty();
      }
      assertThat(server.unmatched()).isEmpty();

      Grant github =
          Resolvers.builtIn()
              .resolve(credential("github", "github.token", TOKENS.get("github")), context);
      assertThat(policies.categorize("github", github.permissions()))
          .containsKeys(RiskCategory.DESTRUCTIVE, RiskCategory.ADMIN_EQUIVALENT);
      Grant vault =
          Resolvers.builtIn()
              .resolve(credential("vault", "vault.token", TOKENS.get("vault")), context);
      assertThat(policies.categorize("vault", vault.permissions()))
          .containsKey(RiskCategory.ADMIN_EQUIVALENT);
    }
  }
}
