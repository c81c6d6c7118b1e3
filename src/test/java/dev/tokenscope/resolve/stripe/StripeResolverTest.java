package dev.tokenscope.resolve.stripe;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.resource;
import static dev.tokenscope.resolve.ProviderFixture.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.ReplayServer.Exchange;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ProviderFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeResolverTest {
  private static final Credential SECRET =
      credential(
          "stripe",
          "stripe.secret-key",
          "sk_live_51Nv0FGQ9RKHgCVdKaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678");
  private static final Credential RESTRICTED =
      credential(
          "stripe",
          "stripe.restricted-key",
          "rk_test_51Nv0FGQ9RKHgCVdKzYxWvUtSrQpOnMlKjIhGfEdCbA9876543210zYxWvUtSrQpOnMlKjIhGfEdCbA987654321");
  private final StripeResolver resolver = new StripeResolver();

  @Test
  void liveSecretKeyReachesTheWholeAccountInProduction() throws Exception {
    try (ReplayServer server =
        serve(
            answer("stripe", "GET", "/v1/account", 200, resource("resolve/stripe/account.json")))) {
      Grant grant = resolver.resolve(SECRET, context(server, "stripe"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("secret-key");
      assertThat(grant.identity().account()).isEqualTo("acct_1Nv0FGQ9RKHgCVdK");
      assertThat(grant.identity().details())
          .containsEntry("mode", "live")
          .containsEntry("name", "Acme Shop");
      assertThat(grant.environments()).containsExactly("production");
      assertThat(grant.permissions())
          .containsExactly(
              Permission.of("secret-key:all-resources", "acct_1Nv0FGQ9RKHgCVdK", Access.ADMIN));
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void restrictedKeyReadAccessIsProbedFamilyByFamilyAndWriteIsNotClaimed() throws Exception {
    List<Exchange> exchanges = new ArrayList<>();
    exchanges.add(
        answer(
            "stripe",
            "GET",
            "/v1/account",
            403,
            resource("resolve/stripe/restricted-forbidden.json")));
    exchanges.add(
        answer("stripe", "GET", "/v1/charges", 200, resource("resolve/stripe/list-empty.json")));
    exchanges.add(
        answer("stripe", "GET", "/v1/customers", 200, resource("resolve/stripe/list-empty.json")));
    for (String path : StripeResolver.FAMILIES.values()) {
      exchanges.add(
          answer(
              "stripe",
              "GET",
              path.replaceAll("\\?.*", ""),
              403,
              resource("resolve/stripe/restricted-forbidden.json")));
    }
    try (ReplayServer server = ReplayServer.of(exchanges)) {
      Grant grant = resolver.resolve(RESTRICTED, context(server, "stripe"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("restricted-key");
      assertThat(grant.identity().account()).isEqualTo("acct_1Nv0FGQ9RKHgCVdK");
      assertThat(grant.environments()).containsExactly("test");
      assertThat(grant.permissions())
          .containsExactly(
              Permission.of("charges:read", "acct_1Nv0FGQ9RKHgCVdK", Access.READ),
              Permission.of("customers:read", "acct_1Nv0FGQ9RKHgCVdK", Access.READ));
      assertThat(grant.evidence())
          .anyMatch(e -> e.contains("write access of a restricted key cannot be probed"));
      assertThat(server.received()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
      assertThat(server.unmatched()).isEmpty();
    }
  }

  @Test
  void invalidKeyIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "stripe",
                "GET",
                "/v1/account",
                401,
                resource("resolve/stripe/invalid-key.json")))) {
      Grant grant = resolver.resolve(SECRET, context(server, "stripe"));

      assertThat(grant.status()).isEqualTo(GrantStatus.INVALID);
      assertThat(grant.statusReason()).doesNotContain("sk_live_");
    }
  }

  @Test
  void expiredKeyIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "stripe",
                "GET",
                "/v1/account",
                401,
                resource("resolve/stripe/expired-key.json")))) {
      assertThat(resolver.resolve(SECRET, context(server, "stripe")).status())
          .isEqualTo(GrantStatus.REVOKED);
    }
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    Grant grant = resolver.resolve(SECRET, ProviderFixture.unreachable("stripe"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("stripe did not answer GET /v1/account");
    assertThat(grant.environments()).containsExactly("production");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("stripe", "GET", "/v1/account", 200))) {
      Grant grant = resolver.resolve(SECRET, context(server, "stripe"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingStripe() throws Exception {
    try (ReplayServer server = serve(answer("stripe", "POST", "/v1/refunds", 200, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("stripe"), StripeResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(
              () ->
                  client.post(
                      "/v1/refunds", "charge=ch_1", "application/x-www-form-urlencoded", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(() -> StripeResolver.ALLOW_LIST.check("DELETE", "/v1/customers", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
