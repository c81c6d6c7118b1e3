package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One service-account key as {@code keys.list} (and {@code gcloud iam service-accounts keys list})
 * describes it: id, validity window, whether it is disabled, and who made it.
 */
record KeyInfo(
    String id, Instant created, Instant expires, boolean disabled, String keyType, String origin) {
  /** Google writes "never expires" as the year 9999. */
  private static final Instant NEVER = Instant.parse("9000-01-01T00:00:00Z");

  /** Reads a key; throws {@link IllegalArgumentException} naming the field that is wrong. */
  static KeyInfo parse(JsonNode node) {
    String name = node.path("name").asText(null);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "a key without 'name' (projects/P/serviceAccounts/SA/keys/KEY_ID)");
    }
    String id = name.substring(name.lastIndexOf('/') + 1);
    Instant expires = time(node, "validBeforeTime");
    return new KeyInfo(
        id,
        time(node, "validAfterTime"),
        expires != null && expires.isAfter(NEVER) ? null : expires,
        node.path("disabled").asBoolean(false),
        node.path("keyType").asText("USER_MANAGED"),
        node.path("keyOrigin").asText(""));
  }

  boolean userManaged() {
    return !"SYSTEM_MANAGED".equals(keyType);
  }

  private static Instant time(JsonNode node, String field) {
    String text = node.path(field).asText(null);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + field + "' is not an RFC 3339 time: " + text);
    }
  }
}
