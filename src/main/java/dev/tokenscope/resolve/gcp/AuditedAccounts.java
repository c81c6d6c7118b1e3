package dev.tokenscope.resolve.gcp;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what an audit read about one service account into credentials without a secret (one per
 * user-managed key; one for the account itself when someone else may impersonate it) and their
 * grants. Shared by the live audit and the snapshot reader, so both report the same way.
 */
final class AuditedAccounts {
  static final String KEY_RULE = "gcp.service-account-key";
  static final String ACCOUNT_RULE = "gcp.service-account";

  private AuditedAccounts() {}

  static void add(
      ServiceAccountView view,
      List<KeyInfo> keys,
      RoleCatalog catalog,
      Instant now,
      List<String> environments,
      Map<Credential, Grant> out) {
    add(view, keys, catalog, now, environments, List.of(), out);
  }

  /**
   * As above, with the account's escalation paths (other accounts it can impersonate) added to the
   * evidence of each of its grants.
   */
  static void add(
      ServiceAccountView view,
      List<KeyInfo> keys,
      RoleCatalog catalog,
      Instant now,
      List<String> environments,
      List<String> escalation,
      Map<Credential, Grant> out) {
    for (KeyInfo key : keys) {
      if (!key.userManaged()) {
        continue;
      }
      GrantStatus status = key.disabled() ? GrantStatus.REVOKED : GrantStatus.ACTIVE;
      String reason = key.disabled() ? "key " + key.id() + " is disabled" : null;
      if (key.expires() != null && key.expires().isBefore(now)) {
        status = GrantStatus.REVOKED;
        reason = "key " + key.id() + " expired " + key.expires();
      }
      Grant grant =
          view.grant(key, status, reason, "service-account-key", catalog, now)
              .withMoreEvidence(escalation);
      out.put(keyCredential(view, key), ServiceAccountView.inEnvironments(grant, environments));
    }
    if (keys.stream().noneMatch(KeyInfo::userManaged) && !view.impersonators(catalog).isEmpty()) {
      Grant grant =
          view.grant(null, GrantStatus.ACTIVE, null, "service-account", catalog, now)
              .withMoreEvidence(escalation);
      out.put(accountCredential(view), ServiceAccountView.inEnvironments(grant, environments));
    }
  }

  static Credential keyCredential(ServiceAccountView view, KeyInfo key) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", key.id());
    attributes.put("private_key_id", key.id());
    attributes.put("client_email", view.email());
    if (view.project() != null) {
      attributes.put("project_id", view.project());
    }
    String path =
        "projects/" + view.project() + "/serviceAccounts/" + view.email() + "/keys/" + key.id();
    return new Credential(
        KEY_RULE,
        GcpEndpoints.PROVIDER,
        null,
        attributes,
        Fingerprint.of(KEY_RULE + ".id", key.id()),
        List.of(Location.store("provider-account", path, null)));
  }

  static Credential accountCredential(ServiceAccountView view) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", view.email());
    attributes.put("client_email", view.email());
    if (view.project() != null) {
      attributes.put("project_id", view.project());
    }
    String path = "projects/" + view.project() + "/serviceAccounts/" + view.email();
    return new Credential(
        ACCOUNT_RULE,
        GcpEndpoints.PROVIDER,
        null,
        attributes,
        Fingerprint.of(ACCOUNT_RULE + ".id", view.email()),
        List.of(Location.store("provider-account", path, null)));
  }

  static List<KeyInfo> keys(Iterable<com.fasterxml.jackson.databind.JsonNode> nodes) {
    List<KeyInfo> keys = new ArrayList<>();
    nodes.forEach(n -> keys.add(KeyInfo.parse(n)));
    return keys;
  }
}
