package dev.tokenscope.resolve.account;

import dev.tokenscope.model.Credential;
import java.util.Optional;

/**
 * Asks the audited provider, with a token found in a file, under which id its account lists that
 * token: GitLab's {@code personal_access_tokens/self} answers the token's id, Vault's {@code
 * lookup-self} its accessor. The request goes to the audited instance only (the base URL the audit
 * itself uses, from the config or the environment), never to an address written near the token, and
 * on the audit's own read-only allow-list.
 */
public interface FoundTokenLookup {

  /** The request, as shown in notes and problems ("GET /api/v4/personal_access_tokens/self"). */
  String request();

  /** True for a found token this lookup can ask about (a kind the provider lists by that id). */
  boolean asks(Credential found);

  /**
   * The id the provider lists the token under, or empty when the provider refuses the token
   * (revoked, expired, unknown to this instance) or gives it no id.
   *
   * @throws ListingException when the provider could not be asked or answered something else; the
   *     message never holds the token
   */
  Optional<String> id(Credential found) throws ListingException;

  /** True when a listed credential's id is the kind of id {@link #id} answers. */
  boolean names(ListedCredential listed);
}
