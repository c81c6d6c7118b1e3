package dev.tokenscope.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.AssessSettings;
import dev.tokenscope.assess.Assessor;
import dev.tokenscope.assess.Inventory;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.config.Config;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.RecordedAccount;
import dev.tokenscope.resolve.github.GitHubAccountAudit;
import dev.tokenscope.resolve.gitlab.GitLabAccountAudit;
import dev.tokenscope.resolve.railway.RailwayAccountAudit;
import dev.tokenscope.resolve.vault.VaultAccountAudit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Recorded accounts of each kind, held against an inventory that declares some of their tokens: the
 * finding kinds each token gets, compared whole, so a missing or an extra kind fails.
 */
class AccountAssessmentTest {

  private static Map<String, Set<FindingKind>> kindsByToken(
      String dir, String provider, Path inventory, Function<RecordedAccount, AccountListing> audit)
      throws Exception {
    try (RecordedAccount account = RecordedAccount.of(dir, provider)) {
      AccountListing listing = audit.apply(account);
      Assessor assessor =
          new Assessor(
              PolicySet.bundled(),
              inventory == null ? Inventory.none() : Inventory.load(inventory),
              AssessSettings.of(Config.empty(), Clock.fixed(RecordedAccount.NOW, ZoneOffset.UTC)),
              Map.of());
      ScanResult result =
          AccountAssessment.run(listing, assessor, account.context().config(), account.context());
      Map<String, Set<FindingKind>> kinds = new TreeMap<>();
      for (Finding f : result.findings()) {
        kinds
            .computeIfAbsent(f.credential().redacted(), k -> EnumSet.noneOf(FindingKind.class))
            .add(f.kind());
      }
      return kinds;
    }
  }

  private static Path inventory(String dir) {
    return RecordedAccount.resource(dir).resolve("tokens.yaml");
  }

  @Test
  void githubOrganisationFindingsPerToken() throws Exception {
    Map<String, Set<FindingKind>> kinds =
        kindsByToken(
            "accounts/github",
            "github",
            inventory("accounts/github"),
            a -> GitHubAccountAudit.live(a.context(), "t", "acme"));

    assertThat(kinds)
        .containsOnly(
            Map.entry(
                "9001",
                EnumSet.of(
                    FindingKind.DESTRUCTIVE,
                    FindingKind.OVER_PRIVILEGED,
                    FindingKind.STALE,
                    FindingKind.LONG_LIVED)),
            Map.entry("9004", EnumSet.of(FindingKind.UNKNOWN_TOKEN)),
            Map.entry(
                "161195",
                EnumSet.of(
                    FindingKind.UNKNOWN_TOKEN,
                    FindingKind.DESTRUCTIVE,
                    FindingKind.ADMIN_EQUIVALENT,
                    FindingKind.CREDENTIAL_EXPOSURE,
                    FindingKind.LONG_LIVED)),
            Map.entry("161196", EnumSet.of(FindingKind.UNKNOWN_TOKEN, FindingKind.LONG_LIVED)),
            Map.entry(
                "25381001",
                EnumSet.of(
                    FindingKind.UNKNOWN_TOKEN,
                    FindingKind.CREDENTIAL_EXPOSURE,
                    FindingKind.LONG_LIVED)),
            Map.entry(
                "5001",
                EnumSet.of(
                    FindingKind.UNKNOWN_TOKEN, FindingKind.DESTRUCTIVE, FindingKind.LONG_LIVED)),
            // Declared but gone: old-release is listed only as expired, legacy-ci not at all, and
            // legacy-ci's stored_in names a secret the organisation does not hold.
            Map.entry("old-release", EnumSet.of(FindingKind.STALE_INVENTORY_ENTRY)),
            Map.entry("legacy-ci", EnumSet.of(FindingKind.STALE_INVENTORY_ENTRY)));
  }

  @Test
  void aPartialListingCallsNoEntryStale() throws Exception {
    Map<String, Set<FindingKind>> kinds =
        kindsByToken(
            "accounts/github-partial",
            "github",
            inventory("accounts/github-partial"),
            a -> GitHubAccountAudit.live(a.context(), "t", "acme"));

    assertThat(kinds.values()).noneMatch(k -> k.contains(FindingKind.STALE_INVENTORY_ENTRY));
    assertThat(kinds).containsOnlyKeys("5001");
  }

  @Test
  void gitlabGroupAndInstanceFindingsPerToken() throws Exception {
    Map<String, Set<FindingKind>> kinds =
        kindsByToken(
            "accounts/gitlab",
            "gitlab",
            inventory("accounts/gitlab"),
            a -> GitLabAccountAudit.live(a.context(), "t", "acme", true));

    assertThat(kinds)
        .containsOnly(
            Map.entry(
                "301", EnumSet.of(FindingKind.UNKNOWN_TOKEN, FindingKind.PRIVILEGE_ESCALATION)),
            Map.entry("401", EnumSet.of(FindingKind.LONG_LIVED)),
            Map.entry(
                "501",
                EnumSet.of(
                    FindingKind.UNKNOWN_TOKEN,
                    FindingKind.DESTRUCTIVE,
                    FindingKind.PRIVILEGE_ESCALATION,
                    FindingKind.CREDENTIAL_EXPOSURE,
                    FindingKind.STALE,
                    FindingKind.LONG_LIVED)));
  }

  @Test
  void gitlabGroupWithoutInstanceCallsNoEntryStale() throws Exception {
    Map<String, Set<FindingKind>> kinds =
        kindsByToken(
            "accounts/gitlab",
            "gitlab",
            inventory("accounts/gitlab"),
            a -> GitLabAccountAudit.live(a.context(), "t", "acme", false));

    assertThat(kinds).doesNotContainKeys("old-registry", "auditor");
  }

  @Test
  void vaultFindingsPerAccessor() throws Exception {
    Map<String, Set<FindingKind>> kinds =
        kindsByToken(
            "accounts/vault",
            "vault",
            inventory("accounts/vault"),
            a -> VaultAccountAudit.live(a.context(), "t", a.server().baseUrl("vault").toString()));

    assertThat(kinds)
        .containsOnly(
            Map.entry(
                "8609694a-cdbc-db9b-d345-e782dbb562ed",
                EnumSet.of(
                    FindingKind.UNKNOWN_TOKEN,
                    FindingKind.ADMIN_EQUIVALENT,
                    FindingKind.LONG_LIVED)),
            Map.entry(
                "e84f3a2c-1d5b-4c7e-9a0f-6b2d8c4e1f37",
                EnumSet.of(
                    FindingKind.DESTRUCTIVE, FindingKind.OVER_PRIVILEGED, FindingKind.LONG_LIVED)),
            Map.entry("deleted-ci", EnumSet.of(FindingKind.STALE_INVENTORY_ENTRY)));
  }

  @Test
  void railwayAccountTokenNobodyDeclaredIsUnknownAndDestructive() throws Exception {
    Map<String, Set<FindingKind>> kinds =
        kindsByToken(
            Path.of("examples/incident/recorded-account").toAbsolutePath().toString(),
            "railway",
            Path.of("examples/incident/tokens.yaml"),
            a -> RailwayAccountAudit.live(a.context(), "t"));

    assertThat(kinds.get("e3b7a1f2-9c4d-4e8a-b6f1-2d7c9a0e5b18"))
        .containsExactlyInAnyOrder(
            FindingKind.UNKNOWN_TOKEN,
            FindingKind.DESTRUCTIVE,
            FindingKind.PRIVILEGE_ESCALATION,
            FindingKind.CREDENTIAL_EXPOSURE,
            FindingKind.LONG_LIVED);
    // The inventory knows its tokens only by the fingerprints of their secrets: nothing an
    // account listing can check, so no entry is called stale.
    assertThat(kinds.values()).noneMatch(k -> k.contains(FindingKind.STALE_INVENTORY_ENTRY));
  }
}
