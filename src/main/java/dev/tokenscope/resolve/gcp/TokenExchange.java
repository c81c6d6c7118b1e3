package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The OAuth 2.0 JWT-bearer flow (RFC 7523) for a service-account key: a JWT signed with the key is
 * exchanged at the token endpoint for a short-lived access token. The private key never leaves
 * the process; only the signed assertion is sent, and only to {@link GcpEndpoints#token()}.
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

  static Outcome exchange(ServiceAccountKey key, GcpEndpoints endpoints, Instant now) throws ProviderUnreachableException {
    String assertion = assertion(key, endpoints.tokenUrl(), now);
    String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8) + "&assertion=" + assertion;
    HttpResult result = endpoints.token().post("/token", form, "application/x-www-form-urlencoded", Map.of("Accept", "application/json"));
    JsonNode body = parse(result.body());
    if (result.ok() && body.hasNonNull("access_token")) {
      return new Issued(body.get("access_token").asText());
    }
    return new Rejected(result.status(), body.path("error").asText("HTTP " + result.status()), body.path("error_description").asText(""));
  }

  static String assertion(ServiceAccountKey key, String audience, Instant now) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", key.privateKeyId()).toString();
    String claims =
        JSON.createObjectNode()
            .put("iss", key.clientEmail())
            .put("scope", SCOPE)
            .put("aud", audience)
            .put("iat", now.getEpochSecond())
            .put("exp", now.getEpochSecond() + 600)
            .toString();
    String unsigned = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key.privateKey());
      signer.update(unsigned.getBytes(StandardCharsets.US_ASCII));
      return unsigned + "." + b64.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA256withRSA is part of every Java runtime", e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }
}
