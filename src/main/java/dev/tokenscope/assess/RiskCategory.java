package dev.tokenscope.assess;

import dev.tokenscope.model.FindingKind;

/** The risk categories of rules/policies, each reported as a finding kind. */
public enum RiskCategory {
  /** Can delete data stores: databases, volumes, buckets, tables, clusters. */
  DESTRUCTIVE(FindingKind.DESTRUCTIVE),
  /** Can delete the backups of data stores: snapshots, recovery points, object versions. */
  BACKUP_DESTRUCTIVE(FindingKind.DESTRUCTIVE),
  /** Can give itself or others more power than it has. */
  PRIVILEGE_ESCALATION(FindingKind.PRIVILEGE_ESCALATION),
  /** Can read other secrets or mint new credentials. */
  CREDENTIAL_EXPOSURE(FindingKind.CREDENTIAL_EXPOSURE),
  /** Can do anything. */
  ADMIN_EQUIVALENT(FindingKind.ADMIN_EQUIVALENT);

  private final FindingKind kind;

  RiskCategory(FindingKind kind) {
    this.kind = kind;
  }

  public FindingKind findingKind() {
    return kind;
  }
}
