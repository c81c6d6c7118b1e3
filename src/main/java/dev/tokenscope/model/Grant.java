package dev.tokenscope.model;

import java.time.Instant;
import java.util.List;

/**
 * What a credential may do, as resolved live or from a snapshot: who it is, which environments it
 * reaches, its permissions, its life (created, expires, last used), and the status of the check.
 * {@code statusReason} says why the status is not {@code ACTIVE}, or what could not be read. {@code
 * evidence} keeps the raw material the permissions came from (policy statements, scope headers) so
 * a reviewer can check the conclusion.
 */
public record Grant(
    Identity identity,
    List<String> environments,
    List<Permission> permissions,
    Instant created,
    Instant expires,
    Instant lastUsed,
    GrantStatus status,
    String statusReason,
    List<String> evidence) {

  public Grant {
    environments = environments == null ? List.of() : List.copyOf(environments);
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  /**
   * A grant with no permissions: what a resolver reports when the provider refused the credential
   * or could not be asked, with the environments it was found to belong to and the evidence read.
   */
  public static Grant unresolved(
      Identity identity,
      List<String> environments,
      GrantStatus status,
      String reason,
      List<String> evidence) {
    return new Grant(identity, environments, List.of(), null, null, null, status, reason, evidence);
  }

  /** A grant that could not be established, with the reason a person should read. */
  public static Grant unresolved(Identity identity, GrantStatus status, String reason) {
    return new Grant(identity, List.of(), List.of(), null, null, null, status, reason, List.of());
  }

  /** The same grant with more evidence after its own. */
  public Grant withMoreEvidence(List<String> more) {
    List<String> all = new java.util.ArrayList<>(evidence);
    all.addAll(more);
    return new Grant(
        identity, environments, permissions, created, expires, lastUsed, status, statusReason, all);
  }

  /** The same grant, reaching the given environments. */
  public Grant withEnvironments(List<String> reached) {
    return new Grant(
        identity, reached, permissions, created, expires, lastUsed, status, statusReason, evidence);
  }

  /** The same grant with another status and its reason. */
  public Grant withStatus(GrantStatus newStatus, String reason) {
    return new Grant(
        identity,
        environments,
        permissions,
        created,
        expires,
        lastUsed,
        newStatus,
        reason,
        evidence);
  }

  /** The same grant for another identity (more details learnt), with more evidence. */
  public Grant withIdentity(Identity other, List<String> more) {
    return new Grant(
            other,
            environments,
            permissions,
            created,
            expires,
            lastUsed,
            status,
            statusReason,
            evidence)
        .withMoreEvidence(more);
  }
}
