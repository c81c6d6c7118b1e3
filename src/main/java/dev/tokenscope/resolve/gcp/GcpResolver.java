package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves Google Cloud credentials found in content.
 *
 * <p>A service-account JSON key (rule {@code gcp.service-account-key}, secret = the whole JSON):
 * the key is parsed, a JWT signed with it is exchanged for an access token at Google's token
 * endpoint ({@code POST oauth2.googleapis.com/token}: the key's own {@code token_uri} is scanned
 * content and is only accepted when it names Google's endpoint or the configured one), then, with
 * that token, read-only calls (see {@link GcpApi}): {@code serviceAccounts.get}, {@code keys.list},
 * Resource Manager {@code projects.get}/{@code folders.get} for the ancestry, {@code getIamPolicy}
 * on the project, its folders and organization, the account's own {@code getIamPolicy} (who may
 * impersonate it), {@code roles.get} for custom roles, and, only when the project policy is not
 * readable, {@code projects.testIamPermissions}. The token request is made by Google's auth library
 * and the reads by Google's REST clients, all on {@link SafeHttpTransport}, so every call goes
 * through {@link dev.tokenscope.http.SafeHttpClient} with the allow-lists of {@link GcpEndpoints}.
 *
 * <p>An API key ({@code AIza…}) cannot describe itself. When the auditor provides an access token
 * ({@code TOKENSCOPE_GCP_AUDITOR_TOKEN_FILE}), {@link ApiKeyLookup} finds its project and
 * restrictions with API Keys {@code keys.lookupKey} and {@code keys.get} (GET); otherwise it is
 * UNKNOWN with the way to find out.
 */
public final class GcpResolver implements Resolver {
  /** Bounds the testIamPermissions calls (100 permissions each) for one key. */
  private static final int MAX_TESTED = 1000;

  private static final java.util.Set<String> EXPOSING =
      java.util.Set.of(
          "secretmanager.versions.access",
          "container.secrets.get",
          "container.secrets.list",
          "storage.objects.get",
          "bigquery.tables.getData");

  /** A file holding the auditor's access token, used only to look up API keys (keys.lookupKey). */
  static final String AUDITOR_TOKEN_FILE = "TOKENSCOPE_GCP_AUDITOR_TOKEN_FILE";

  // The role catalog (thousands of roles) is read on the first GCP resolution, not when the
  // resolver is registered: scans that meet no GCP credential never pay for it.
  private final java.util.function.Supplier<RoleCatalog> catalog;
  private final java.util.function.Supplier<java.util.Optional<String>> auditorToken;

  public GcpResolver() {
    this.catalog = RoleCatalog::bundled;
    this.auditorToken = GcpResolver::auditorTokenFromEnvironment;
  }

  GcpResolver(
      RoleCatalog catalog, java.util.function.Supplier<java.util.Optional<String>> auditorToken) {
    this.catalog = () -> catalog;
    this.auditorToken = auditorToken;
  }

  private static java.util.Optional<String> auditorTokenFromEnvironment() {
    String file = System.getenv(AUDITOR_TOKEN_FILE);
    if (file == null || file.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      String token = java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim();
      return token.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(token);
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String provider() {
    return GcpEndpoints.PROVIDER;
  }

  @Override
  public boolean canResolve(Credential credential) {
    return GcpEndpoints.PROVIDER.equals(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String value = credential.secret().reveal().trim();
    if (credential.ruleId().equals("gcp.api-key") || value.startsWith("AIza")) {
      var token = auditorToken.get();
      if (token.isEmpty()) {
        return Grant.unresolved(
            new Identity(provider(), null, null, "api-key", Map.of()),
            GrantStatus.UNKNOWN,
            "a Google API key cannot describe itself: with credentials on its project, set "
                + AUDITOR_TOKEN_FILE
                + " to a file holding an access token (gcloud auth print-access-token) so tokenscope can look it up"
                + " (apikeys.keys.lookupKey), or run 'gcloud services api-keys lookup KEY'");
      }
      try {
        return ApiKeyLookup.resolve(value, GcpEndpoints.of(context), token.get());
      } catch (ProviderUnreachableException e) {
        return Grant.unresolved(
            new Identity(provider(), null, null, "api-key", Map.of()),
            GrantStatus.UNKNOWN,
            e.getMessage());
      }
    }
    if (!value.startsWith("{")) {
      return Grant.unresolved(
          new Identity(provider(), null, null, null, Map.of()),
          GrantStatus.UNKNOWN,
          "not a service-account JSON key or an API key: tokenscope cannot resolve this GCP credential");
    }
    ServiceAccountKey key;
    try {
      key = ServiceAccountKey.parse(value);
    } catch (ServiceAccountKey.NotAServiceAccountKey e) {
      return Grant.unresolved(
          new Identity(provider(), credential.attribute("client_email"), null, null, Map.of()),
          GrantStatus.INVALID,
          "the JSON is " + e.getMessage());
    }
    Identity bare =
        new Identity(
            provider(),
            key.clientEmail(),
            key.projectId() == null ? null : "projects/" + key.projectId(),
            "service-account-key",
            Map.of("key_id", key.privateKeyId()));
    GcpEndpoints endpoints = GcpEndpoints.of(context);
    if (!"googleapis.com".equals(key.universeDomain())) {
      return Grant.unresolved(
          bare,
          GrantStatus.UNKNOWN,
          "the key belongs to universe '"
              + key.universeDomain()
              + "', not googleapis.com: tokenscope sends keys only to Google's public endpoints or providers.gcp.base_url");
    }
    if (key.projectId() == null) {
      return Grant.unresolved(
          bare,
          GrantStatus.UNKNOWN,
          "the key names no project (project_id) and its e-mail is not PROJECT.iam.gserviceaccount.com: its project cannot be read");
    }
    if (!endpoints.trustsTokenUri(key.tokenUri())) {
      return Grant.unresolved(
          bare,
          GrantStatus.UNKNOWN,
          "the key's token_uri ("
              + key.tokenUri()
              + ") is not Google's token endpoint: tokenscope did not send it anywhere; the key may be tampered with or be for another environment");
    }
    try {
      return resolveLive(key, endpoints, context, bare);
    } catch (ProviderUnreachableException e) {
      return Grant.unresolved(bare, GrantStatus.UNKNOWN, e.getMessage());
    } catch (IllegalArgumentException e) {
      // An answer that does not have the documented shape (a proxy's page, an API change).
      return Grant.unresolved(
          bare, GrantStatus.UNKNOWN, "Google answered in an unexpected shape: " + e.getMessage());
    }
  }

  private Grant resolveLive(
      ServiceAccountKey key, GcpEndpoints endpoints, ResolveContext context, Identity bare)
      throws ProviderUnreachableException {
    TokenExchange.Outcome outcome = TokenExchange.exchange(key, endpoints);
    if (outcome instanceof TokenExchange.Rejected rejected) {
      return rejected(rejected, key, bare);
    }
    GcpApi api = new GcpApi(endpoints, ((TokenExchange.Issued) outcome).accessToken());
    GcpReader reader = new GcpReader(api, catalog.get());
    String project = key.projectId();
    List<String> unreadable = new ArrayList<>();
    KeyInfo info = null;
    boolean accountDisabled = false;
    GcpApi.Answer account = api.serviceAccount(project, key.clientEmail());
    if (account.ok()) {
      accountDisabled = account.body().path("disabled").asBoolean(false);
      project = account.body().path("projectId").asText(project);
    } else {
      unreadable.add("service account " + key.clientEmail() + " " + account.problem());
    }
    GcpApi.Answer keys = api.keys(project, key.clientEmail());
    if (keys.ok()) {
      for (JsonNode node : keys.body().path("keys")) {
        KeyInfo candidate = KeyInfo.parse(node);
        if (candidate.id().equals(key.privateKeyId())) {
          info = candidate;
        }
      }
    } else {
      unreadable.add(
          "keys of " + key.clientEmail() + " " + keys.problem() + " (key age and expiry unknown)");
    }
    GcpReader.ProjectState state = reader.project(project);
    if ("DISABLED".equals(state.state()) || "DELETE_REQUESTED".equals(state.state())) {
      return Grant.unresolved(
          bare,
          GrantStatus.REVOKED,
          "project "
              + project
              + " is "
              + ("DISABLED".equals(state.state())
                  ? "disabled or deleted (" + state.problem() + ")"
                  : "pending deletion (DELETE_REQUESTED)")
              + ": the key works only until the project is gone; delete the key");
    }
    List<IamPolicy> policies = reader.hierarchyPolicies(state, unreadable);
    IamPolicy own = reader.ownPolicy(project, key.clientEmail(), unreadable);
    var customRoles = reader.customRoles(policies, own, unreadable);
    Map<String, List<String>> tested = new java.util.LinkedHashMap<>();
    if (policies.stream().noneMatch(p -> p.resource().equals("projects/" + state.projectId()))) {
      testedPermissions(api, state.projectId(), tested, unreadable);
    }
    ServiceAccountView view =
        new ServiceAccountView(
            key.clientEmail(),
            project,
            accountDisabled,
            policies,
            own,
            customRoles,
            unreadable,
            tested);
    Grant grant =
        info != null && info.disabled()
            ? view.grant(
                info,
                GrantStatus.REVOKED,
                "key " + info.id() + " is disabled",
                "service-account-key",
                catalog.get(),
                context.clock().instant())
            : view.grant(
                info,
                GrantStatus.ACTIVE,
                null,
                "service-account-key",
                catalog.get(),
                context.clock().instant());
    return ServiceAccountView.inEnvironments(grant, state.environments());
  }

  /**
   * When the key may not read its project's policy, asks Google which risk-relevant permissions the
   * key holds there: the delete, permission-changing and secret-reading permissions of the
   * roles/owner entry of the catalog (at most {@link #MAX_TESTED}), 100 per call.
   */
  private void testedPermissions(
      GcpApi api, String project, Map<String, List<String>> tested, List<String> unreadable)
      throws ProviderUnreachableException {
    List<String> candidates =
        catalog
            .get()
            .role("roles/owner")
            .map(RoleCatalog.Role::permissions)
            .orElse(List.of())
            .stream()
            .filter(
                p -> PermissionAccess.of(p).compareTo(Access.DELETE) >= 0 || EXPOSING.contains(p))
            .limit(MAX_TESTED)
            .toList();
    List<String> held = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i += 100) {
      GcpApi.Answer answer =
          api.testPermissions(project, candidates.subList(i, Math.min(candidates.size(), i + 100)));
      if (!answer.ok()) {
        unreadable.add("projects/" + project + " testIamPermissions " + answer.problem());
        return;
      }
      answer.body().path("permissions").forEach(p -> held.add(p.asText()));
    }
    tested.put("projects/" + project, held);
  }

  private static Grant rejected(
      TokenExchange.Rejected rejected, ServiceAccountKey key, Identity bare) {
    String said =
        rejected.error()
            + (rejected.description().isEmpty() ? "" : " (" + rejected.description() + ")");
    return switch (rejected.error()) {
      case "invalid_grant", "invalid_client", "unauthorized_client", "disabled_client" ->
          Grant.unresolved(
              bare,
              GrantStatus.REVOKED,
              "Google's token endpoint refused key "
                  + key.privateKeyId()
                  + " of "
                  + key.clientEmail()
                  + ": "
                  + said
                  + ". The key was deleted or disabled, or its service account was; it no longer works, but remove it from where it was found");
      default ->
          Grant.unresolved(
              bare,
              GrantStatus.UNKNOWN,
              "Google's token endpoint answered HTTP " + rejected.status() + ": " + said);
    };
  }
}
