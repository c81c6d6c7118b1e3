package dev.tokenscope.resolve.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.RecordedAccount;
import org.junit.jupiter.api.Test;

class GitLabAccountAuditTest {

  private static AccountListing audit(boolean instance) {
    try (RecordedAccount account = RecordedAccount.of("accounts/gitlab", "gitlab")) {
      AccountListing listing =
          GitLabAccountAudit.live(account.context(), "auditor-token", "acme", instance);
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
  void listsGroupAndProjectTokensAcrossPagesAndThroughARateLimit() {
    AccountListing listing = audit(false);

    assertThat(listing.problems()).isEmpty();
    assertThat(listing.credentials())
        .extracting(ListedCredential::kind, ListedCredential::id)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("group-access-token", "301"),
            org.assertj.core.groups.Tuple.tuple("group-access-token", "303"),
            org.assertj.core.groups.Tuple.tuple("group-deploy-token", "401"),
            org.assertj.core.groups.Tuple.tuple("project-access-token", "501"));
  }

  @Test
  void revokedTokenIsKeptApart() {
    assertThat(byId(audit(false), "303").revoked()).isTrue();
    assertThat(byId(audit(false), "301").revoked()).isFalse();
  }

  @Test
  void ownerLevelProjectTokenWithApiScopeMayDeleteTheProject() {
    ListedCredential owner = byId(audit(false), "501");

    assertThat(owner.grant().permissions())
        .extracting(Permission::action)
        .contains("api", "write_repository", "role:owner", "project:delete");
    assertThat(owner.grant().expires()).isEqualTo("2027-11-01T00:00:00Z");
    assertThat(owner.grant().lastUsed()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void instanceListingByANonAdministratorIsReportedPartial() {
    AccountListing listing = audit(true);

    assertThat(listing.credentials()).extracting(ListedCredential::id).contains("601");
    assertThat(listing.complete()).isFalse();
    assertThat(listing.problems())
        .singleElement()
        .asString()
        .contains("not a GitLab administrator");
  }

  @Test
  void everyCallThatChangesSomethingIsRefused() {
    for (String[] request :
        new String[][] {
          {"POST", "/api/v4/groups/acme/access_tokens"},
          {"DELETE", "/api/v4/groups/acme/access_tokens/301"},
          {"POST", "/api/v4/projects/42/access_tokens/501/rotate"},
          {"POST", "/api/v4/groups/acme/deploy_tokens"},
          {"DELETE", "/api/v4/personal_access_tokens/601"},
          {"POST", "/api/v4/personal_access_tokens/self/rotate"},
          {"DELETE", "/api/v4/personal_access_tokens/self"},
          {"GET", "/api/v4/personal_access_tokens/self/associations"},
          {"GET", "/api/v4/projects/42/variables"}
        }) {
      assertThatThrownBy(() -> GitLabAccountAudit.ALLOW_LIST.check(request[0], request[1], null))
          .as(request[0] + " " + request[1])
          .isInstanceOf(RefusedRequestException.class);
    }
  }

  @Test
  void aFoundTokensSelfLookupIsAllowedAsAGetOnly() {
    // audit gitlab --scan asks the audited instance, with each found token, for its id.
    GitLabAccountAudit.ALLOW_LIST.check("GET", "/api/v4/personal_access_tokens/self", null);
  }
}
