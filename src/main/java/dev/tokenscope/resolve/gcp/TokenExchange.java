package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * The OAuth 2.0 JWT-bearer flow (RFC 7523) for a service-account key: a JWT signed with the key is
 * exchanged for a short-lived access token. The private key never leaves the process; only the
 * signed assertion is sent, and only to Google's token endpoint ({@value #GOOGLE_TOKEN_URL}) or a
 * loopback replay server, never to the key's own {@code token_uri} or any other configured host.
 *
 * <p>The assertion is signed here rather than by Google's auth library because that library always
 * writes Google's URL as the audience, wherever it posts: an assertion sent anywhere else would be
 * a replayable one-hour credential for whoever received it. Here the audience is exactly the URL
 * the assertion is posted to, and it lives five minutes.
 */
final class TokenExchange {
  static final String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final long LIFETIME_SECONDS = 300;

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
    return exchange(key, endpoints, Clock.systemUTC());
  }

  static Outcome exchange(ServiceAccountKey key, GcpEndpoints endpoints, Clock clock)
      throws ProviderUnreachableException {
    String tokenUrl = endpoints.tokenUrl();
    if (!mayReceiveAssertions(tokenUrl)) {
      throw new ProviderUnreachableException(
          "the GCP token endpoint "
              + tokenUrl
              + " is neither Google's ("
              + GOOGLE_TOKEN_URL
              + ") nor a loopback replay server: a signed assertion is sent nowhere else",
          null);
    }
    String assertion;
    try {
      assertion = assertion(key, tokenUrl, clock.instant().getEpochSecond());
    } catch (GeneralSecurityException e) {
      return new Rejected(0, "invalid_key", "the private key cannot sign: " + e.getMessage());
    }
    String form =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    HttpResult result =
        endpoints
            .token()
            .post(
                "/token",
                form,
                "application/x-www-form-urlencoded",
                Map.of("Accept", "application/json"));
    JsonNode body = json(result.body());
    if (result.ok() && body.hasNonNull("access_token")) {
      return new Issued(body.get("access_token").asText());
    }
    if (result.ok()) {
      return new Rejected(
          result.status(), "no access_token", "the token endpoint answered without one");
    }
    return new Rejected(
        result.status(),
        body.path("error").asText("HTTP " + result.status()),
        body.path("error_description").asText(""));
  }

  /** Google's token endpoint, or plain http on the loopback interface (the replay server). */
  static boolean mayReceiveAssertions(String tokenUrl) {
    if (GOOGLE_TOKEN_URL.equals(tokenUrl)) {
      return true;
    }
    URI uri;
    try {
      uri = new URI(tokenUrl);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    String host = uri.getHost();
    return "http".equals(uri.getScheme())
        && uri.getRawUserInfo() == null
        && ("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host));
  }

  /** The signed JWT: issuer the key's account, audience exactly {@code tokenUrl}, five minutes. */
  static String assertion(ServiceAccountKey key, String tokenUrl, long now)
      throws GeneralSecurityException {
    ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    if (key.privateKeyId() != null) {
      header.put("kid", key.privateKeyId());
    }
    ObjectNode claims =
        JSON.createObjectNode()
            .put("iss", key.clientEmail())
            .put("scope", SCOPE)
            .put("aud", tokenUrl)
            .put("iat", now)
            .put("exp", now + LIFETIME_SECONDS);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signed =
        b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key.privateKey());
    signature.update(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + "." + b64.encodeToString(signature.sign());
  }

  private static JsonNode json(String content) {
    try {
      JsonNode node = JSON.readTree(content == null || content.isBlank() ? "{}" : content);
      return node == null || !node.isObject() ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
