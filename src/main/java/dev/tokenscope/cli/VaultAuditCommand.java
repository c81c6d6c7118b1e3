package dev.tokenscope.cli;

import dev.tokenscope.resolve.vault.VaultAccountAudit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tokenscope audit vault}: every token of a Vault, by accessor. */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = {
      "Audit a HashiCorp Vault: every token by its accessor (policies, TTL, creation, orphan, display name,"
          + " capabilities), never the tokens themselves, held against the inventory.",
      "Live with providers.vault.base_url (else VAULT_ADDR) and your own token (VAULT_TOKEN, or 'vault:' in"
          + " ~/.config/tokenscope/credentials.yaml), or offline with --snapshot DIR or --replay DIR (see docs/accounts.md)."
    },
    footer = ExitCode.HELP)
final class VaultAuditCommand implements Callable<Integer> {
  @Mixin AccountAuditOptions audit;

  @Override
  public Integer call() {
    return audit.run(
        (config, context) ->
            VaultAccountAudit.live(
                context, audit.token("vault", List.of("VAULT_TOKEN")), address(config)),
        context -> VaultAccountAudit.snapshot(audit.snapshot, context.clock()),
        // Found tokens are looked up at the audited Vault, the same address as the listing.
        (config, context) -> VaultAccountAudit.foundTokens(context, address(config)));
  }

  /** The audited Vault: the config's address (it is what --replay sets), else VAULT_ADDR. */
  private static String address(dev.tokenscope.config.Config config) {
    String configured = config.baseUrl("vault", null);
    String chosen =
        configured != null ? configured : AuditorCredential.environment.apply("VAULT_ADDR");
    if (chosen == null) {
      throw new UserException(
          "no Vault address: set VAULT_ADDR or providers.vault.base_url in your config");
    }
    return chosen;
  }
}
