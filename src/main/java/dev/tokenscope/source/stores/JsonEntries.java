package dev.tokenscope.source.stores;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.model.Location;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a stored value into entries: a JSON object (the usual shape of a Secrets Manager secret or
 * a Vault field holding JSON) becomes one entry per leaf, named by its innermost key; any other
 * value is one entry named after the store item.
 */
final class JsonEntries {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonEntries() {}

  /** The entries of a value read under a name. */
  static List<StoreEntry> of(String name, String value, Location where) {
    List<StoreEntry> out = new ArrayList<>();
    String trimmed = value.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(trimmed);
        if (node != null && node.isObject()) {
          flatten(name, node, where, out);
          return out;
        }
      } catch (JsonProcessingException e) {
        // Not JSON after all: scanned as plain text below, which is what the user stored.
      }
    }
    out.add(new StoreEntry(name, value, where));
    return out;
  }

  /** The leaves of a JSON tree, each named by its innermost object key. */
  static void flatten(String name, JsonNode node, Location where, List<StoreEntry> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(field.getKey(), field.getValue(), where, out);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        flatten(name, element, where, out);
      }
    } else if (node.isTextual()) {
      out.addAll(of(name, node.asText(), where));
    } else if (!node.isNull()) {
      out.add(new StoreEntry(name, node.asText(), where));
    }
  }
}
