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
        (config, context) -> {
          String address = AuditorCredential.environment.apply("VAULT_ADDR");
          String configured = config.baseUrl("vault", null);
          // The config's address wins (it is what --replay sets), else the Vault CLI's variable.
          String chosen = configured != null ? configured : address;
          if (chosen == null) {
            throw new UserException(
                "no Vault address: set VAULT_ADDR or providers.vault.base_url in your config");
          }
          return VaultAccountAudit.live(
              context, audit.token("vault", List.of("VAULT_TOKEN")), chosen);
        },
        context -> VaultAccountAudit.snapshot(audit.snapshot, context.clock()));
  }
}
