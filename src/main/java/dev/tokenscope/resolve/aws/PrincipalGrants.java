package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the grant of an IAM principal from an account's authorization data: the user's own
 * policies, its groups' policies and its permission boundary, evaluated by {@link PolicyEvaluator};
 * the roles it can assume are listed in the evidence as escalation paths.
 */
final class PrincipalGrants {
  private final AccountAuthorization account;
  private final PolicyEvaluator evaluator;
  private final Map<String, PolicyEvaluator.Evaluation> evaluations = new java.util.HashMap<>();

  PrincipalGrants(AccountAuthorization account, PolicyEvaluator evaluator) {
    this.account = account;
    this.evaluator = evaluator;
  }

  /** The grant of a user, for an access key of it (or null when only the user is known). */
  Grant user(
      AccountAuthorization.User user, AccountAuthorization.AccessKey key, Identity identity) {
    List<String> missing = new ArrayList<>();
    List<PolicyStatement> statements = userStatements(user, missing);
    List<PolicyStatement> boundary = userBoundary(user, missing);
    PolicyEvaluator.Evaluation evaluation =
        withResourcePolicies(evaluator.evaluate(statements, boundary), user.arn(), statements);
    EscalationPaths escalation = new EscalationPaths(account, this, evaluator);
    EscalationPaths.Principal start =
        new EscalationPaths.Principal(
            user.name(),
            new TrustPolicy.Caller(
                user.arn(), accountOf(user.arn()), user.name(), user.id(), false),
            statements,
            boundary,
            evaluation,
            user.groups());
    List<String> assumable = escalation.assumable(start);
    List<String> evidence = new ArrayList<>(escalation.paths(start));
    evidence.addAll(evaluation.evidence());
    Map<String, String> details = new LinkedHashMap<>(identity.details());
    details.put("user", user.name());
    if (user.boundary() != null) {
      details.put("permission_boundary", user.boundary());
    }
    if (!user.groups().isEmpty()) {
      details.put("groups", String.join(",", user.groups()));
    }
    if (!assumable.isEmpty()) {
      details.put("assumable_roles", String.join(",", assumable));
    }
    if (key != null) {
      details.put("key_status", key.status() == null ? "unknown" : key.status());
      if (key.lastUsedService() != null) {
        details.put("last_used_service", key.lastUsedService());
      }
      if (key.lastUsedRegion() != null) {
        details.put("last_used_region", key.lastUsedRegion());
      }
    }
    Identity full =
        new Identity(
            identity.provider(),
            identity.principal(),
            identity.account(),
            identity.tokenType(),
            details);
    GrantStatus status = GrantStatus.ACTIVE;
    String reason = null;
    if (key != null && key.status() != null && !key.active()) {
      status = GrantStatus.REVOKED;
      reason =
          "the access key is "
              + key.status()
              + ": it cannot be used until someone re-activates it (it would then have the permissions listed)";
    }
    if (!missing.isEmpty()) {
      reason =
          (reason == null ? "" : reason + "; ")
              + "permissions may be incomplete: "
              + String.join(", ", missing)
              + " not found in the account data";
    }
    return new Grant(
        full,
        List.of(),
        evaluation.permissions(),
        key == null ? user.created() : key.created(),
        null,
        key == null ? null : key.lastUsed(),
        status,
        reason,
        evidence);
  }

  /**
   * Adds what resource-based policies in the snapshot (S3 bucket policies, KMS key policies) grant
   * to the principal's ARN itself. Within one account such a grant needs no identity permission and
   * is not limited by a permission boundary (IAM policy evaluation logic); the principal's explicit
   * Denies still apply. A statement naming only the account grants nothing beyond what the identity
   * policies already allow, so it adds nothing here.
   */
  PolicyEvaluator.Evaluation withResourcePolicies(
      PolicyEvaluator.Evaluation evaluation, String arn, List<PolicyStatement> identity) {
    List<PolicyStatement> granted = new ArrayList<>();
    for (AccountAuthorization.ResourcePolicy policy : account.resourcePolicies()) {
      for (PolicyStatement s : policy.statements()) {
        if (!s.allow() || !awsPrincipals(s.principal()).contains(arn)) {
          continue;
        }
        List<String> resources =
            s.resources().equals(List.of("*")) ? List.of(policy.resource()) : s.resources();
        granted.add(
            new PolicyStatement(
                policy.kind(),
                true,
                s.actions(),
                s.notAction(),
                resources,
                s.notResource(),
                s.conditional(),
                null,
                s.raw()));
      }
    }
    if (granted.isEmpty()) {
      return evaluation;
    }
    identity.stream().filter(s -> !s.allow()).forEach(granted::add);
    PolicyEvaluator.Evaluation extra = evaluator.evaluate(granted, null);
    List<Permission> permissions = new ArrayList<>(evaluation.permissions());
    extra.permissions().stream()
        .filter(p -> !p.action().equals("*") && !p.action().endsWith(":*"))
        .filter(p -> !permissions.contains(p))
        .forEach(permissions::add);
    List<String> evidence = new ArrayList<>(evaluation.evidence());
    extra.evidence().stream()
        .filter(e -> !evaluation.evidence().contains(e))
        .forEach(e -> evidence.add("resource-based policy: " + e));
    return new PolicyEvaluator.Evaluation(permissions, evidence);
  }

  /** The statements of a user's own policies and its groups', each naming how it applies. */
  List<PolicyStatement> userStatements(AccountAuthorization.User user, List<String> missing) {
    List<PolicyStatement> statements = new ArrayList<>(user.inline());
    for (String arn : user.attached()) {
      statements.addAll(managed(arn, "user " + user.name(), missing));
    }
    for (String groupName : user.groups()) {
      AccountAuthorization.Group group = account.groups().get(groupName);
      if (group == null) {
        missing.add("group " + groupName);
        continue;
      }
      group.inline().forEach(s -> statements.add(s.via("user " + user.name())));
      for (String arn : group.attached()) {
        statements.addAll(managed(arn, "user " + user.name() + " via group " + groupName, missing));
      }
    }
    return statements;
  }

  /** The statements of a user's permission boundary, or null when it has none. */
  List<PolicyStatement> userBoundary(AccountAuthorization.User user, List<String> missing) {
    return user.boundary() == null
        ? null
        : managed(user.boundary(), "user " + user.name() + " boundary", missing);
  }

  List<PolicyStatement> roleStatements(AccountAuthorization.Role role, List<String> missing) {
    List<PolicyStatement> statements = new ArrayList<>(role.inline());
    for (String arn : role.attached()) {
      statements.addAll(managed(arn, "role " + role.name(), missing));
    }
    return statements;
  }

  List<PolicyStatement> roleBoundary(AccountAuthorization.Role role, List<String> missing) {
    return role.boundary() == null
        ? null
        : managed(role.boundary(), "role " + role.name() + " boundary", missing);
  }

  /** The permissions of a role (an assumed-role session, or an escalation target). */
  PolicyEvaluator.Evaluation role(AccountAuthorization.Role role, List<String> missing) {
    return evaluator.evaluate(roleStatements(role, missing), roleBoundary(role, missing));
  }

  /**
   * The evaluation of a principal by ARN, computed once: escalation paths evaluate every role and
   * user of the account for every starting point, and each evaluation expands wildcards against the
   * whole action catalog.
   */
  PolicyEvaluator.Evaluation cached(
      String arn, java.util.function.Supplier<PolicyEvaluator.Evaluation> how) {
    PolicyEvaluator.Evaluation known = evaluations.get(arn);
    if (known == null) {
      known = how.get();
      evaluations.put(arn, known);
    }
    return known;
  }

  /** A role session's escalation paths: the roles it may assume in turn, and its techniques. */
  List<String> rolePaths(AccountAuthorization.Role role) {
    EscalationPaths escalation = new EscalationPaths(account, this, evaluator);
    return escalation.paths(escalation.role(role));
  }

  private List<PolicyStatement> managed(String arn, String how, List<String> missing) {
    AccountAuthorization.ManagedPolicy policy = account.policies().get(arn);
    if (policy == null) {
      missing.add("managed policy " + arn);
      return List.of();
    }
    return policy.statements().stream().map(s -> s.via(how)).toList();
  }

  static String summary(List<Permission> permissions) {
    Map<Access, Integer> counts = new EnumMap<>(Access.class);
    permissions.forEach(p -> counts.merge(p.access(), 1, Integer::sum));
    long actions = permissions.stream().map(Permission::action).distinct().count();
    return actions + " actions " + counts;
  }

  static List<String> awsPrincipals(JsonNode principal) {
    if (principal == null) {
      return List.of();
    }
    if (principal.isTextual()) {
      return List.of(principal.asText());
    }
    return PolicyStatement.strings(principal.get("AWS"));
  }

  /** Every principal a trust statement names (AWS, Service, Federated), for display. */
  static List<String> principals(JsonNode principal) {
    if (principal == null) {
      return List.of();
    }
    if (principal.isTextual()) {
      return List.of(principal.asText());
    }
    List<String> out = new ArrayList<>();
    principal
        .fields()
        .forEachRemaining(
            e -> PolicyStatement.strings(e.getValue()).forEach(v -> out.add(e.getKey() + ":" + v)));
    return out;
  }

  static String accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length > 4 ? parts[4] : "";
  }
}
