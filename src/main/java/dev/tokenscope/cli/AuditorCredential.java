package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Messages;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The auditor's own read-only credential for an account audit: from environment variables, else
 * from the user-level {@code $XDG_CONFIG_HOME/tokenscope/credentials.yaml} (default {@code
 * ~/.config/tokenscope/credentials.yaml}, a map of provider to token). Never from the current
 * folder or anything scanned: a token found in a file is a finding, not the auditor's credential.
 */
final class AuditorCredential {

  /** The environment, replaceable by tests. */
  static Function<String, String> environment = System::getenv;

  private AuditorCredential() {}

  /** The token from the first set variable, else the user config's entry for the provider. */
  static String token(String provider, List<String> variables) {
    for (String variable : variables) {
      String value = environment.apply(variable);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    Path file = userConfig();
    if (file != null && Files.isRegularFile(file)) {
      try {
        JsonNode root = YamlTrees.mapper().readTree(file.toFile());
        String value = root == null ? null : root.path(provider).asText(null);
        if (value != null && !value.isBlank()) {
          return value.strip();
        }
      } catch (IOException e) {
        throw new UserException(
            file + " is not valid YAML: " + Messages.firstLine(e.getMessage(), ""));
      }
    }
    throw new UserException(
        "no "
            + provider
            + " credential for the audit: set "
            + String.join(" or ", variables)
            + ", or add '"
            + provider
            + ": TOKEN' to "
            + (file == null ? "~/.config/tokenscope/credentials.yaml" : file)
            + " (a read-only token of the auditor; see docs/accounts.md), or audit offline with --snapshot or --replay");
  }

  static Path userConfig() {
    String xdg = environment.apply("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tokenscope", "credentials.yaml");
    }
    String home = environment.apply("HOME");
    return home == null ? null : Path.of(home, ".config", "tokenscope", "credentials.yaml");
  }
}
