package dev.tokenscope.pipeline;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.resolve.SecretScrubber;
import dev.tokenscope.resolve.account.FoundTokenLookup;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.ListingException;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.ScanStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins credentials found in files to the ones an account lists, so a token that is both is one
 * entry with both sources: the found secret (and its fingerprint, so an inventory entry declared by
 * fingerprint still matches), the listing's attributes (its token id, name) and grant, and every
 * place it was seen plus where the account lists it.
 *
 * <p>Two joins exist, because the providers allow no other (docs/accounts.md):
 *
 * <ul>
 *   <li>by text: GitHub lists SSO-authorised classic tokens with {@code token_last_eight}, the last
 *       eight characters of a found GitHub token;
 *   <li>by the provider's id ({@link #identify}): GitLab and Vault list no part of a token's text,
 *       but the audited instance tells, asked with the found token itself, the id it lists it under
 *       (GitLab's {@code personal_access_tokens/self} id, Vault's {@code lookup-self} accessor).
 * </ul>
 *
 * Railway cannot be joined: its {@code apiToken} query answers no id for the token that asks.
 */
public final class AccountJoin {
  /**
   * What was found in files, what could not be read or looked up ({@code problems}), what a person
   * should know about the lookups ({@code notes}), and the lookup that gave found tokens their
   * {@code token_id} (null when none was made), which tells what kind of listed id they name.
   */
  public record Found(
      List<Credential> credentials,
      List<Problem> problems,
      List<String> notes,
      FoundTokenLookup lookup) {
    public Found {
      credentials = List.copyOf(credentials);
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }

    public Found(List<Credential> credentials, List<Problem> problems) {
      this(credentials, problems, List.of(), null);
    }

    /** The same, with one more note. */
    public Found noting(String note) {
      List<String> more = new ArrayList<>(notes);
      more.add(note);
      return new Found(credentials, problems, more, lookup);
    }
  }

  private AccountJoin() {}

  /** Credentials the bundled detector rules find under the given paths (files only). */
  public static Found detect(List<Path> paths, long maxFileBytes) {
    Pipeline.Collector collector =
        new Pipeline.Collector(Detector.of(RuleSet.bundled()), new ScanStats());
    new FileSource(paths, maxFileBytes).read(collector);
    return new Found(collector.credentials(), List.copyOf(collector.problems));
  }

  /**
   * Asks the audited provider, through {@code lookup}, the id of every found token it can tell, and
   * keeps it as the token's {@code token_id} (so an inventory entry declaring that id matches the
   * token even when no listing holds it). A token the provider refuses stays as found, with a note;
   * a lookup that fails is a problem naming the token by its redacted form and place, never whole.
   */
  public static Found identify(Found found, FoundTokenLookup lookup) {
    List<Credential> credentials = new ArrayList<>();
    List<Problem> problems = new ArrayList<>(found.problems());
    List<String> notes = new ArrayList<>(found.notes());
    for (Credential c : found.credentials()) {
      if (!lookup.asks(c)) {
        credentials.add(c);
        continue;
      }
      try {
        Optional<String> id = lookup.id(c);
        if (id.isPresent()) {
          Map<String, String> attributes = new LinkedHashMap<>(c.attributes());
          attributes.put("token_id", id.get());
          credentials.add(
              new Credential(
                  c.ruleId(),
                  c.provider(),
                  c.secret(),
                  attributes,
                  c.fingerprint(),
                  c.locations()));
        } else {
          credentials.add(c);
          notes.add(
              describe(c)
                  + ": "
                  + lookup.request()
                  + " refused it or gave no id (revoked, expired or not of this instance); kept as found, joined to nothing");
        }
      } catch (ListingException e) {
        credentials.add(c);
        problems.add(
            new Problem(
                describe(c),
                "not looked up, so not joined to a listed entry: "
                    + SecretScrubber.of(c).scrub(e.getMessage())));
      }
    }
    return new Found(credentials, problems, notes, lookup);
  }

  /** A found token as a person finds it again: its redacted text and first place, never whole. */
  private static String describe(Credential c) {
    String where = c.locations().isEmpty() ? "" : " at " + c.locations().get(0).display();
    return "found " + c.provider() + " token " + c.redacted() + where;
  }

  /** The found credential a listed one is, if the provider's listing allows telling. */
  static Optional<Credential> match(
      ListedCredential listed, List<Credential> found, FoundTokenLookup lookup) {
    List<Credential> candidates =
        found.stream()
            .filter(c -> c.secret() != null && c.provider().equalsIgnoreCase(listed.provider()))
            .toList();
    if (listed.lastEight() != null) {
      return candidates.stream()
          .filter(c -> c.secret().reveal().endsWith(listed.lastEight()))
          .findFirst();
    }
    if (lookup != null && lookup.names(listed)) {
      return candidates.stream()
          .filter(lookup::asks)
          .filter(c -> listed.id().equals(c.attribute("token_id")))
          .findFirst();
    }
    return Optional.empty();
  }

  /** One credential for both: the found secret and fingerprint, every attribute, every place. */
  static Credential joined(ListedCredential listed, Credential found) {
    Credential account = listed.credential();
    Map<String, String> attributes = new LinkedHashMap<>(account.attributes());
    attributes.putAll(found.attributes());
    attributes.put("token_id", listed.id());
    List<Location> places = new ArrayList<>(found.locations());
    places.addAll(account.locations());
    return new Credential(
        found.ruleId(), found.provider(), found.secret(), attributes, found.fingerprint(), places);
  }
}
