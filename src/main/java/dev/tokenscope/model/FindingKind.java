package dev.tokenscope.model;

/** The kinds of finding tokenscope reports. */
public enum FindingKind {
  /** A credential in plaintext in a file, a repository's history or a store. */
  EXPOSED,
  /** Found, but absent from the team's token inventory. */
  UNKNOWN_TOKEN,
  /** Its resolved permissions exceed what its declared purpose needs. */
  OVER_PRIVILEGED,
  /** Can delete data stores (critical when it can also delete their backups). */
  DESTRUCTIVE,
  PRIVILEGE_ESCALATION,
  CREDENTIAL_EXPOSURE,
  ADMIN_EQUIVALENT,
  /** Reaches an environment the inventory, or the place it was found, does not allow. */
  CROSS_ENVIRONMENT,
  /** Not used for a long time. */
  STALE,
  /** Never expires, or is older than the allowed age. */
  LONG_LIVED,
  /** Found outside the place the inventory says it lives. */
  MISPLACED,
  /**
   * Declared in the inventory, but the provider account no longer lists it (deleted or revoked), or
   * the secret store the entry names holds no such secret.
   */
  STALE_INVENTORY_ENTRY
}
