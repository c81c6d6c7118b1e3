package dev.tokenscope.pipeline;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.assess.StaleEntries;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assesses what a provider account lists: every credential it can still use runs through the
 * pipeline like a found one (the config's allow-list, the inventory, every risk policy), its grant
 * being what the listing said; then the inventory is held against the listing, and declared entries
 * the account no longer lists become {@code STALE_INVENTORY_ENTRY} findings (only when the listing
 * was complete: a partial one cannot prove a token gone).
 */
public final class AccountAssessment {
  private AccountAssessment() {}

  public static ScanResult run(
      AccountListing listing, Assessor assessor, Config config, ResolveContext context) {
    return run(listing, new AccountJoin.Found(List.of(), List.of()), assessor, config, context);
  }

  /**
   * The same, with credentials found in files ({@code --scan}): each joined to its listed entry
   * where the provider allows it ({@link AccountJoin}); found ones of the audited provider that
   * join nothing are assessed as found (exposed, and unknown unless declared).
   */
  public static ScanResult run(
      AccountListing listing,
      AccountJoin.Found found,
      Assessor assessor,
      Config config,
      ResolveContext context) {
    List<ListedCredential> live = listing.credentials().stream().filter(c -> !c.revoked()).toList();
    Map<String, Grant> grants = new HashMap<>();
    List<Credential> credentials = new ArrayList<>();
    List<Credential> unjoined =
        new ArrayList<>(
            found.credentials().stream()
                .filter(c -> c.provider().equalsIgnoreCase(listing.provider()))
                .toList());
    for (ListedCredential c : live) {
      Credential credential =
          AccountJoin.match(c, unjoined, found.lookup())
              .map(
                  f -> {
                    unjoined.remove(f);
                    return AccountJoin.joined(c, f);
                  })
              .orElse(c.credential());
      grants.put(credential.fingerprint(), c.grant());
      credentials.add(credential);
    }
    credentials.addAll(unjoined);
    Source source =
        new Source() {
          @Override
          public String describe() {
            return listing.source();
          }

          @Override
          public void read(SourceSink sink) {
            credentials.forEach(sink::credential);
          }
        };
    Resolver listed =
        new Resolver() {
          @Override
          public String provider() {
            return listing.provider();
          }

          @Override
          public boolean canResolve(Credential credential) {
            return true;
          }

          /**
           * A listed credential's grant; a token found by {@code --scan} that joined nothing is not
           * resolved here (an audit sends found tokens nowhere but the self-lookup of its join),
           * and its grant says so rather than that the provider has no resolver.
           */
          @Override
          public Grant resolve(Credential credential, ResolveContext ignored) {
            Grant grant = grants.get(credential.fingerprint());
            return grant != null
                ? grant
                : Grant.unresolved(
                    new Identity(credential.provider(), null, null, null, Map.of()),
                    GrantStatus.UNKNOWN,
                    "found by --scan and joined to no credential "
                        + listing.source()
                        + " lists; not resolved (scan --resolve resolves it)");
          }
        };
    List<Problem> problems = new ArrayList<>();
    listing.problems().forEach(p -> problems.add(new Problem(listing.source(), p)));
    problems.addAll(found.problems());
    Pipeline pipeline =
        new Pipeline(
            new Detector(List.of()), config, assessor, new Resolvers(List.of(listed)), context);
    ScanResult scanned = pipeline.run(List.of(source), problems);
    List<Finding> findings = new ArrayList<>(scanned.findings());
    List<Problem> allProblems = new ArrayList<>(scanned.problems());
    StaleEntries stale = new StaleEntries(assessor.inventory(), assessor.settings());
    if (!assessor.inventory().isEmpty()) {
      if (listing.complete() && listing.exhaustive()) {
        findings.addAll(
            stale.find(
                listing.provider(), listing.source(), pairs(live), pairs(revokedOf(listing))));
      } else if (!listing.complete()) {
        allProblems.add(
            new Problem(
                listing.source(),
                "the listing is incomplete, so no inventory entry is called stale"));
      }
      if (listing.provider().equals("github") && listing.complete()) {
        findings.addAll(stale.missingSecrets(listing.source(), listing.storageNames()));
      }
    }
    findings.sort(
        Comparator.comparing((Finding f) -> f.severity()).reversed().thenComparing(Finding::id));
    return new ScanResult(findings, scanned.stats(), allProblems);
  }

  private static List<ListedCredential> revokedOf(AccountListing listing) {
    return listing.credentials().stream().filter(ListedCredential::revoked).toList();
  }

  private static List<StaleEntries.Listed> pairs(List<ListedCredential> listed) {
    return listed.stream().map(c -> new StaleEntries.Listed(c.credential(), c.grant())).toList();
  }
}
