package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Service-account JSON keys made in the test with a fresh RSA key pair: well-formed, never real.
 */
final class FakeServiceAccountKeys {
  static final String EMAIL = "deployer@shop-prod.iam.gserviceaccount.com";
  static final String KEY_ID = "3f5c0a6b9e1d4c2a8b7f6e5d4c3b2a1908f7e6d5";
  private static final KeyPair PAIR = generate();

  private FakeServiceAccountKeys() {}

  static KeyPair pair() {
    return PAIR;
  }

  static String json() {
    return json(EMAIL, KEY_ID, "https://oauth2.googleapis.com/token");
  }

  static String json(String email, String keyId, String tokenUri) {
    ObjectNode key = new ObjectMapper().createObjectNode();
    key.put("type", "service_account");
    key.put("project_id", email.substring(email.indexOf('@') + 1, email.indexOf(".iam.")));
    key.put("private_key_id", keyId);
    String pem =
        Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(PAIR.getPrivate().getEncoded());
    key.put("private_key", "-----BEGIN PRIVATE KEY-----\n" + pem + "\n-----END PRIVATE KEY-----\n");
    key.put("client_email", email);
    key.put("client_id", "104938475629384756201");
    key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    key.put("token_uri", tokenUri);
    key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
    key.put("universe_domain", "googleapis.com");
    return key.toPrettyString();
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
