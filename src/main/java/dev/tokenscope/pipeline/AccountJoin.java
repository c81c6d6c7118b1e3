package dev.tokenscope.pipeline;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.SourceSink;
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
    Detector detector = Detector.of(RuleSet.bundled());
    Map<String, Credential> byFingerprint = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    ScanStats stats = new ScanStats();
    SourceSink sink =
        new SourceSink() {
          @Override
          public void chunk(Chunk chunk) {
            detector.detect(chunk).forEach(this::credential);
          }

          @Override
          public synchronized void credential(Credential found) {
            byFingerprint.merge(
                found.fingerprint(),
                found,
                (a, b) -> {
                  List<Location> all = new ArrayList<>(a.locations());
                  all.addAll(b.locations());
                  return a.withLocations(all);
                });
          }

          @Override
          public void skipped(String where, String why) {
            stats.skipped.incrementAndGet();
          }

          @Override
          public synchronized void problem(String where, String message) {
            problems.add(new Problem(where, message));
          }

          @Override
          public ScanStats stats() {
            return stats;
          }
        };
    new FileSource(paths, maxFileBytes).read(sink);
    return new Found(List.copyOf(byFingerprint.values()), List.copyOf(problems));
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
