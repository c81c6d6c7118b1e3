package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An IAM allow policy attached to one resource ({@code projects/P}, {@code folders/F}, {@code
 * organizations/O}, a service account, a bucket): its role bindings. Same JSON shape from {@code
 * getIamPolicy}, {@code gcloud ... get-iam-policy --format=json} and the {@code policy} of an
 * {@code asset search-all-iam-policies} result.
 */
record IamPolicy(String resource, List<Binding> bindings) {

  IamPolicy {
    bindings = List.copyOf(bindings);
  }

  /**
   * One binding: a role granted to members, maybe under a condition tokenscope does not evaluate.
   */
  record Binding(String role, List<String> members, String condition) {
    Binding {
      members = List.copyOf(members);
    }

    boolean grantsTo(String member) {
      String wanted = member.toLowerCase(Locale.ROOT);
      return members.stream()
          .map(m -> m.toLowerCase(Locale.ROOT))
          .anyMatch(
              m -> m.equals(wanted) || m.equals("allusers") || m.equals("allauthenticatedusers"));
    }
  }

  /** Reads a policy; throws {@link IllegalArgumentException} naming what is wrong with the JSON. */
  static IamPolicy parse(String resource, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected an IAM policy object with 'bindings'");
    }
    JsonNode bindings = node.path("bindings");
    if (!bindings.isMissingNode() && !bindings.isArray()) {
      throw new IllegalArgumentException("'bindings' must be a list");
    }
    List<Binding> list = new ArrayList<>();
    for (JsonNode binding : bindings) {
      String role = binding.path("role").asText(null);
      if (role == null || !binding.path("members").isArray()) {
        throw new IllegalArgumentException("a binding needs 'role' and a 'members' list");
      }
      List<String> members = new ArrayList<>();
      binding.path("members").forEach(m -> members.add(m.asText()));
      JsonNode condition = binding.path("condition");
      String text =
          condition.isObject()
              ? condition.path("title").asText(condition.path("expression").asText("condition"))
              : null;
      list.add(new Binding(role, members, text));
    }
    return new IamPolicy(resource, list);
  }
}
