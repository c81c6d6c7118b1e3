package dev.tokenscope.resolve;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.resolve.railway.RailwayResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every resolver tokenscope has. A provider is added by one line here. The list is made on first
 * use: some resolvers load large catalogs (AWS actions, GCP roles) and SDK classes, which a scan
 * that resolves nothing must not pay for at start-up.
 */
public final class Resolvers {
  private final Supplier<List<Resolver>> make;
  private volatile List<Resolver> resolvers;

  public Resolvers(List<Resolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
    this.make = null;
  }

  private Resolvers(Supplier<List<Resolver>> make) {
    this.make = make;
  }

  /** Resolvers that {@code make} creates when they are first asked for, once. */
  public static Resolvers lazy(Supplier<List<Resolver>> make) {
    return new Resolvers(make);
  }

  /** All built-in resolvers, created on first use. */
  public static Resolvers builtIn() {
    return lazy(Resolvers::createBuiltIn);
  }

  /**
   * All built-in resolvers with the user's own liveness checks ({@code --rules DIR/liveness})
   * before the shipped ones, created on first use.
   */
  public static Resolvers builtIn(List<Resolver> userLiveness) {
    List<Resolver> user = List.copyOf(userLiveness);
    return user.isEmpty() ? builtIn() : lazy(() -> createBuiltIn(user));
  }

  private static List<Resolver> createBuiltIn() {
    return createBuiltIn(List.of());
  }

  private static List<Resolver> createBuiltIn(List<Resolver> userLiveness) {
    return dev.tokenscope.resolve.liveness.LivenessResolver.after(
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
            new dev.tokenscope.resolve.database.MySqlResolver()),
        userLiveness);
  }

  private List<Resolver> list() {
    List<Resolver> result = resolvers;
    if (result == null) {
      synchronized (this) {
        result = resolvers;
        if (result == null) {
          result = List.copyOf(make.get());
          resolvers = result;
        }
      }
    }
    return result;
  }

  public Optional<Resolver> forCredential(Credential credential) {
    return list().stream().filter(r -> r.canResolve(credential)).findFirst();
  }

  /**
   * What resolving one credential gave: the grant, and when its resolver failed unexpectedly, a
   * sentence for the scan's errors (the grant is then {@code UNKNOWN}).
   */
  public record Outcome(Grant grant, String failure) {}

  /** Resolves a credential, or says that no resolver exists for it. */
  public Grant resolve(Credential credential, ResolveContext context) {
    return attempt(credential, context).grant();
  }

  /**
   * Resolves a credential. Whatever the resolver returns has the credential's secret scrubbed from
   * every string ({@link SecretScrubber}), and an exception a resolver did not expect (a client
   * library's, a bug) costs this credential its grant, never the scan: it becomes an {@code
   * UNKNOWN} grant and a failure to report.
   */
  public Outcome attempt(Credential credential, ResolveContext context) {
    SecretScrubber scrubber = SecretScrubber.of(credential);
    Optional<Resolver> resolver = forCredential(credential);
    if (resolver.isEmpty()) {
      return new Outcome(unresolvable(credential), null);
    }
    try {
      return new Outcome(scrubber.scrub(resolver.get().resolve(credential, context)), null);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      String what =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      String reason =
          scrubber.scrub(
              "the " + credential.provider() + " resolver failed (" + what + "); not resolved");
      Identity bare = new Identity(credential.provider(), null, null, null, Map.of());
      return new Outcome(Grant.unresolved(bare, GrantStatus.UNKNOWN, reason), reason);
    }
  }

  private static Grant unresolvable(Credential credential) {
    return Grant.unresolved(
        new Identity(credential.provider(), null, null, null, Map.of()),
        GrantStatus.UNKNOWN,
        "tokenscope has no resolver for " + credential.provider() + " credentials yet");
  }

  public List<Resolver> all() {
    return list();
  }
}
