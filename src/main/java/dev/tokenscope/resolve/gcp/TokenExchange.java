package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.tokenscope.http.ProviderUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The OAuth 2.0 JWT-bearer flow (RFC 7523) for a service-account key, done by Google's auth library
 * ({@link ServiceAccountCredentials}): a JWT signed with the key is exchanged for a short-lived
 * access token. The private key never leaves the process; only the signed assertion is sent, to
 * {@link GcpEndpoints#tokenUrl()} (never the key's own {@code token_uri}), through the allow-listed
 * {@link SafeHttpTransport}.
 */
final class TokenExchange {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** What the token endpoint said. */
  sealed interface Outcome permits Issued, Rejected {}

  /** An access token (kept in memory only, for the read calls that follow). */
  record Issued(String accessToken) implements Outcome {
    @Override
    public String toString() {
      return "Issued[access token redacted]";
    }
  }

  /** The endpoint refused the key: {@code invalid_grant} for a deleted or disabled key. */
  record Rejected(int status, String error, String description) implements Outcome {}

  private TokenExchange() {}

  static Outcome exchange(ServiceAccountKey key, GcpEndpoints endpoints)
      throws ProviderUnreachableException {
    SafeHttpTransport transport = endpoints.transport();
    ServiceAccountCredentials credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail(key.clientEmail())
            .setPrivateKey(key.privateKey())
            .setPrivateKeyId(key.privateKeyId())
            .setProjectId(key.projectId())
            .setScopes(List.of(SCOPE))
            .setTokenServerUri(URI.create(endpoints.tokenUrl()))
            .setHttpTransportFactory(() -> transport)
            // SafeHttpClient already retries 429 and 5xx with backoff.
            .setDefaultRetriesEnabled(false)
            .build();
    try {
      AccessToken token = credentials.refreshAccessToken();
      return new Issued(token.getTokenValue());
    } catch (IOException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof HttpResponseException refused) {
          return rejected(refused.getStatusCode(), refused.getContent());
        }
        if (cause instanceof ProviderUnreachableException unreachable) {
          throw unreachable;
        }
      }
      throw new ProviderUnreachableException("gcp token endpoint: " + e.getMessage(), e);
    }
  }

  private static Rejected rejected(int status, String content) {
    JsonNode body;
    try {
      body = JSON.readTree(content == null || content.isBlank() ? "{}" : content);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return new Rejected(status, "HTTP " + status, "");
    }
    return new Rejected(
        status,
        body.path("error").asText("HTTP " + status),
        body.path("error_description").asText(""));
  }
}
