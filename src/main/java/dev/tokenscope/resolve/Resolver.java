package dev.tokenscope.resolve;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;

/**
 * Answers "what can this credential do?" for one provider. A resolver never throws for a provider
 * problem: a revoked token is a grant with status {@code REVOKED}, a network failure one with
 * status {@code UNKNOWN} and the reason. Each implementation names, in its class comment, the calls
 * it makes and why they are read-only, and sends them only through {@link
 * dev.tokenscope.http.SafeHttpClient} with its allow-list.
 */
public interface Resolver {

  /**
   * The provider name, as used in rules ({@code provider:}) and in the config's {@code providers:}.
   */
  String provider();

  /** True when this resolver can resolve the credential (by its rule or provider). */
  boolean canResolve(Credential credential);

  /** Resolves the credential. */
  Grant resolve(Credential credential, ResolveContext context);
}
