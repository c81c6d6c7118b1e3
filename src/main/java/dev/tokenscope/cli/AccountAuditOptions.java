package dev.tokenscope.cli;

import dev.tokenscope.assess.Assessor;
import dev.tokenscope.config.Config;
import dev.tokenscope.pipeline.AccountAssessment;
import dev.tokenscope.pipeline.AccountJoin;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.FoundTokenLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every SaaS account audit shares ({@code audit railway|github|gitlab|vault}): {@code
 * --snapshot}, {@code --config}, the output and assessment options, and the run itself: read the
 * listing (live, from a snapshot, or against --replay), assess it, report.
 */
final class AccountAuditOptions {
  @Option(
      names = "--snapshot",
      paramLabel = "DIR",
      description =
          "read the provider's saved answers from DIR instead of calling it (docs/accounts.md)")
  Path snapshot;

  @Mixin ConfigOptions configOptions;

  @Option(
      names = "--scan",
      paramLabel = "PATH",
      description =
          "also scan these files or folders, and join a token found there to its listed entry where the provider allows it (GitHub's token_last_eight; GitLab and Vault by asking the audited instance the found token's id; see docs/accounts.md)")
  java.util.List<Path> scan = new java.util.ArrayList<>();

  @Mixin OutputOptions output;

  @Mixin AssessOptions assess;

  /**
   * Runs the audit: {@code read} gets the listing from the config (pointed at the replay server
   * with --replay) and the resolve context; {@code snapshot} is used instead when --snapshot names
   * a folder.
   */
  int run(
      BiFunction<Config, ResolveContext, AccountListing> live,
      java.util.function.Function<ResolveContext, AccountListing> fromSnapshot) {
    return run(live, fromSnapshot, null);
  }

  /**
   * The same, for a provider that can tell the id of a token found by --scan ({@code lookup}: the
   * audited instance's self-lookup, built like {@code live} from the trusted config and
   * environment, never from the scanned files). A snapshot sends nothing, so nothing is looked up.
   */
  int run(
      BiFunction<Config, ResolveContext, AccountListing> live,
      java.util.function.Function<ResolveContext, AccountListing> fromSnapshot,
      BiFunction<Config, ResolveContext, FoundTokenLookup> lookup) {
    if (snapshot != null && assess.replaying()) {
      throw new UserException("give --snapshot DIR or --replay DIR, not both");
    }
    if (snapshot != null && !Files.isDirectory(snapshot)) {
      throw new UserException("--snapshot " + snapshot + ": no such folder");
    }
    Config loaded = configOptions.load(null);
    return assess.withReplay(
        loaded,
        config -> {
          ResolveContext context = assess.resolveContext(config);
          AccountListing listing =
              snapshot != null ? fromSnapshot.apply(context) : live.apply(config, context);
          Assessor assessor = assess.assessor(config, Map.of());
          AccountJoin.Found found =
              scan.isEmpty()
                  ? new AccountJoin.Found(java.util.List.of(), java.util.List.of())
                  : AccountJoin.detect(scan, 10L * 1024 * 1024);
          if (lookup != null
              && found.credentials().stream()
                  .anyMatch(c -> c.provider().equalsIgnoreCase(listing.provider()))) {
            found =
                snapshot != null
                    ? found.noting(
                        "--snapshot sends nothing, so tokens found by --scan were not looked up and join no listed entry (a live audit or --replay does)")
                    : AccountJoin.identify(found, lookup.apply(config, context));
          }
          output.targets = targets(listing);
          ScanResult result = AccountAssessment.run(listing, found, assessor, config, context);
          if (!output.quiet) {
            long revoked = listing.credentials().stream().filter(c -> c.revoked()).count();
            System.err.printf(
                "tokenscope: %s: %d credentials listed (%d revoked or expired), %d findings, %d problems%n",
                listing.source(),
                listing.credentials().size(),
                revoked,
                result.findings().size(),
                result.problems().size());
            listing.notes().forEach(n -> System.err.println("tokenscope: note: " + n));
            found.notes().forEach(n -> System.err.println("tokenscope: note: " + n));
            if (!listing.exhaustive()) {
              System.err.println(
                  "tokenscope: note: this audit did not list every kind of credential (see docs/accounts.md), so no inventory entry is called stale");
            }
          }
          return output.emit(result, config.failOn(), System.out);
        });
  }

  /**
   * What the audit read, for the report's header: the snapshot folder, the recorded answers (not
   * the replay server's passing address), or the provider's API; then any --scan paths.
   */
  private java.util.List<String> targets(AccountListing listing) {
    java.util.List<String> targets = new java.util.ArrayList<>();
    if (snapshot != null) {
      targets.add(listing.provider() + " snapshot " + snapshot);
    } else if (assess.replaying()) {
      targets.add(listing.provider() + " answers recorded in " + assess.replay);
    } else {
      targets.add(listing.source());
    }
    scan.forEach(p -> targets.add(p.toString()));
    return targets;
  }

  /** The auditor's credential, or a stand-in when answers come from --replay. */
  String token(String provider, java.util.List<String> variables) {
    return assess.replaying() ? "replayed-answers" : AuditorCredential.token(provider, variables);
  }
}
