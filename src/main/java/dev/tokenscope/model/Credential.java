package dev.tokenscope.model;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A credential found by a detector or listed by a provider account. {@code secret} is the value
 * that grants access (for an AWS pair, the secret access key; for a connection string, the
 * password); {@code attributes} hold the public parts that come with it (an AWS access key id, a
 * user name, a database host, a GCP key id), which may be shown. A credential listed by a provider
 * account has no secret.
 */
public record Credential(
    String ruleId,
    String provider,
    Secret secret,
    Map<String, String> attributes,
    String fingerprint,
    List<Location> locations) {

  /**
   * The attribute holding when the credential stops being accepted, as the credential itself says
   * (a JWT's {@code exp} claim), in ISO-8601: public, since anyone holding the token can read it.
   */
  public static final String EXPIRES = "expires";

  /**
   * The attribute saying a found value is not a live secret in the place it was found (a test's
   * named vector, a CI job's own service container): the assessor lowers such a credential to
   * information.
   */
  public static final String CONTEXT = "context";

  public Credential {
    attributes = Map.copyOf(attributes);
    locations = List.copyOf(locations);
  }

  /** A credential found in content: its fingerprint is computed from the rule and the secret. */
  public static Credential found(
      String ruleId,
      String provider,
      Secret secret,
      Map<String, String> attributes,
      List<Location> where) {
    Secret shown = Redaction.isPasswordRule(ruleId) ? secret.lengthOnly() : secret;
    return new Credential(
        ruleId, provider, shown, attributes, Fingerprint.of(ruleId, secret.reveal()), where);
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  /** The redacted secret, or the public id when the credential has no secret. */
  public String redacted() {
    if (secret != null) {
      return secret.redacted();
    }
    return attributes.getOrDefault("id", "");
  }

  public Credential withLocations(List<Location> where) {
    return new Credential(ruleId, provider, secret, attributes, fingerprint, where);
  }

  /**
   * The same credential found in more places: this one's attributes and both lists of places (each
   * place once). A {@link #CONTEXT} holds only where both say it: one place where the value is live
   * makes the credential live.
   */
  public Credential mergedWith(Credential other) {
    return mergedWith(other.attributes, other.locations);
  }

  /** As {@link #mergedWith(Credential)}, for the same secret found with these attributes there. */
  public Credential mergedWith(Map<String, String> otherAttributes, List<Location> where) {
    Set<Location> all = new LinkedHashSet<>(locations);
    all.addAll(where);
    Map<String, String> kept = attributes;
    String context = attribute(CONTEXT);
    if (context != null && !context.equals(otherAttributes.get(CONTEXT))) {
      kept = new HashMap<>(attributes);
      kept.remove(CONTEXT);
    }
    return new Credential(ruleId, provider, secret, kept, fingerprint, List.copyOf(all));
  }
}
