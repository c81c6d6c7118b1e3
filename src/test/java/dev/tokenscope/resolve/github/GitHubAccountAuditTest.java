package dev.tokenscope.resolve.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.RecordedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubAccountAuditTest {

  private static AccountListing audit(String dir) {
    try (RecordedAccount account = RecordedAccount.of(dir, "github")) {
      AccountListing listing = GitHubAccountAudit.live(account.context(), "auditor-token", "acme");
      assertThat(account.server().unmatched()).isEmpty();
      return listing;
    }
  }

  private static ListedCredential byId(AccountListing listing, String id) {
    return listing.credentials().stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no credential " + id));
  }

  @Test
  void listsEveryKindOfCredentialAcrossPagesAndWaitsOutTheRateLimit() {
    AccountListing listing = audit("accounts/github");

    assertThat(listing.problems()).isEmpty();
    assertThat(listing.credentials())
        .extracting(ListedCredential::kind, ListedCredential::id)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("fine-grained-pat", "9001"),
            org.assertj.core.groups.Tuple.tuple("fine-grained-pat", "9002"),
            org.assertj.core.groups.Tuple.tuple("fine-grained-pat", "9003"),
            org.assertj.core.groups.Tuple.tuple("fine-grained-pat-request", "9004"),
            org.assertj.core.groups.Tuple.tuple("classic-pat", "161195"),
            org.assertj.core.groups.Tuple.tuple("ssh-key", "161196"),
            org.assertj.core.groups.Tuple.tuple("app-installation", "25381001"),
            org.assertj.core.groups.Tuple.tuple("deploy-key", "5001"));
    assertThat(listing.notes())
        .singleElement()
        .asString()
        .contains("rate limited on /orgs/acme/installations");
    assertThat(listing.storageNames())
        .containsExactlyInAnyOrder("RAILWAY_DOMAINS_TOKEN", "acme/shop/DEPLOY_KEY");
  }

  @Test
  void fineGrainedTokenCarriesOwnerPermissionsAndLastUse() {
    ListedCredential bot = byId(audit("accounts/github"), "9001");

    assertThat(bot.grant().identity().principal()).isEqualTo("alice");
    assertThat(bot.grant().permissions())
        .extracting(Permission::action)
        .containsExactlyInAnyOrder(
            "members:read", "administration:write", "contents:write", "metadata:read");
    assertThat(bot.grant().lastUsed()).isEqualTo("2026-01-05T08:00:00Z");
    assertThat(bot.grant().expires()).isNull();
  }

  @Test
  void expiredTokenIsRevokedAndAPendingRequestGrantsNothing() {
    AccountListing listing = audit("accounts/github");

    assertThat(byId(listing, "9003").revoked()).isTrue();
    ListedCredential request = byId(listing, "9004");
    assertThat(request.revoked()).isFalse();
    assertThat(request.grant().status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(request.grant().permissions()).isEmpty();
  }

  @Test
  void ssoAuthorizedClassicTokenKeepsItsScopesAndLastEightCharacters() {
    ListedCredential classic = byId(audit("accounts/github"), "161195");

    assertThat(classic.grant().permissions())
        .extracting(Permission::action)
        .containsExactly("repo", "admin:org", "workflow");
    assertThat(classic.lastEight()).isEqualTo("A14VKCxv");
    assertThat(classic.credential().attribute("last_eight")).isEqualTo("A14VKCxv");
  }

  @Test
  void deployKeyWithWriteAccessMayPush() {
    ListedCredential key = byId(audit("accounts/github"), "5001");

    assertThat(key.grant().permissions())
        .extracting(Permission::action)
        .containsExactly("deploy_key:write");
    assertThat(key.grant().toString()).doesNotContain("AAAAC3NzaC1lZDI1NTE5");
  }

  @Test
  void aMemberWhoIsNotOwnerGetsAPartialListingNamingWhatWasNotListed() {
    AccountListing listing = audit("accounts/github-partial");

    assertThat(listing.complete()).isFalse();
    assertThat(listing.problems())
        .anyMatch(p -> p.startsWith("fine-grained tokens not listed") && p.contains("HTTP 403"))
        .anyMatch(p -> p.startsWith("GitHub App installations not listed"))
        .noneMatch(p -> p.contains("credential authorizations"));
    assertThat(listing.credentials()).extracting(ListedCredential::id).containsExactly("5001");
  }

  @Test
  void snapshotReadsTheSameAnswersSavedUnderTheirPaths(@TempDir Path dir) throws Exception {
    Path recorded = RecordedAccount.resource("accounts/github");
    Files.createDirectories(dir.resolve("orgs/acme"));
    Files.copy(
        recorded.resolve("pat-grants-page1.json"),
        dir.resolve("orgs/acme/personal-access-tokens.json"));
    Files.writeString(dir.resolve("orgs/acme/repos.json"), "[]");

    AccountListing listing =
        GitHubAccountAudit.snapshot(dir, "acme", Clock.fixed(RecordedAccount.NOW, ZoneOffset.UTC));

    assertThat(listing.credentials()).extracting(ListedCredential::id).containsExactly("9001");
    assertThat(listing.problems())
        .anyMatch(
            p -> p.contains("orgs/acme/installations.json") && p.contains("was not exported"));
  }

  @Test
  void everyCallThatChangesSomethingIsRefused() {
    for (String[] request :
        new String[][] {
          {"POST", "/orgs/acme/personal-access-tokens"},
          {"POST", "/orgs/acme/personal-access-tokens/25381"},
          {"POST", "/orgs/acme/personal-access-token-requests/731"},
          {"DELETE", "/orgs/acme/credential-authorizations/161195"},
          {"POST", "/repos/acme/shop/keys"},
          {"DELETE", "/repos/acme/shop/keys/5001"},
          {"PUT", "/orgs/acme/actions/secrets/RAILWAY_DOMAINS_TOKEN"},
          {"GET", "/orgs/acme/actions/secrets/public-key"},
          {"GET", "/repos/acme/../../user/keys"}
        }) {
      assertThatThrownBy(() -> GitHubAccountAudit.ALLOW_LIST.check(request[0], request[1], null))
          .as(request[0] + " " + request[1])
          .isInstanceOf(RefusedRequestException.class);
    }
  }
}
