package dev.tokenscope.resolve.account;

import java.util.List;

/**
 * What one provider account audit read: every credential listed (live and revoked), the Actions
 * secret names or other storage names it could see (for the inventory's {@code stored_in}), what
 * could not be listed ({@code problems}: a part of the account the auditor's credential may not
 * read, a refused call, a rate limit that did not clear) and {@code notes} a person should know
 * (rate-limit waits, pages read). {@code complete} is false when any part could not be listed, and
 * {@code exhaustive} false when the audit, by its options, did not ask for every kind of credential
 * an inventory entry of the provider may declare (GitLab without {@code --instance} lists no
 * personal access tokens): in either case an entry missing from the listing is not called stale.
 */
public record AccountListing(
    String provider,
    String source,
    List<ListedCredential> credentials,
    List<String> storageNames,
    List<String> problems,
    List<String> notes,
    boolean exhaustive) {

  public AccountListing {
    credentials = List.copyOf(credentials);
    storageNames = List.copyOf(storageNames);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** A listing of every kind of credential the account holds (the usual case). */
  public AccountListing(
      String provider,
      String source,
      List<ListedCredential> credentials,
      List<String> storageNames,
      List<String> problems,
      List<String> notes) {
    this(provider, source, credentials, storageNames, problems, notes, true);
  }

  public boolean complete() {
    return problems.isEmpty();
  }
}
