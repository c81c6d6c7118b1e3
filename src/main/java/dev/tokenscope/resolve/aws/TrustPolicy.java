package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a principal of the account may assume a role, the way STS does within one account
 * (STS AssumeRole reference; IAM "Policy evaluation logic"): the role's trust policy must allow the
 * caller. When it names the caller itself (its user or role ARN, or "*"), that is enough on its
 * own, but a permission boundary of the caller must still allow {@code sts:AssumeRole} and an
 * explicit Deny in its policies still wins. When it names only the caller's account, the caller's
 * own policies (boundary included) must allow {@code sts:AssumeRole} on the role. A Deny in the
 * trust policy that matches the caller wins over every Allow.
 *
 * <p>Conditions are evaluated where the snapshot knows the request context of a long-term access
 * key: {@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:username}, {@code
 * aws:userid}, {@code aws:PrincipalType}, and {@code aws:MultiFactorAuthPresent} (absent for
 * long-term keys and role chains, so an MFA requirement is not met). Any other key ({@code
 * sts:ExternalId}, source IP, tags…) cannot be decided here: the path is kept and marked
 * conditional, naming the condition.
 */
final class TrustPolicy {
  private TrustPolicy() {}

  /** Who is asking: a user (long-term key) or a role session. */
  record Caller(String arn, String account, String userName, String id, boolean role) {}

  /** The result for one role: how the trust matched, or null when it does not allow the caller. */
  record Match(boolean direct, String principal, List<String> conditions) {}

  enum Truth {
    TRUE,
    FALSE,
    UNKNOWN
  }

  /**
   * How the trust policy allows the caller to assume the role: {@code direct} when it names the
   * caller (or everyone), else through the caller's account; null when it does not, or a trust Deny
   * matches.
   */
  static Match match(List<PolicyStatement> trust, Caller caller) {
    Match allowed = null;
    for (PolicyStatement s : trust) {
      if (!s.coversAction("sts:AssumeRole")) {
        continue;
      }
      for (String principal : PrincipalGrants.awsPrincipals(s.principal())) {
        boolean direct = principal.equals("*") || principal.equals(caller.arn());
        boolean account =
            principal.equals(caller.account())
                || principal.equals("arn:aws:iam::" + caller.account() + ":root");
        if (!direct && !account) {
          continue;
        }
        List<String> unknown = new ArrayList<>();
        Truth truth = conditions(s.raw(), caller, unknown);
        if (!s.allow()) {
          if (truth == Truth.TRUE) {
            return null;
          }
          continue;
        }
        if (truth == Truth.FALSE) {
          continue;
        }
        Match m = new Match(direct, principal, unknown);
        if (allowed == null
            || (m.conditions().isEmpty() && !allowed.conditions().isEmpty())
            || (m.direct() && !allowed.direct())) {
          allowed = m;
        }
      }
    }
    return allowed;
  }

  /** Every condition block of the statement (AND of operators, AND of keys, OR of values). */
  static Truth conditions(String rawStatement, Caller caller, List<String> unknown) {
    JsonNode statement;
    try {
      statement = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rawStatement);
    } catch (java.io.IOException e) {
      unknown.add("unreadable Condition");
      return Truth.UNKNOWN;
    }
    JsonNode condition = statement.path("Condition");
    if (!condition.isObject() || condition.isEmpty()) {
      return Truth.TRUE;
    }
    Truth all = Truth.TRUE;
    for (Map.Entry<String, JsonNode> op : condition.properties()) {
      for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
        Truth t = one(op.getKey(), key.getKey(), PolicyStatement.strings(key.getValue()), caller);
        if (t == Truth.FALSE) {
          return Truth.FALSE;
        }
        if (t == Truth.UNKNOWN) {
          unknown.add(op.getKey() + " " + key.getKey() + " " + key.getValue());
          all = Truth.UNKNOWN;
        }
      }
    }
    return all;
  }

  private static Truth one(String operator, String key, List<String> values, Caller caller) {
    String op = operator;
    if (op.contains(":")) {
      return Truth.UNKNOWN; // ForAnyValue:/ForAllValues: over multi-valued keys
    }
    boolean ifExists = op.endsWith("IfExists");
    if (ifExists) {
      op = op.substring(0, op.length() - "IfExists".length());
    }
    String k = key.toLowerCase(Locale.ROOT);
    if (k.equals("aws:multifactorauthpresent") || k.equals("aws:multifactorauthage")) {
      // Not in the request context of a long-term access key or a role chain.
      if (op.equals("Null")) {
        return values.stream().anyMatch(v -> v.equalsIgnoreCase("true")) ? Truth.TRUE : Truth.FALSE;
      }
      return ifExists ? Truth.TRUE : Truth.FALSE;
    }
    String actual =
        switch (k) {
          case "aws:principalarn" -> caller.arn();
          case "aws:principalaccount" -> caller.account();
          case "aws:username" -> caller.role() ? null : caller.userName();
          case "aws:userid" -> caller.role() ? null : caller.id();
          case "aws:principaltype" -> caller.role() ? "AssumedRole" : "User";
          default -> "?";
        };
    if ("?".equals(actual)) {
      return Truth.UNKNOWN;
    }
    if (op.equals("Null")) {
      boolean wantsAbsent = values.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
      return (actual == null) == wantsAbsent ? Truth.TRUE : Truth.FALSE;
    }
    if (actual == null) {
      if (ifExists) {
        return Truth.TRUE;
      }
      return op.contains("Not") ? Truth.TRUE : Truth.FALSE;
    }
    boolean negate = op.contains("Not");
    String base = op.replace("Not", "");
    boolean any;
    switch (base) {
      case "StringEquals", "ArnEquals" -> any = values.contains(actual);
      case "StringEqualsIgnoreCase" -> any = values.stream().anyMatch(actual::equalsIgnoreCase);
      case "StringLike", "ArnLike" ->
          any =
              values.stream()
                  .anyMatch(
                      v -> ActionCatalog.glob(v).matcher(actual).matches() && matchCase(v, actual));
      default -> {
        return Truth.UNKNOWN;
      }
    }
    return any != negate ? Truth.TRUE : Truth.FALSE;
  }

  /** ActionCatalog's globs ignore case; string conditions do not. */
  private static boolean matchCase(String pattern, String actual) {
    String regex =
        java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
    return actual.matches(regex);
  }
}
