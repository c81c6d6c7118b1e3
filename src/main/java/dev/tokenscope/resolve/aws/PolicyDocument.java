package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads IAM policy documents. The IAM API returns them URL-encoded inside the XML, the AWS CLI
 * decodes them into JSON objects; both forms are accepted.
 */
final class PolicyDocument {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyDocument() {}

  /**
   * The statements of a policy document given as a JSON object or as (URL-encoded) text.
   *
   * @throws IllegalArgumentException when the document is not a policy, saying why
   */
  static List<PolicyStatement> statements(JsonNode document, String origin) {
    JsonNode doc = document;
    if (doc != null && doc.isTextual()) {
      doc = parse(doc.asText(), origin);
    }
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException(origin + ": policy document is not a JSON object");
    }
    return statementsOf(doc, origin);
  }

  static List<PolicyStatement> statements(String text, String origin) {
    return statementsOf(parse(text, origin), origin);
  }

  private static JsonNode parse(String text, String origin) {
    String json =
        text.stripLeading().startsWith("{")
            ? text
            : URLDecoder.decode(text, StandardCharsets.UTF_8);
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          origin + ": policy document is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static List<PolicyStatement> statementsOf(JsonNode doc, String origin) {
    JsonNode statement = doc.path("Statement");
    List<JsonNode> nodes = new ArrayList<>();
    if (statement.isArray()) {
      statement.forEach(nodes::add);
    } else if (statement.isObject()) {
      nodes.add(statement);
    } else {
      throw new IllegalArgumentException(origin + ": policy document has no Statement");
    }
    List<PolicyStatement> out = new ArrayList<>();
    for (JsonNode s : nodes) {
      String effect = s.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw new IllegalArgumentException(
            origin + ": statement Effect must be Allow or Deny, not '" + effect + "'");
      }
      boolean notAction = s.has("NotAction");
      boolean notResource = s.has("NotResource");
      List<String> resources =
          PolicyStatement.strings(notResource ? s.get("NotResource") : s.get("Resource"));
      if (resources.isEmpty() && !s.has("Principal")) {
        // Trust policies have no Resource; identity policies without one are invalid, read as "*".
        resources = List.of("*");
      }
      out.add(
          new PolicyStatement(
              origin,
              effect.equals("Allow"),
              PolicyStatement.strings(notAction ? s.get("NotAction") : s.get("Action")),
              notAction,
              resources,
              notResource,
              s.hasNonNull("Condition") && s.get("Condition").size() > 0,
              s.get("Principal"),
              s.toString()));
    }
    return out;
  }
}
