package dev.tokenscope.resolve.aws;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.GroupDetail;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * Reads an account's authorization data once, from a snapshot folder or live through IAM with the
 * auditor's credentials ({@code GetAccountAuthorizationDetails}, {@code ListAccessKeys}, {@code
 * GetAccessKeyLastUsed}; all read-only, and the client refuses anything else). Results are kept, so
 * resolving many keys of one account reads it once.
 */
final class AccountReader {
  private final Path snapshot;
  private final Supplier<IamClient> iam;
  private final Map<String, AccountAuthorization.AccessKey> liveKeys = new HashMap<>();
  private final List<String> keyProblems = new ArrayList<>();
  private AccountAuthorization authorization;
  private AccountReadException failure;
  private IamClient client;

  /** Why the account could not be read, as a sentence for the grant's status reason. */
  static final class AccountReadException extends Exception {
    private static final long serialVersionUID = 1L;

    AccountReadException(String message) {
      super(message);
    }
  }

  private AccountReader(Path snapshot, Supplier<IamClient> iam) {
    this.snapshot = snapshot;
    this.iam = iam;
  }

  static AccountReader snapshot(Path dir) {
    return new AccountReader(dir, null);
  }

  static AccountReader live(Supplier<IamClient> iam) {
    return new AccountReader(null, iam);
  }

  boolean offline() {
    return snapshot != null;
  }

  String describe() {
    return offline()
        ? "AWS account snapshot " + snapshot
        : "AWS account (live IAM, auditor credentials)";
  }

  synchronized AccountAuthorization authorization() throws AccountReadException {
    if (authorization != null) {
      return authorization;
    }
    if (failure != null) {
      throw failure;
    }
    if (offline()) {
      authorization = AccountSnapshot.load(snapshot);
      return authorization;
    }
    try {
      authorization = readLive();
      return authorization;
    } catch (SdkException e) {
      failure =
          new AccountReadException(
              "cannot read the account's IAM policies with the auditor's credentials: "
                  + AwsFailure.of(e, "calling iam:GetAccountAuthorizationDetails").reason());
      throw failure;
    } catch (IllegalStateException e) {
      failure = new AccountReadException(e.getMessage());
      throw failure;
    }
  }

  /** One access key of the account, or null when the account does not have it. */
  synchronized AccountAuthorization.AccessKey key(String keyId) throws AccountReadException {
    if (offline()) {
      return authorization().keys().get(keyId);
    }
    if (liveKeys.containsKey(keyId)) {
      return liveKeys.get(keyId);
    }
    try {
      GetAccessKeyLastUsedResponse used = iam().getAccessKeyLastUsed(r -> r.accessKeyId(keyId));
      if (used.userName() == null) {
        return null;
      }
      for (AccountAuthorization.AccessKey key : userKeys(used.userName())) {
        liveKeys.put(key.id(), key);
      }
      return liveKeys.get(keyId);
    } catch (software.amazon.awssdk.services.iam.model.NoSuchEntityException e) {
      return null;
    } catch (SdkException e) {
      throw new AccountReadException(
          "cannot read the key's owner with the auditor's credentials: "
              + AwsFailure.of(e, "calling iam:GetAccessKeyLastUsed").reason());
    }
  }

  /**
   * Every access key of every user. A user whose keys cannot be listed is a problem in {@link
   * #keyProblems()}; the other users' keys are still returned.
   */
  synchronized List<AccountAuthorization.AccessKey> keys() throws AccountReadException {
    AccountAuthorization account = authorization();
    if (offline()) {
      return List.copyOf(account.keys().values());
    }
    List<AccountAuthorization.AccessKey> out = new ArrayList<>();
    for (String user : account.users().keySet()) {
      try {
        for (AccountAuthorization.AccessKey key : userKeys(user)) {
          liveKeys.put(key.id(), key);
          out.add(key);
        }
      } catch (SdkException e) {
        keyProblems.add(
            "cannot list the access keys of user "
                + user
                + ": "
                + AwsFailure.of(e, "calling iam:ListAccessKeys").reason());
      } catch (IllegalStateException e) {
        keyProblems.add("cannot list the access keys of user " + user + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** What {@link #keys()} could not read, one sentence per user or key. */
  synchronized List<String> keyProblems() {
    return List.copyOf(keyProblems);
  }

  private IamClient iam() {
    if (client == null) {
      client = iam.get();
    }
    return client;
  }

  private List<AccountAuthorization.AccessKey> userKeys(String user) {
    List<AccountAuthorization.AccessKey> out = new ArrayList<>();
    String marker = null;
    Set<String> seen = new HashSet<>();
    do {
      String page = marker;
      ListAccessKeysResponse response = iam().listAccessKeys(r -> r.userName(user).marker(page));
      for (AccessKeyMetadata k : response.accessKeyMetadata()) {
        software.amazon.awssdk.services.iam.model.AccessKeyLastUsed last = null;
        try {
          last =
              iam().getAccessKeyLastUsed(r -> r.accessKeyId(k.accessKeyId())).accessKeyLastUsed();
        } catch (SdkException e) {
          // The key is still listed; only its last use is unknown.
          keyProblems.add(
              "cannot read the last use of key "
                  + k.accessKeyId()
                  + ": "
                  + AwsFailure.of(e, "calling iam:GetAccessKeyLastUsed").reason());
        }
        out.add(
            new AccountAuthorization.AccessKey(
                k.accessKeyId(),
                user,
                k.statusAsString(),
                k.createDate(),
                last == null ? null : last.lastUsedDate(),
                last == null ? null : AccountSnapshot.text(last.serviceName()),
                last == null ? null : AccountSnapshot.text(last.region())));
      }
      marker = nextMarker(response.isTruncated(), response.marker(), seen, "ListAccessKeys");
    } while (marker != null);
    return out;
  }

  private AccountAuthorization readLive() {
    AccountAuthorization.Builder account = new AccountAuthorization.Builder();
    String marker = null;
    Set<String> seen = new HashSet<>();
    do {
      String page = marker;
      GetAccountAuthorizationDetailsResponse response =
          iam()
              .getAccountAuthorizationDetails(
                  r ->
                      r.marker(page)
                          .filter(
                              EntityType.USER,
                              EntityType.GROUP,
                              EntityType.ROLE,
                              EntityType.LOCAL_MANAGED_POLICY,
                              EntityType.AWS_MANAGED_POLICY));
      add(response, account);
      marker =
          nextMarker(
              response.isTruncated(), response.marker(), seen, "GetAccountAuthorizationDetails");
    } while (marker != null);
    return account.build();
  }

  /** The marker of the next page, refusing the two ways a paginated answer can be broken. */
  private static String nextMarker(
      Boolean truncated, String marker, Set<String> seen, String operation) {
    if (!Boolean.TRUE.equals(truncated)) {
      return null;
    }
    if (marker == null || marker.isEmpty()) {
      throw new IllegalStateException(
          "IAM "
              + operation
              + " said more pages follow (IsTruncated) but gave no Marker: the listing is incomplete, run again");
    }
    if (!seen.add(marker)) {
      throw new IllegalStateException(
          "IAM "
              + operation
              + " returned the same Marker twice: the listing is incomplete, run again");
    }
    return marker;
  }

  private static void add(
      GetAccountAuthorizationDetailsResponse page, AccountAuthorization.Builder account) {
    for (UserDetail u : page.userDetailList()) {
      account.users.put(
          u.userName(),
          new AccountAuthorization.User(
              u.userName(),
              u.arn(),
              u.userId(),
              u.createDate(),
              inline(u.userPolicyList(), "user " + u.userName(), account),
              arns(u.attachedManagedPolicies()),
              u.groupList(),
              u.permissionsBoundary() == null
                  ? null
                  : u.permissionsBoundary().permissionsBoundaryArn()));
    }
    for (GroupDetail g : page.groupDetailList()) {
      account.groups.put(
          g.groupName(),
          new AccountAuthorization.Group(
              g.groupName(),
              g.arn(),
              inline(g.groupPolicyList(), "group " + g.groupName(), account),
              arns(g.attachedManagedPolicies())));
    }
    for (RoleDetail r : page.roleDetailList()) {
      List<PolicyStatement> trust = List.of();
      try {
        trust =
            PolicyDocument.statements(
                r.assumeRolePolicyDocument(), "role " + r.roleName() + ": trust policy");
      } catch (IllegalArgumentException e) {
        account.problems.add(e.getMessage());
      }
      account.roles.put(
          r.roleName(),
          new AccountAuthorization.Role(
              r.roleName(),
              r.arn(),
              trust,
              inline(r.rolePolicyList(), "role " + r.roleName(), account),
              arns(r.attachedManagedPolicies()),
              r.permissionsBoundary() == null
                  ? null
                  : r.permissionsBoundary().permissionsBoundaryArn()));
    }
    for (ManagedPolicyDetail p : page.policies()) {
      for (PolicyVersion v : p.policyVersionList()) {
        if (Boolean.TRUE.equals(v.isDefaultVersion())
            || v.versionId().equals(p.defaultVersionId())) {
          try {
            account.policies.put(
                p.arn(),
                new AccountAuthorization.ManagedPolicy(
                    p.arn(),
                    p.policyName(),
                    PolicyDocument.statements(v.document(), "managed policy " + p.policyName())));
          } catch (IllegalArgumentException e) {
            account.problems.add(e.getMessage());
          }
        }
      }
    }
  }

  private static List<PolicyStatement> inline(
      List<PolicyDetail> policies, String owner, AccountAuthorization.Builder account) {
    List<PolicyStatement> out = new ArrayList<>();
    for (PolicyDetail p : policies) {
      try {
        out.addAll(
            PolicyDocument.statements(
                p.policyDocument(), owner + ": inline policy " + p.policyName()));
      } catch (IllegalArgumentException e) {
        account.problems.add(e.getMessage());
      }
    }
    return out;
  }

  private static List<String> arns(List<AttachedPolicy> attached) {
    return attached.stream().map(AttachedPolicy::policyArn).toList();
  }
}
