package dev.tokenscope.resolve.gcp;

import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.resolve.ResolveContext;
import java.net.URI;
import java.util.List;

/**
 * The Google endpoints tokenscope talks to, each behind its own read-only allow-list. All share the
 * provider name {@code gcp}: when {@code providers.gcp.base_url} is configured (tests, {@code
 * --replay}), every service is served under that one base URL, which works because their paths do
 * not overlap ({@code /token}, {@code /v1/...} for IAM, {@code /v3/...} for Resource Manager,
 * {@code /v2/...} for API Keys).
 *
 * <p>Why each POST is read-only: {@code /token} exchanges a signed assertion for a short-lived
 * access token and changes nothing at Google; {@code :getIamPolicy} and {@code :testIamPermissions}
 * are POST only because they take a request body (the policy version, the permissions to test), and
 * both return data without modifying the resource.
 */
record GcpEndpoints(
    SafeHttpClient token,
    SafeHttpClient iam,
    SafeHttpClient resourceManager,
    SafeHttpClient apiKeys) {
  static final String PROVIDER = "gcp";
  static final String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com";
  static final String GOOGLE_IAM_URL = "https://iam.googleapis.com";
  static final String GOOGLE_CRM_URL = "https://cloudresourcemanager.googleapis.com";
  static final String GOOGLE_API_KEYS_URL = "https://apikeys.googleapis.com";

  static final AllowList TOKEN_ALLOW_LIST =
      AllowList.of(PROVIDER, AllowedRequest.readOnlyPost("/token"));

  static final AllowList IAM_ALLOW_LIST =
      AllowList.of(
          PROVIDER,
          AllowedRequest.get("/v1/projects/[^/:]+/serviceAccounts"),
          AllowedRequest.get("/v1/projects/[^/:]+/serviceAccounts/[^/:]+"),
          AllowedRequest.get("/v1/projects/[^/:]+/serviceAccounts/[^/:]+/keys"),
          AllowedRequest.readOnlyPost("/v1/projects/[^/:]+/serviceAccounts/[^/:]+:getIamPolicy"),
          AllowedRequest.get("/v1/(projects|organizations)/[^/:]+/roles/[^/:]+"),
          AllowedRequest.get("/v1/roles/[^/:]+"));

  static final AllowList RESOURCE_MANAGER_ALLOW_LIST =
      AllowList.of(
          PROVIDER,
          AllowedRequest.get("/v3/projects"),
          AllowedRequest.get("/v3/folders"),
          AllowedRequest.get("/v3/projects/[^/:]+"),
          AllowedRequest.get("/v3/folders/[^/:]+"),
          AllowedRequest.readOnlyPost("/v3/(projects|folders|organizations)/[^/:]+:getIamPolicy"),
          AllowedRequest.readOnlyPost("/v3/projects/[^/:]+:testIamPermissions"));

  /** API Keys v2 {@code keys.lookupKey} and {@code keys.get}: both GET, both read-only. */
  static final AllowList API_KEYS_ALLOW_LIST =
      AllowList.of(
          PROVIDER,
          AllowedRequest.get("/v2/keys:lookupKey"),
          AllowedRequest.get("/v2/projects/[^/:]+/locations/[^/:]+/keys/[^/:]+"));

  static GcpEndpoints of(ResolveContext context) {
    return new GcpEndpoints(
        context.client(TOKEN_ALLOW_LIST, GOOGLE_TOKEN_URL),
        context.client(IAM_ALLOW_LIST, GOOGLE_IAM_URL),
        context.client(RESOURCE_MANAGER_ALLOW_LIST, GOOGLE_CRM_URL),
        context.client(API_KEYS_ALLOW_LIST, GOOGLE_API_KEYS_URL));
  }

  /**
   * The transport for Google's client libraries: every request they make goes through one of the
   * three clients above and its allow-list.
   */
  SafeHttpTransport transport() {
    return new SafeHttpTransport(
        List.of(
            new SafeHttpTransport.Route(token, TOKEN_ALLOW_LIST),
            new SafeHttpTransport.Route(iam, IAM_ALLOW_LIST),
            new SafeHttpTransport.Route(resourceManager, RESOURCE_MANAGER_ALLOW_LIST),
            new SafeHttpTransport.Route(apiKeys, API_KEYS_ALLOW_LIST)));
  }

  /** The URL tokens are requested from (also the JWT audience). */
  String tokenUrl() {
    return token.baseUrl() + "/token";
  }

  /**
   * True when a key's {@code token_uri} (scanned content) names Google's own token endpoint or the
   * configured one. Any other value means the key was made for another universe or was tampered
   * with; tokenscope then sends nothing.
   */
  boolean trustsTokenUri(String tokenUri) {
    if (tokenUri == null || tokenUri.isBlank()) {
      return true;
    }
    URI uri;
    try {
      uri = URI.create(tokenUri.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String text = uri.toString();
    if ("https".equals(uri.getScheme())
        && ("oauth2.googleapis.com".equals(uri.getHost())
            || "accounts.google.com".equals(uri.getHost())
            || "www.googleapis.com".equals(uri.getHost()))
        && uri.getPort() == -1) {
      return true;
    }
    return text.equals(tokenUrl()) || text.startsWith(token.baseUrl() + "/");
  }
}
