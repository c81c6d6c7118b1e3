package dev.tokenscope.resolve.aws;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a principal of the account can become, followed to the end: the roles it may assume (by
 * {@link TrustPolicy}), the roles those may assume in turn (each role once: cycles end), and the
 * classic IAM escalation techniques its own permissions allow against a stronger target (a role it
 * can pass to a service that runs code, a policy attached to itself, another user's credentials, a
 * group it can join, a trust policy it can rewrite). Each result is one evidence line:
 *
 * <pre>
 * escalation path: alice → assume deploy-role → assume break-glass-admin (AdministratorAccess),
 *     which may perform every action (admin-equivalent) (severity critical)
 * </pre>
 *
 * Only targets that may do something the principal may not are reported. The line ends with the
 * severity the assessor gives the PRIVILEGE_ESCALATION finding.
 */
final class EscalationPaths {
  static final String PREFIX = "escalation path: ";

  /** A principal as a starting point or a step: its name, request identity and permissions. */
  record Principal(
      String name,
      TrustPolicy.Caller caller,
      List<PolicyStatement> identity,
      List<PolicyStatement> boundary,
      PolicyEvaluator.Evaluation evaluation,
      List<String> groups) {}

  /**
   * Services that run code with a role passed to them, and the calls that make them do it (any one
   * set of calls is enough).
   */
  private static final Map<String, List<List<String>>> CODE_RUNNERS =
      Map.of(
          "lambda.amazonaws.com",
          List.of(
              List.of("lambda:CreateFunction", "lambda:InvokeFunction"),
              List.of("lambda:CreateFunction", "lambda:CreateEventSourceMapping")),
          "ec2.amazonaws.com",
          List.of(List.of("ec2:RunInstances")),
          "glue.amazonaws.com",
          List.of(
              List.of("glue:CreateDevEndpoint"),
              List.of("glue:UpdateDevEndpoint"),
              List.of("glue:CreateJob", "glue:StartJobRun")),
          "cloudformation.amazonaws.com",
          List.of(List.of("cloudformation:CreateStack"), List.of("cloudformation:UpdateStack")),
          "codebuild.amazonaws.com",
          List.of(List.of("codebuild:CreateProject", "codebuild:StartBuild")),
          "ecs-tasks.amazonaws.com",
          List.of(
              List.of("ecs:RegisterTaskDefinition", "ecs:RunTask"),
              List.of("ecs:RegisterTaskDefinition", "ecs:StartTask"),
              List.of("ecs:RegisterTaskDefinition", "ecs:CreateService")),
          "sagemaker.amazonaws.com",
          List.of(
              List.of("sagemaker:CreateNotebookInstance"),
              List.of("sagemaker:CreateTrainingJob"),
              List.of("sagemaker:CreateProcessingJob")),
          "datapipeline.amazonaws.com",
          List.of(
              List.of(
                  "datapipeline:CreatePipeline",
                  "datapipeline:PutPipelineDefinition",
                  "datapipeline:ActivatePipeline")));

  private final AccountAuthorization account;
  private final PrincipalGrants grants;
  private final PolicyEvaluator evaluator;

  EscalationPaths(AccountAuthorization account, PrincipalGrants grants, PolicyEvaluator evaluator) {
    this.account = account;
    this.grants = grants;
    this.evaluator = evaluator;
  }

  /** The roles the principal may assume directly (for the listing), by ARN. */
  List<String> assumable(Principal start) {
    List<String> out = new ArrayList<>();
    for (AccountAuthorization.Role role : account.roles().values()) {
      if (assumption(start, role) != null) {
        out.add(role.arn());
      }
    }
    return out;
  }

  /** Every escalation path of the principal, as evidence lines. */
  List<String> paths(Principal start) {
    List<String> out = new ArrayList<>();
    Set<String> own = actions(start.evaluation().permissions());
    if (own.contains("*")) {
      return out; // it can already do everything
    }
    // Role chains, breadth first so each role is reached by its shortest path.
    record Step(Principal who, String path, List<String> conditions) {}
    Deque<Step> queue = new ArrayDeque<>();
    queue.add(new Step(start, start.name(), List.of()));
    Set<String> seen = new HashSet<>();
    while (!queue.isEmpty()) {
      Step step = queue.poll();
      for (AccountAuthorization.Role role : account.roles().values()) {
        if (seen.contains(role.arn()) || role.arn().equals(step.who().caller().arn())) {
          continue;
        }
        List<String> conditions = assumption(step.who(), role);
        if (conditions == null) {
          continue;
        }
        String trusts =
            "; "
                + role.arn()
                + " trusts "
                + TrustPolicy.match(role.trust(), step.who().caller()).principal();
        seen.add(role.arn());
        List<String> all = new ArrayList<>(step.conditions());
        all.addAll(conditions);
        Principal as = role(role);
        String path = step.path() + " → assume " + role.name();
        if (adds(as.evaluation(), own)) {
          out.add(line(path + " " + power(role, as.evaluation()) + trusts, all, as.evaluation()));
        }
        if (!adminEquivalent(as.evaluation())) {
          // Beyond a role that can do everything there is nothing more to reach.
          queue.add(new Step(as, path, all));
        }
      }
    }
    techniques(start, own, out);
    // The strongest first: the finding's reason names the first path.
    List<String> sorted =
        new ArrayList<>(out.stream().filter(l -> l.contains("admin-equivalent")).toList());
    out.stream().filter(l -> !l.contains("admin-equivalent")).forEach(sorted::add);
    return sorted;
  }

  /**
   * The conditions left undecided when the principal may assume the role (empty: unconditional), or
   * null when it may not.
   */
  private List<String> assumption(Principal who, AccountAuthorization.Role role) {
    TrustPolicy.Match match = TrustPolicy.match(role.trust(), who.caller());
    if (match == null) {
      return null;
    }
    if (match.direct()) {
      // Named in the trust policy: no identity permission needed, but a boundary must allow the
      // call and an explicit Deny of the caller's still wins.
      if (who.boundary() != null
          && !evaluator.evaluate(who.boundary(), null).allows("sts:AssumeRole", role.arn())) {
        return null;
      }
      if (denies(who.identity(), "sts:AssumeRole", role.arn())) {
        return null;
      }
      return match.conditions();
    }
    return who.evaluation().allows("sts:AssumeRole", role.arn()) ? match.conditions() : null;
  }

  private void techniques(Principal start, Set<String> own, List<String> out) {
    PolicyEvaluator.Evaluation e = start.evaluation();
    String me = start.name();
    // iam:PassRole of a role that trusts a service which runs code, with the calls that start it.
    for (AccountAuthorization.Role role : account.roles().values()) {
      if (!e.allows("iam:PassRole", role.arn())) {
        continue;
      }
      Principal as = null;
      for (String service : services(role)) {
        for (List<String> calls : CODE_RUNNERS.getOrDefault(service, List.of())) {
          if (calls.stream().allMatch(c -> allowsAnywhere(e, c))) {
            as = as == null ? role(role) : as;
            if (adds(as.evaluation(), own)) {
              out.add(
                  line(
                      me
                          + " → iam:PassRole of "
                          + role.name()
                          + " to "
                          + service
                          + " with "
                          + String.join(" + ", calls)
                          + " → runs code as "
                          + role.name()
                          + " "
                          + power(role, as.evaluation()),
                      List.of(),
                      as.evaluation()));
            }
            break;
          }
        }
      }
    }
    // New code for a function that runs as a stronger role (the function list is in snapshots).
    for (AccountAuthorization.Function function : account.functions().values()) {
      AccountAuthorization.Role role = roleByArn(function.role());
      if (role == null
          || role.arn().equals(start.caller().arn())
          || !e.allows("lambda:UpdateFunctionCode", function.arn())) {
        continue;
      }
      PolicyEvaluator.Evaluation re = role(role).evaluation();
      if (adds(re, own)) {
        out.add(
            line(
                me
                    + " → lambda:UpdateFunctionCode on function "
                    + function.name()
                    + " → runs code as "
                    + role.name()
                    + " "
                    + power(role, re),
                List.of(),
                re));
      }
    }
    // Policies attached to itself: a new default version, or another existing version.
    Set<String> mine = new LinkedHashSet<>();
    AccountAuthorization.User self = account.userByArn(start.caller().arn());
    if (self != null) {
      mine.addAll(self.attached());
      for (String g : self.groups()) {
        AccountAuthorization.Group group = account.groups().get(g);
        if (group != null) {
          mine.addAll(group.attached());
        }
      }
    } else {
      AccountAuthorization.Role r = roleByArn(start.caller().arn());
      if (r != null) {
        mine.addAll(r.attached());
      }
    }
    for (String policy : mine) {
      if (policy.startsWith("arn:aws:iam::aws:")) {
        continue; // AWS managed policies cannot be changed by the account
      }
      for (String action : List.of("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion")) {
        if (e.allows(action, policy)) {
          out.add(
              line(
                  me
                      + " → "
                      + action
                      + " on "
                      + policy
                      + " (attached to "
                      + me
                      + ") → can give itself any permission",
                  List.of(),
                  null));
        }
      }
    }
    // Policies put on or attached to itself or a group it is in.
    if (self != null) {
      for (String action : List.of("iam:AttachUserPolicy", "iam:PutUserPolicy")) {
        if (e.allows(action, self.arn())) {
          out.add(
              line(
                  me + " → " + action + " on itself → can give itself any permission",
                  List.of(),
                  null));
        }
      }
      for (String g : self.groups()) {
        AccountAuthorization.Group group = account.groups().get(g);
        for (String action : List.of("iam:AttachGroupPolicy", "iam:PutGroupPolicy")) {
          if (group != null && e.allows(action, group.arn())) {
            out.add(
                line(
                    me
                        + " → "
                        + action
                        + " on its group "
                        + g
                        + " → can give itself any permission",
                    List.of(),
                    null));
          }
        }
      }
      // Joining a stronger group.
      for (AccountAuthorization.Group group : account.groups().values()) {
        if (self.groups().contains(group.name()) || !e.allows("iam:AddUserToGroup", group.arn())) {
          continue;
        }
        PolicyEvaluator.Evaluation ge = group(group);
        if (adds(ge, own)) {
          out.add(
              line(
                  me
                      + " → iam:AddUserToGroup "
                      + group.name()
                      + " → gains the group's power, which may perform "
                      + what(ge),
                  List.of(),
                  ge));
        }
      }
    }
    // Credentials of another, stronger user.
    for (AccountAuthorization.User other : account.users().values()) {
      if (other.arn().equals(start.caller().arn())) {
        continue;
      }
      for (String action :
          List.of("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile")) {
        if (!e.allows(action, other.arn())) {
          continue;
        }
        PolicyEvaluator.Evaluation oe = user(other);
        if (adds(oe, own)) {
          out.add(
              line(
                  me
                      + " → "
                      + action
                      + " for user "
                      + other.name()
                      + " → signs in as "
                      + other.name()
                      + ", which may perform "
                      + what(oe),
                  List.of(),
                  oe));
        }
      }
    }
    // Roles it can change: their policies, or who may assume them.
    for (AccountAuthorization.Role role : account.roles().values()) {
      if (role.arn().equals(start.caller().arn())) {
        continue;
      }
      List<String> actions = new ArrayList<>();
      for (String action :
          List.of("iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy")) {
        if (e.allows(action, role.arn())) {
          actions.add(action);
        }
      }
      boolean rewritesTrust = actions.contains("iam:UpdateAssumeRolePolicy");
      boolean canAssume = assumption(start, role) != null;
      if (rewritesTrust || (canAssume && !actions.isEmpty())) {
        PolicyEvaluator.Evaluation re = role(role).evaluation();
        String gives =
            rewritesTrust
                ? " → names itself in the trust policy and assumes "
                    + role.name()
                    + " "
                    + power(role, re)
                : " → gives " + role.name() + ", which it can assume, any permission";
        if (rewritesTrust && !adds(re, own) && !canAssume) {
          continue;
        }
        out.add(
            line(
                me + " → " + String.join(" + ", actions) + " on role " + role.name() + gives,
                List.of(),
                rewritesTrust ? re : null));
      }
    }
  }

  // ---- building blocks

  Principal role(AccountAuthorization.Role role) {
    List<String> missing = new ArrayList<>();
    List<PolicyStatement> identity = grants.roleStatements(role, missing);
    List<PolicyStatement> boundary = grants.roleBoundary(role, missing);
    return new Principal(
        role.name(),
        new TrustPolicy.Caller(role.arn(), PrincipalGrants.accountOf(role.arn()), null, null, true),
        identity,
        boundary,
        grants.cached(role.arn(), () -> evaluator.evaluate(identity, boundary)),
        List.of());
  }

  private PolicyEvaluator.Evaluation user(AccountAuthorization.User user) {
    List<String> missing = new ArrayList<>();
    return grants.cached(
        user.arn(),
        () ->
            evaluator.evaluate(
                grants.userStatements(user, missing), grants.userBoundary(user, missing)));
  }

  private PolicyEvaluator.Evaluation group(AccountAuthorization.Group group) {
    return grants.cached(
        group.arn(),
        () -> {
          List<PolicyStatement> statements = new ArrayList<>(group.inline());
          for (String arn : group.attached()) {
            AccountAuthorization.ManagedPolicy p = account.policies().get(arn);
            if (p != null) {
              statements.addAll(p.statements());
            }
          }
          return evaluator.evaluate(statements, null);
        });
  }

  private AccountAuthorization.Role roleByArn(String arn) {
    return account.roles().values().stream()
        .filter(r -> r.arn().equals(arn))
        .findFirst()
        .orElse(null);
  }

  private static List<String> services(AccountAuthorization.Role role) {
    List<String> out = new ArrayList<>();
    for (PolicyStatement s : role.trust()) {
      if (s.allow() && s.coversAction("sts:AssumeRole") && s.principal() != null) {
        PolicyStatement.strings(s.principal().get("Service"))
            .forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
      }
    }
    return out;
  }

  private boolean allowsAnywhere(PolicyEvaluator.Evaluation e, String action) {
    return e.permissions().stream().anyMatch(p -> p.action().equalsIgnoreCase(action));
  }

  private static boolean denies(List<PolicyStatement> statements, String action, String resource) {
    for (PolicyStatement s : statements) {
      if (s.allow() || s.conditional() || !s.coversAction(action)) {
        continue;
      }
      boolean listed =
          s.resources().stream().anyMatch(r -> ActionCatalog.glob(r).matcher(resource).matches());
      if (listed != s.notResource()) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> actions(List<Permission> permissions) {
    Set<String> out = new HashSet<>();
    permissions.forEach(p -> out.add(p.action().toLowerCase(Locale.ROOT)));
    return out;
  }

  /** True when the target may perform some action the principal may not. */
  private static boolean adds(PolicyEvaluator.Evaluation target, Set<String> own) {
    return target.permissions().stream()
        .anyMatch(p -> !own.contains(p.action().toLowerCase(Locale.ROOT)));
  }

  private static boolean adminEquivalent(PolicyEvaluator.Evaluation e) {
    return e.permissions().stream()
        .anyMatch(
            p ->
                p.resource().equals("*") || p.resource().startsWith("* except")
                    ? p.action().equals("*") || p.action().equalsIgnoreCase("iam:*")
                    : false);
  }

  private static String what(PolicyEvaluator.Evaluation e) {
    return adminEquivalent(e)
        ? "every action (admin-equivalent)"
        : PrincipalGrants.summary(e.permissions());
  }

  /** "(AdministratorAccess), which may perform every action (admin-equivalent)". */
  private static String power(AccountAuthorization.Role role, PolicyEvaluator.Evaluation e) {
    List<String> names = new ArrayList<>();
    role.attached().forEach(a -> names.add(a.substring(a.lastIndexOf('/') + 1)));
    if (!role.inline().isEmpty()) {
      names.add("inline policies");
    }
    return (names.isEmpty() ? "" : "(" + String.join(", ", names) + "), ")
        + "which may perform "
        + what(e);
  }

  /** The evidence line, with its undecided conditions and the severity of the finding. */
  private static String line(
      String path, List<String> conditions, PolicyEvaluator.Evaluation target) {
    boolean critical =
        target == null
            || adminEquivalent(target)
            || target.permissions().stream()
                .anyMatch(p -> p.access().compareTo(Access.DELETE) >= 0);
    return PREFIX
        + path
        + (conditions.isEmpty()
            ? ""
            : "; only if the trust policy's condition holds: " + String.join("; ", conditions))
        + " (severity "
        + (critical ? "critical" : "high")
        + ")";
  }
}
