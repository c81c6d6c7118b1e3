package dev.tokenscope.assess;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns credentials and their grants into findings. Every credential found in content is {@code
 * EXPOSED}; risk policies and the inventory add the other kinds.
 */
public final class Assessor {
  private final Map<String, Severity> ruleSeverities;

  /** @param ruleSeverities the severity each detector rule gives an exposed credential */
  public Assessor(Map<String, Severity> ruleSeverities) {
    this.ruleSeverities = Map.copyOf(ruleSeverities);
  }

  public List<Finding> assess(Credential credential, Grant grant) {
    List<Finding> findings = new ArrayList<>();
    if (credential.secret() != null) {
      Severity severity = ruleSeverities.getOrDefault(credential.ruleId(), Severity.HIGH);
      String where = credential.locations().isEmpty() ? "" : " in " + credential.locations().get(0).display();
      findings.add(
          Finding.of(
              FindingKind.EXPOSED,
              severity,
              credential,
              grant,
              "Plaintext " + credential.provider() + " credential (" + credential.ruleId() + ")" + where + ": revoke or rotate it and move it to a secret store.",
              List.of()));
    }
    return findings;
  }
}
