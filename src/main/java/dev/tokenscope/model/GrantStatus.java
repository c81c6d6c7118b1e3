package dev.tokenscope.model;

/** Whether a credential was checked, and what the provider said. */
public enum GrantStatus {
  /** The provider accepted the credential; the grant says what it may do. */
  ACTIVE,
  /** The provider does not know the credential (malformed, never existed). */
  INVALID,
  /** The credential existed and was revoked, deleted, disabled or has expired. */
  REVOKED,
  /** It could not be checked: network failure, no permission to read its policies, throttling. */
  UNKNOWN
}
