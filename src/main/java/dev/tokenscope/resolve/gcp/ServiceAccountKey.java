package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A service-account JSON key as Google issues it ({@code "type": "service_account"}). Its private
 * key is kept only to sign a JWT assertion; it is never printed, logged or sent anywhere.
 */
final class ServiceAccountKey {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile("[A-Za-z0-9._%+-]{1,100}@[A-Za-z0-9.-]{1,200}");

  /** Project ids: 6-30 lower-case letters, digits and hyphens (no legacy domain-scoped ids). */
  private static final java.util.regex.Pattern PROJECT =
      java.util.regex.Pattern.compile("[a-z][a-z0-9-]{4,61}[a-z0-9]");

  private final String clientEmail;
  private final String privateKeyId;
  private final String projectId;
  private final String tokenUri;
  private final String universeDomain;
  private final PrivateKey privateKey;

  private ServiceAccountKey(
      String clientEmail,
      String privateKeyId,
      String projectId,
      String tokenUri,
      String universeDomain,
      PrivateKey privateKey) {
    this.clientEmail = clientEmail;
    this.privateKeyId = privateKeyId;
    this.projectId = projectId;
    this.tokenUri = tokenUri;
    this.universeDomain = universeDomain;
    this.privateKey = privateKey;
  }

  /** A JSON text that is not a usable service-account key; the message says what it is instead. */
  static final class NotAServiceAccountKey extends Exception {
    private static final long serialVersionUID = 1L;

    NotAServiceAccountKey(String message) {
      super(message);
    }
  }

  static ServiceAccountKey parse(String json) throws NotAServiceAccountKey {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new NotAServiceAccountKey("not valid JSON, so not a service-account key");
    }
    if (root == null || !root.isObject()) {
      throw new NotAServiceAccountKey("not a JSON object, so not a service-account key");
    }
    String type = root.path("type").asText("");
    switch (type) {
      case "service_account" -> {}
      case "authorized_user" ->
          throw new NotAServiceAccountKey(
              "an 'authorized_user' credential (a person's gcloud login with a refresh token), not a service-account key");
      case "external_account" ->
          throw new NotAServiceAccountKey(
              "an 'external_account' workload identity federation config (it holds no private key), not a service-account key");
      case "impersonated_service_account" ->
          throw new NotAServiceAccountKey(
              "an 'impersonated_service_account' config (it wraps another credential), not a service-account key");
      case "" ->
          throw new NotAServiceAccountKey("JSON without a 'type' field, not a service-account key");
      default ->
          throw new NotAServiceAccountKey(
              "a JSON credential of type '" + type + "', not a service-account key");
    }
    String email = text(root, "client_email");
    String keyId = text(root, "private_key_id");
    String pem = text(root, "private_key");
    if (email == null || keyId == null || pem == null) {
      throw new NotAServiceAccountKey(
          "a service-account key without client_email, private_key_id or private_key: incomplete or edited");
    }
    // client_email and project_id are scanned content that ends up in request paths.
    if (!EMAIL.matcher(email).matches()) {
      throw new NotAServiceAccountKey(
          "a key whose client_email is not a service-account e-mail: damaged or edited");
    }
    String project = text(root, "project_id");
    if (project != null && !PROJECT.matcher(project).matches()) {
      throw new NotAServiceAccountKey(
          "a key whose project_id is not a project id: damaged or edited");
    }
    PrivateKey key;
    try {
      String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
      key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new NotAServiceAccountKey(
          "a service-account key whose private_key is not a PKCS#8 RSA key: damaged or redacted");
    }
    return new ServiceAccountKey(
        email, keyId, project, text(root, "token_uri"), text(root, "universe_domain"), key);
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
  }

  String clientEmail() {
    return clientEmail;
  }

  String privateKeyId() {
    return privateKeyId;
  }

  /**
   * The project in the key, else the one in the e-mail ({@code
   * name@PROJECT.iam.gserviceaccount.com}).
   */
  String projectId() {
    if (projectId != null) {
      return projectId;
    }
    int at = clientEmail.indexOf('@');
    String domain = at < 0 ? "" : clientEmail.substring(at + 1);
    String project =
        domain.endsWith(".iam.gserviceaccount.com")
            ? domain.substring(0, domain.length() - ".iam.gserviceaccount.com".length())
            : null;
    return project != null && PROJECT.matcher(project).matches() ? project : null;
  }

  String tokenUri() {
    return tokenUri;
  }

  String universeDomain() {
    return universeDomain == null ? "googleapis.com" : universeDomain;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "ServiceAccountKey[" + clientEmail + ", key " + privateKeyId + "]";
  }
}
