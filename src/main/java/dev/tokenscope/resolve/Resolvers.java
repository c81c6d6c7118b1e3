package dev.tokenscope.resolve;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.resolve.railway.RailwayResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every resolver tokenscope has. A provider is added by one line here. */
public final class Resolvers {
  private final List<Resolver> resolvers;

  public Resolvers(List<Resolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
  }

  /** All built-in resolvers. */
  public static Resolvers builtIn() {
    return new Resolvers(
        dev.tokenscope.resolve.liveness.LivenessResolver.after(
            List.of(
                new RailwayResolver(),
                new dev.tokenscope.resolve.aws.AwsResolver(),
                new dev.tokenscope.resolve.gcp.GcpResolver(),
                new dev.tokenscope.resolve.github.GitHubResolver(),
                new dev.tokenscope.resolve.gitlab.GitLabResolver(),
                new dev.tokenscope.resolve.slack.SlackResolver(),
                new dev.tokenscope.resolve.stripe.StripeResolver(),
                new dev.tokenscope.resolve.vault.VaultResolver(),
                new dev.tokenscope.resolve.npm.NpmResolver(),
                new dev.tokenscope.resolve.openai.OpenAiResolver(),
                new dev.tokenscope.resolve.anthropic.AnthropicResolver(),
                new dev.tokenscope.resolve.huggingface.HuggingFaceResolver(),
                new dev.tokenscope.resolve.database.PostgresResolver(),
                new dev.tokenscope.resolve.database.MySqlResolver())));
  }

  public Optional<Resolver> forCredential(Credential credential) {
    return resolvers.stream().filter(r -> r.canResolve(credential)).findFirst();
  }

  /** Resolves a credential, or says that no resolver exists for it. */
  public Grant resolve(Credential credential, ResolveContext context) {
    return forCredential(credential)
        .map(r -> r.resolve(credential, context))
        .orElseGet(
            () ->
                Grant.unresolved(
                    new Identity(credential.provider(), null, null, null, Map.of()),
                    GrantStatus.UNKNOWN,
                    "tokenscope has no resolver for "
                        + credential.provider()
                        + " credentials yet"));
  }

  public List<Resolver> all() {
    return resolvers;
  }
}
