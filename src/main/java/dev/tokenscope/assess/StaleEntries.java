package dev.tokenscope.assess;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inventory entries whose credential a provider account no longer lists: deleted, or listed only as
 * revoked or expired. Only an entry the listing can recognise (by {@code token_id}, {@code
 * token_name} or {@code principal}) is checked; an entry known only by the fingerprint of its
 * secret cannot be told apart from a token the account lists without its secret, and is left alone.
 * Also: entries whose {@code stored_in} names a GitHub Actions secret the organisation does not
 * hold.
 */
public final class StaleEntries {
  /** A listed credential and the grant its listing gave it. */
  public record Listed(Credential credential, Grant grant) {}

  private final Inventory inventory;
  private final AssessSettings settings;

  public StaleEntries(Inventory inventory, AssessSettings settings) {
    this.inventory = inventory;
    this.settings = settings;
  }

  /**
   * Findings for the provider's checkable entries that no live listed credential matches, each
   * saying whether the account lists it revoked or not at all.
   */
  public List<Finding> find(
      String provider, String account, List<Listed> live, List<Listed> revoked) {
    List<Finding> out = new ArrayList<>();
    for (InventoryEntry entry : inventory.entries()) {
      if (!entry.provider().equalsIgnoreCase(provider) || !entry.match().listable()) {
        continue;
      }
      if (live.stream().anyMatch(l -> Inventory.declares(entry, l.credential(), l.grant()))) {
        continue;
      }
      Optional<Listed> gone =
          revoked.stream()
              .filter(l -> Inventory.declares(entry, l.credential(), l.grant()))
              .findFirst();
      String state =
          gone.map(
                  l ->
                      "is listed by "
                          + account
                          + " only as revoked or expired ("
                          + l.credential().attribute("id")
                          + ")")
              .orElse("is not listed by " + account + " any more");
      String reason =
          "Inventory entry '"
              + entry.id()
              + "' ("
              + inventory.file()
              + " line "
              + entry.line()
              + ") declares a token that "
              + state
              + ": remove the entry, or find out where the token went.";
      out.add(finding(entry, "entry", reason, List.of("match: " + describe(entry.match()))));
    }
    return out;
  }

  /**
   * Findings for entries whose {@code stored_in} names {@code github-actions:NAME} (no wildcard)
   * when no Actions secret of that name was listed.
   */
  public List<Finding> missingSecrets(String account, List<String> secretNames) {
    List<Finding> out = new ArrayList<>();
    for (InventoryEntry entry : inventory.entries()) {
      for (String place : entry.storedIn()) {
        if (!place.startsWith("github-actions:") || place.matches(".*[*?\\[].*")) {
          continue;
        }
        String name = place.substring("github-actions:".length());
        boolean held = secretNames.stream().anyMatch(n -> n.equals(name) || n.endsWith("/" + name));
        if (!held) {
          String reason =
              "Inventory entry '"
                  + entry.id()
                  + "' says its token is kept in "
                  + place
                  + ", but "
                  + account
                  + " holds no Actions secret named "
                  + name
                  + ": correct stored_in, or find where the token is kept now.";
          out.add(
              finding(
                  entry,
                  "stored_in:" + place,
                  reason,
                  List.of("stored_in: " + place, "secrets listed: " + secretNames.size())));
        }
      }
    }
    return out;
  }

  private Finding finding(InventoryEntry entry, String what, String reason, List<String> evidence) {
    String file = inventory.file() == null ? "inventory" : inventory.file();
    Credential credential =
        new Credential(
            "inventory.entry",
            entry.provider(),
            null,
            Map.of("id", entry.id()),
            Fingerprint.of("inventory.entry", file + "#" + entry.id() + "#" + what),
            List.of(new Location("inventory", file, entry.line(), 0, null, null, null, null)));
    return Finding.of(
        FindingKind.STALE_INVENTORY_ENTRY,
        settings.severity("STALE_INVENTORY_ENTRY"),
        credential,
        null,
        reason,
        evidence);
  }

  private static String describe(InventoryEntry.Match m) {
    List<String> parts = new ArrayList<>();
    if (m.tokenId() != null) {
      parts.add("token_id " + m.tokenId());
    }
    if (m.tokenName() != null) {
      parts.add("token_name " + m.tokenName());
    }
    if (m.principal() != null) {
      parts.add("principal " + m.principal());
    }
    return String.join(", ", parts);
  }
}
