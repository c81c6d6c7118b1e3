package dev.tokenscope.model;

import java.util.List;

/**
 * One thing a person should act on: what kind, how severe, which credential (redacted), what it was
 * resolved to do (or null when not resolved), one sentence saying why, and the evidence behind it
 * (the actions that put it in a risk category, the excess over its declared purpose). {@code id} is
 * stable: the kind and the credential's fingerprint.
 */
public record Finding(
    String id,
    FindingKind kind,
    Severity severity,
    Credential credential,
    Grant grant,
    String reason,
    List<String> evidence) {

  public Finding {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  public static Finding of(
      FindingKind kind,
      Severity severity,
      Credential credential,
      Grant grant,
      String reason,
      List<String> evidence) {
    String id = kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + credential.fingerprint();
    return new Finding(id, kind, severity, credential, grant, reason, evidence);
  }
}
