package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of an IAM policy document, with the policy it came from ({@code origin}, e.g.
 * "group admins: managed policy AdministratorAccess") and its raw JSON for evidence. {@code
 * actions} hold {@code Action} or {@code NotAction} values as written; likewise {@code resources}.
 */
record PolicyStatement(
    String origin,
    boolean allow,
    List<String> actions,
    boolean notAction,
    List<String> resources,
    boolean notResource,
    boolean conditional,
    JsonNode principal,
    String raw) {

  PolicyStatement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
  }

  /** The same statement, its origin prefixed with how the principal reaches it ("group admins"). */
  PolicyStatement via(String how) {
    return new PolicyStatement(
        how + ": " + origin,
        allow,
        actions,
        notAction,
        resources,
        notResource,
        conditional,
        principal,
        raw);
  }

  /** The statement as evidence: where it came from and what it says. */
  String evidence() {
    return origin + ": " + raw;
  }

  /** True when this statement's Action/NotAction covers the action (case-insensitive globs). */
  boolean coversAction(String action) {
    boolean listed =
        actions.stream().anyMatch(p -> ActionCatalog.glob(p).matcher(action).matches());
    return notAction != listed;
  }

  /** The values of a string-or-list field. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }
}
