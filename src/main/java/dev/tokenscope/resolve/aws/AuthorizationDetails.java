package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of {@code GetAccountAuthorizationDetails} in the AWS CLI's JSON form into an
 * account. A policy that cannot be read is a problem naming it; the rest of the page still loads.
 */
final class AuthorizationDetails {
  private AuthorizationDetails() {}

  static void read(JsonNode page, String where, AccountAuthorization.Builder account) {
    for (JsonNode u : page.path("UserDetailList")) {
      String name = u.path("UserName").asText();
      account.users.put(
          name,
          new AccountAuthorization.User(
              name,
              u.path("Arn").asText(),
              u.path("UserId").asText(null),
              AccountSnapshot.instant(u.path("CreateDate").asText(null)),
              inline(u.path("UserPolicyList"), "user " + name, where, account),
              attached(u.path("AttachedManagedPolicies")),
              PolicyStatement.strings(u.path("GroupList")),
              u.path("PermissionsBoundary").path("PermissionsBoundaryArn").asText(null)));
    }
    for (JsonNode g : page.path("GroupDetailList")) {
      String name = g.path("GroupName").asText();
      account.groups.put(
          name,
          new AccountAuthorization.Group(
              name,
              g.path("Arn").asText(),
              inline(g.path("GroupPolicyList"), "group " + name, where, account),
              attached(g.path("AttachedManagedPolicies"))));
    }
    for (JsonNode r : page.path("RoleDetailList")) {
      String name = r.path("RoleName").asText();
      List<PolicyStatement> trust = List.of();
      try {
        trust =
            PolicyDocument.statements(
                r.get("AssumeRolePolicyDocument"), "role " + name + ": trust policy");
      } catch (IllegalArgumentException e) {
        account.problems.add(where + ": " + e.getMessage());
      }
      account.roles.put(
          name,
          new AccountAuthorization.Role(
              name,
              r.path("Arn").asText(),
              trust,
              inline(r.path("RolePolicyList"), "role " + name, where, account),
              attached(r.path("AttachedManagedPolicies")),
              r.path("PermissionsBoundary").path("PermissionsBoundaryArn").asText(null)));
    }
    for (JsonNode p : page.path("Policies")) {
      String arn = p.path("Arn").asText();
      String name = p.path("PolicyName").asText();
      String defaultVersion = p.path("DefaultVersionId").asText("");
      JsonNode document = null;
      for (JsonNode v : p.path("PolicyVersionList")) {
        if (v.path("IsDefaultVersion").asBoolean(false)
            || v.path("VersionId").asText().equals(defaultVersion)) {
          document = v.get("Document");
        }
      }
      try {
        if (document == null) {
          throw new IllegalArgumentException(
              "managed policy " + name + " has no default version document");
        }
        account.policies.put(
            arn,
            new AccountAuthorization.ManagedPolicy(
                arn, name, PolicyDocument.statements(document, "managed policy " + name)));
      } catch (IllegalArgumentException e) {
        account.problems.add(where + ": " + e.getMessage());
      }
    }
  }

  private static List<PolicyStatement> inline(
      JsonNode list, String owner, String where, AccountAuthorization.Builder account) {
    List<PolicyStatement> out = new ArrayList<>();
    for (JsonNode p : list) {
      try {
        out.addAll(
            PolicyDocument.statements(
                p.get("PolicyDocument"),
                owner + ": inline policy " + p.path("PolicyName").asText()));
      } catch (IllegalArgumentException e) {
        account.problems.add(where + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static List<String> attached(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(p -> out.add(p.path("PolicyArn").asText()));
    return out;
  }
}
