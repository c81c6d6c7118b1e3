package dev.tokenscope.pipeline;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.resolve.account.ListedCredential;
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
 * <p>The one join the providers make possible today is GitHub's {@code token_last_eight} (SAML
 * credential authorizations of classic tokens): the last eight characters of a found GitHub token
 * of the same provider. Railway, GitLab and Vault list no part of a token's text; see
 * docs/accounts.md for what would join them.
 */
public final class AccountJoin {
  /** What was found in files, and what could not be read. */
  public record Found(List<Credential> credentials, List<Problem> problems) {}

  private AccountJoin() {}

  /** Credentials the bundled detector rules find under the given paths (files only). */
  public static Found detect(List<Path> paths, long maxFileBytes) {
    Pipeline.Collector collector =
        new Pipeline.Collector(Detector.of(RuleSet.bundled()), new ScanStats());
    new FileSource(paths, maxFileBytes).read(collector);
    return new Found(collector.credentials(), List.copyOf(collector.problems));
  }

  /** The found credential a listed one is, if the provider's listing allows telling. */
  static Optional<Credential> match(ListedCredential listed, List<Credential> found) {
    if (listed.lastEight() == null) {
      return Optional.empty();
    }
    return found.stream()
        .filter(c -> c.secret() != null && c.provider().equalsIgnoreCase(listed.provider()))
        .filter(c -> c.secret().reveal().endsWith(listed.lastEight()))
        .findFirst();
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
