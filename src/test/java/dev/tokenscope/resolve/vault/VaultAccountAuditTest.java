package dev.tokenscope.resolve.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.RecordedAccount;
import org.junit.jupiter.api.Test;

class VaultAccountAuditTest {

  private static AccountListing audit() {
    try (RecordedAccount account = RecordedAccount.of("accounts/vault", "vault")) {
      String address = account.server().baseUrl("vault").toString();
      AccountListing listing = VaultAccountAudit.live(account.context(), "auditor-token", address);
      assertThat(account.server().unmatched()).isEmpty();
      // Only the accessor travels: never a token, never a secret path read.
      assertThat(account.server().received())
          .noneMatch(r -> r.path().contains("lookup-self") || r.path().startsWith("/v1/kv/"));
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
  void listsEveryAccessorWithPoliciesAndCapabilities() {
    AccountListing listing = audit();

    assertThat(listing.problems()).isEmpty();
    assertThat(listing.credentials())
        .extracting(ListedCredential::name)
        .containsExactlyInAnyOrder("root", "token-ops-cleanup", "approle-billing");
    ListedCredential ops = byId(listing, "e84f3a2c-1d5b-4c7e-9a0f-6b2d8c4e1f37");
    assertThat(ops.grant().permissions())
        .extracting(Permission::action)
        .containsExactlyInAnyOrder(
            "create:kv/", "delete:kv/", "list:kv/", "read:kv/", "update:kv/");
    assertThat(ops.grant().expires()).isEqualTo("2026-12-05T10:00:00Z");
  }

  @Test
  void rootTokenIsEverythingAndNeverExpires() {
    ListedCredential root = byId(audit(), "8609694a-cdbc-db9b-d345-e782dbb562ed");

    assertThat(root.grant().permissions()).extracting(Permission::action).containsExactly("root:*");
    assertThat(root.grant().expires()).isNull();
    assertThat(root.grant().identity().details()).containsEntry("orphan", "true");
  }

  @Test
  void everyCallThatChangesSomethingIsRefused() {
    for (String[] request :
        new String[][] {
          {"POST", "/v1/auth/token/create"},
          {"POST", "/v1/auth/token/revoke-accessor"},
          {"POST", "/v1/auth/token/renew-accessor"},
          {"POST", "/v1/auth/token/lookup"},
          {"POST", "/v1/auth/token/renew-self"},
          {"POST", "/v1/auth/token/revoke-self"},
          {"POST", "/v1/auth/token/lookup-self"},
          {"GET", "/v1/auth/token/lookup-self/extra"},
          {"GET", "/v1/database/creds/app"},
          {"POST", "/v1/sys/capabilities-self"}
        }) {
      assertThatThrownBy(() -> VaultAccountAudit.ALLOW_LIST.check(request[0], request[1], null))
          .as(request[0] + " " + request[1])
          .isInstanceOf(RefusedRequestException.class);
    }
  }

  @Test
  void aFoundTokensSelfLookupIsAllowedAsAGetOnly() {
    // audit vault --scan asks the audited Vault, with each found token, for its accessor.
    VaultAccountAudit.ALLOW_LIST.check("GET", "/v1/auth/token/lookup-self", null);
  }
}
