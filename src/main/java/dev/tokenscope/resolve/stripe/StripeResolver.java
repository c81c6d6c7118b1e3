package dev.tokenscope.resolve.stripe;

import static dev.tokenscope.http.AllowedRequest.get;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.JsonAnswer;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.UnexpectedAnswerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Stripe secret keys ({@code sk_live_}, {@code sk_test_}) and restricted keys ({@code
 * rk_live_}, {@code rk_test_}); live or test mode comes from the prefix.
 *
 * <p>Calls, all {@code GET} (Stripe documents GET as retrieving or listing, never changing):
 *
 * <ul>
 *   <li>{@code GET /v1/account}: the account id and name. A restricted key without the account
 *       permission gets 403, whose message still names the account.
 *   <li>For restricted keys only, one list call per resource family with {@code limit=1} ({@code
 *       GET /v1/charges?limit=1}, {@code /v1/customers}, … {@code /v1/balance}): 200 proves read
 *       access, 403 its absence. Write access cannot be probed without writing, so it is not
 *       claimed; the evidence says so.
 * </ul>
 */
public final class StripeResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://api.stripe.com";

  /** Resource family and the read-only list path that proves read access to it. */
  static final Map<String, String> FAMILIES = new LinkedHashMap<>();

  static {
    for (String family :
        List.of(
            "charges",
            "customers",
            "payment_intents",
            "payment_methods",
            "refunds",
            "disputes",
            "invoices",
            "subscriptions",
            "products",
            "prices",
            "coupons",
            "payouts",
            "transfers",
            "balance_transactions",
            "checkout/sessions",
            "webhook_endpoints",
            "accounts",
            "files",
            "events",
            "issuing/cards",
            "tax_rates")) {
      FAMILIES.put(family, "/v1/" + family + "?limit=1");
    }
    FAMILIES.put("balance", "/v1/balance");
  }

  static final AllowList ALLOW_LIST;

  static {
    List<dev.tokenscope.http.AllowedRequest> requests = new ArrayList<>();
    requests.add(get("/v1/account"));
    FAMILIES
        .values()
        .forEach(path -> requests.add(get(Pattern.quote(path.replaceAll("\\?.*", "")))));
    ALLOW_LIST = new AllowList("stripe", requests);
  }

  private static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]+");

  @Override
  public String provider() {
    return "stripe";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "stripe".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String key = credential.secret().reveal();
    boolean restricted = key.startsWith("rk_");
    boolean live = key.contains("_live_");
    String type =
        (restricted ? "restricted-key" : key.startsWith("sk_") ? "secret-key" : "publishable-key");
    List<String> environments = List.of(live ? "production" : "test");
    Identity unknown =
        new Identity("stripe", null, null, type, Map.of("mode", live ? "live" : "test"));
    if (type.equals("publishable-key")) {
      return Grant.unresolved(
          unknown,
          GrantStatus.UNKNOWN,
          "a Stripe publishable key is meant to be public and grants no secret access");
    }
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    Map<String, String> headers =
        Map.of("Authorization", "Bearer " + key, "User-Agent", "tokenscope");
    try {
      HttpResult answer = http.get("/v1/account", headers);
      String account = null;
      Map<String, String> details = new LinkedHashMap<>(unknown.details());
      List<String> evidence = new ArrayList<>();
      if (answer.status() == 401) {
        JsonNode error = JsonAnswer.read(answer, "stripe", "GET /v1/account").path("error");
        boolean expired = error.path("message").asText("").startsWith("Expired");
        return Grant.unresolved(
            unknown,
            expired ? GrantStatus.REVOKED : GrantStatus.INVALID,
            expired
                ? "Stripe: expired API key (rolled or revoked)"
                : "Stripe: invalid API key (not known to Stripe)");
      }
      if (answer.ok()) {
        JsonNode body = JsonAnswer.read(answer, "stripe", "GET /v1/account");
        account = body.path("id").asText(null);
        String name =
            body.path("settings")
                .path("dashboard")
                .path("display_name")
                .asText(body.path("business_profile").path("name").asText(""));
        details.put("name", name);
        details.put("country", body.path("country").asText(""));
        evidence.add("GET /v1/account: 200 (" + account + ")");
      } else if (answer.status() == 403) {
        String message =
            JsonAnswer.read(answer, "stripe", "GET /v1/account")
                .path("error")
                .path("message")
                .asText("");
        Matcher m = ACCOUNT.matcher(message);
        account = m.find() ? m.group() : null;
        evidence.add("GET /v1/account: 403 (the key may not read the account)");
      } else {
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "Stripe answered GET /v1/account with HTTP " + answer.status());
      }
      String resource = account == null ? "*" : account;
      List<Permission> permissions = new ArrayList<>();
      if (!restricted) {
        permissions.add(Permission.of("secret-key:all-resources", resource, Access.ADMIN));
        evidence.add(
            "a secret key can read and write every resource of the account: charges, refunds, payouts, customers, webhooks");
      } else {
        if (answer.ok()) {
          permissions.add(Permission.of("account:read", resource, Access.READ));
        }
        for (Map.Entry<String, String> family : FAMILIES.entrySet()) {
          HttpResult probe = http.get(family.getValue(), headers);
          evidence.add("GET " + family.getValue() + ": " + probe.status());
          if (probe.ok()) {
            permissions.add(Permission.of(family.getKey() + ":read", resource, Access.READ));
          }
        }
        evidence.add(
            "write access of a restricted key cannot be probed without writing; only read access is proven");
      }
      Identity identity = new Identity("stripe", account, account, type, details);
      return new Grant(
          identity,
          environments,
          permissions,
          null,
          null,
          null,
          GrantStatus.ACTIVE,
          null,
          evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(
          unknown, environments, GrantStatus.UNKNOWN, e.getMessage(), List.of());
    }
  }
}
