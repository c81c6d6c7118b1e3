package dev.tokenscope.cli;

import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.resolve.liveness.LivenessResolver;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --rules DIR} for the commands that detect and resolve (scan, inventory init, resolve): one
 * flag, one description, and the one place where the user's own liveness checks join the built-in
 * resolvers.
 */
final class RulesOptions {
  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "detector rules to use instead of the bundled ones; DIR/liveness/*.yaml adds your own"
              + " liveness checks (docs/liveness.md)")
  Path dir;

  /** The rules in DIR, or the bundled ones. */
  RuleSet load() {
    return RuleSet.loadOrBundled(dir);
  }

  /**
   * The built-in resolvers with the user's own liveness checks from {@code DIR/liveness/} (only a
   * {@code --rules} flag names it, never a config file or the scanned tree). A bad file is a clear
   * error naming it.
   */
  Resolvers resolvers(RuleSet rules) {
    Set<String> ids = new HashSet<>();
    rules.rules().forEach(r -> ids.add(r.id()));
    try {
      return Resolvers.builtIn(LivenessResolver.fromRules(dir, ids));
    } catch (IllegalArgumentException e) {
      throw new UserException("--rules: " + e.getMessage());
    }
  }
}
