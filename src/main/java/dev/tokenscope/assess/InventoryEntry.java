package dev.tokenscope.assess;

import java.time.Instant;
import java.util.List;

/**
 * One token the team declares in its inventory: how to recognise it, who owns it, what it is for,
 * which environments and permissions that purpose needs, when it expires and where it is meant to
 * live. {@code allow} is null when the entry does not say (then nothing is over-privileged by it),
 * empty when the token should need nothing. {@code line} is where the entry starts in the file.
 */
public record InventoryEntry(
    String id,
    String provider,
    Match match,
    String owner,
    String purpose,
    List<String> environments,
    List<String> allow,
    Instant expires,
    boolean neverExpires,
    List<String> storedIn,
    int line) {

  public InventoryEntry {
    environments = environments == null ? List.of() : List.copyOf(environments);
    allow = allow == null ? null : List.copyOf(allow);
    storedIn = storedIn == null ? List.of() : List.copyOf(storedIn);
  }

  /** The ways an entry can recognise a credential; any one that matches is enough. */
  public record Match(
      String fingerprint,
      String awsAccessKeyId,
      String gcpKeyId,
      String principal,
      String serviceAccount,
      String tokenName,
      String tokenId) {

    /** The match fields without a token id (the shape before account audits). */
    public Match(
        String fingerprint,
        String awsAccessKeyId,
        String gcpKeyId,
        String principal,
        String serviceAccount,
        String tokenName) {
      this(fingerprint, awsAccessKeyId, gcpKeyId, principal, serviceAccount, tokenName, null);
    }

    /**
     * True when an account listing can recognise the entry: by a token id, a token name or a
     * principal, which listings report. A fingerprint of a secret, an AWS key id or a GCP key id
     * are not in the listings of the SaaS accounts audited this way.
     */
    public boolean listable() {
      return tokenId != null || tokenName != null || principal != null;
    }
  }
}
