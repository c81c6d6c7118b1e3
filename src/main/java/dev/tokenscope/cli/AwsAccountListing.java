package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import dev.tokenscope.report.JsonReport;
import dev.tokenscope.resolve.aws.AwsAccountAudit;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code audit aws --list}: per user its groups, keys (status, created, last used and
 * where), effective permissions by access level, risk categories with the actions behind them, and
 * the roles it can assume; then every role.
 */
final class AwsAccountListing {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PolicySet policies;

  AwsAccountListing(PolicySet policies) {
    this.policies = policies;
  }

  String json(AwsAccountAudit.Result result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", result.source());
    ArrayNode users = root.putArray("users");
    for (AwsAccountAudit.User user : result.users()) {
      ObjectNode u = users.addObject();
      u.put("user", user.name()).put("arn", user.arn());
      ArrayNode groups = u.putArray("groups");
      user.groups().forEach(groups::add);
      ArrayNode keys = u.putArray("access_keys");
      for (AwsAccountAudit.Key key : user.keys()) {
        keys.addObject()
            .put("id", key.id())
            .put("status", key.status())
            .put("created", text(key.created()))
            .put("last_used", text(key.lastUsed()))
            .put("last_used_service", key.lastUsedService())
            .put("last_used_region", key.lastUsedRegion());
      }
      u.put("status", user.grant().status().name())
          .put("status_reason", user.grant().statusReason());
      u.set("access", JSON.valueToTree(counts(user.grant().permissions())));
      u.set("risks", JSON.valueToTree(policies.categorize("aws", user.grant().permissions())));
      ArrayNode roles = u.putArray("assumable_roles");
      String assumable = user.grant().identity().details().get("assumable_roles");
      if (assumable != null) {
        List.of(assumable.split(",")).forEach(roles::add);
      }
      ArrayNode permissions = u.putArray("permissions");
      compact(user.grant().permissions()).forEach(p -> permissions.add(JsonReport.permission(p)));
      ArrayNode evidence = u.putArray("evidence");
      user.grant().evidence().forEach(evidence::add);
    }
    ArrayNode rootKeys = root.putArray("root_access_keys");
    for (AwsAccountAudit.RootKey key : result.rootKeys()) {
      rootKeys
          .addObject()
          .put("key", key.number())
          .put("active", key.active())
          .put("created", text(key.created()))
          .put("last_used", text(key.lastUsed()))
          .put("last_used_service", key.lastUsedService());
    }
    ArrayNode roles = root.putArray("roles");
    for (AwsAccountAudit.Role role : result.roles()) {
      ObjectNode r = roles.addObject().put("role", role.name()).put("arn", role.arn());
      ArrayNode trusted = r.putArray("trusted_by");
      role.trustedBy().forEach(trusted::add);
      r.set("access", JSON.valueToTree(counts(role.permissions())));
      r.set("risks", JSON.valueToTree(policies.categorize("aws", role.permissions())));
    }
    ArrayNode errors = root.putArray("errors");
    result.problems().forEach(errors::add);
    return root.toPrettyString() + "\n";
  }

  String text(AwsAccountAudit.Result result) {
    StringBuilder s = new StringBuilder();
    s.append(result.source())
        .append(": ")
        .append(result.users().size())
        .append(" users, ")
        .append(result.roles().size())
        .append(" roles\n");
    for (AwsAccountAudit.RootKey key : result.rootKeys()) {
      s.append("\nROOT USER access key ")
          .append(key.number())
          .append(key.active() ? "  ACTIVE" : "  inactive")
          .append("  created ")
          .append(text(key.created()))
          .append("  last used ")
          .append(key.lastUsed() == null ? "never/unknown" : key.lastUsed().toString())
          .append(
              key.active()
                  ? "  - it can do everything in the account and no policy limits it: delete it"
                  : "")
          .append('\n');
    }
    for (AwsAccountAudit.User user : result.users()) {
      s.append("\nuser ").append(user.name()).append("  ").append(user.arn()).append('\n');
      if (!user.groups().isEmpty()) {
        s.append("  groups: ").append(String.join(", ", user.groups())).append('\n');
      }
      if (user.keys().isEmpty()) {
        s.append("  access keys: none\n");
      }
      for (AwsAccountAudit.Key key : user.keys()) {
        s.append("  key ")
            .append(key.id())
            .append("  ")
            .append(key.status())
            .append("  created ")
            .append(text(key.created()))
            .append("  last used ")
            .append(key.lastUsed() == null ? "never/unknown" : key.lastUsed().toString());
        if (key.lastUsedService() != null) {
          s.append(" (")
              .append(key.lastUsedService())
              .append(key.lastUsedRegion() == null ? "" : " in " + key.lastUsedRegion())
              .append(')');
        }
        s.append('\n');
      }
      List<Permission> permissions = user.grant().permissions();
      s.append("  permissions: ")
          .append(permissions.size())
          .append(' ')
          .append(counts(permissions))
          .append('\n');
      List<Permission> summaries =
          compact(permissions).stream().filter(p -> p.access() == Access.ADMIN).toList();
      summaries.stream()
          .limit(10)
          .forEach(
              p ->
                  s.append("    every action: ")
                      .append(p.action())
                      .append(" on ")
                      .append(p.resource())
                      .append('\n'));
      if (summaries.size() > 10) {
        s.append("    … every action of ")
            .append(summaries.size() - 10)
            .append(" more services (--format json lists them)\n");
      }
      risks(s, policies.categorize("aws", permissions));
      user.grant().evidence().stream()
          .filter(e -> e.startsWith("escalation path"))
          .forEach(e -> s.append("  ").append(e).append('\n'));
      if (user.grant().statusReason() != null) {
        s.append("  note: ").append(user.grant().statusReason()).append('\n');
      }
    }
    for (AwsAccountAudit.Role role : result.roles()) {
      s.append("\nrole ").append(role.name()).append("  ").append(role.arn()).append('\n');
      s.append("  trusted by: ").append(String.join(", ", role.trustedBy())).append('\n');
      s.append("  permissions: ")
          .append(role.permissions().size())
          .append(' ')
          .append(counts(role.permissions()))
          .append('\n');
      risks(s, policies.categorize("aws", role.permissions()));
    }
    result.problems().forEach(p -> s.append("\nerror: ").append(p).append('\n'));
    return s.toString();
  }

  private static void risks(StringBuilder s, Map<RiskCategory, Set<String>> risks) {
    risks.forEach(
        (category, actions) -> {
          List<String> list = List.copyOf(actions);
          s.append("  ")
              .append(category)
              .append(": ")
              .append(String.join(", ", list.subList(0, Math.min(8, list.size()))));
          s.append(list.size() > 8 ? ", … (" + list.size() + " actions)\n" : "\n");
        });
  }

  /**
   * The permissions without the actions a summary already covers: "*" stands for everything, and
   * "rds:*" for every rds action, so an administrator's listing is one line, not 20,000.
   */
  static List<Permission> compact(List<Permission> permissions) {
    boolean all =
        permissions.stream().anyMatch(p -> p.access() == Access.ADMIN && p.action().equals("*"));
    Set<String> full =
        permissions.stream()
            .filter(p -> p.access() == Access.ADMIN && p.action().endsWith(":*"))
            .map(p -> service(p.action()))
            .collect(java.util.stream.Collectors.toSet());
    return permissions.stream()
        .filter(
            p ->
                all
                    ? p.action().equals("*")
                    : p.access() == Access.ADMIN || !full.contains(service(p.action())))
        .toList();
  }

  private static String service(String action) {
    int colon = action.indexOf(':');
    return colon < 0 ? action : action.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<Access, Integer> counts(List<Permission> permissions) {
    Map<Access, Integer> counts = new EnumMap<>(Access.class);
    permissions.forEach(p -> counts.merge(p.access(), 1, Integer::sum));
    return counts;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
