package dev.tokenscope.resolve.account;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One credential a provider account lists: its provider, its kind as the provider names it
 * ("fine-grained-pat", "project-access-token", "deploy-key", "accessor"…), the provider's id for
 * it, its name, where in the account it sits ({@code place}, shown as the location), what it may do
 * (the grant, built from the listing itself), and the last characters of its text when the provider
 * gives them (GitHub's {@code token_last_eight}), so a token found in a file can be joined to it.
 * Never holds any part of the secret beyond what the provider chose to show.
 */
public record ListedCredential(
    String provider,
    String kind,
    String id,
    String name,
    String place,
    Grant grant,
    String lastEight) {

  /** The rule id listed credentials carry: {@code <provider>.account.<kind>}. */
  public String ruleId() {
    return provider + ".account." + kind;
  }

  /** True when the provider says the credential can no longer be used (revoked or expired). */
  public boolean revoked() {
    return grant.status() == GrantStatus.REVOKED || grant.status() == GrantStatus.INVALID;
  }

  /**
   * The credential as the pipeline sees it: no secret, its id as the shown attribute, and a
   * fingerprint of provider, kind and id, so the same listed token has the same fingerprint in
   * every audit (and an inventory may declare it by that fingerprint).
   */
  public Credential credential() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", id);
    attributes.put("token_id", id);
    if (name != null) {
      attributes.put("token_name", name);
    }
    if (lastEight != null) {
      attributes.put("last_eight", lastEight);
    }
    return new Credential(
        ruleId(),
        provider,
        null,
        attributes,
        Fingerprint.of(ruleId(), id),
        List.of(Location.store("provider-account", place, null)));
  }
}
