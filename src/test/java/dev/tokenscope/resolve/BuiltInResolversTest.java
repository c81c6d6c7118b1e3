package dev.tokenscope.resolve;

import static dev.tokenscope.resolve.ProviderFixture.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.PolicySet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInResolversTest {
  private static final List<String> PROVIDERS =
      List.of(
          "github",
          "gitlab",
          "slack",
          "stripe",
          "vault",
          "npm",
          "openai",
          "anthropic",
          "huggingface",
          "postgresql",
          "mysql");

  @Test
  void everySaasAndDatabaseProviderHasAResolverAndARiskPolicy() {
    Resolvers resolvers = Resolvers.builtIn();
    PolicySet policies = PolicySet.bundled();
    for (String provider : PROVIDERS) {
      assertThat(resolvers.forCredential(credential(provider, provider + ".token", "x")))
          .as(provider)
          .hasValueSatisfying(r -> assertThat(r.provider()).isEqualTo(provider));
      assertThat(policies.forProvider(provider)).as(provider).isNotEmpty();
    }
  }

  @Test
  void databaseCredentialIsNotResolvedUnlessItsHostIsAllowed() {
    var grant =
        Resolvers.builtIn()
            .resolve(
                credential(
                    "postgresql",
                    "postgresql.uri",
                    "pw",
                    java.util.Map.of("user", "u", "host", "db.prod.example")),
                ProviderFixture.context(dev.tokenscope.config.Config.empty()));

    assertThat(grant.status()).isEqualTo(dev.tokenscope.model.GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("database.allow_hosts");
  }
}
