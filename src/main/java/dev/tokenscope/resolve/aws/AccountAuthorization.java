package dev.tokenscope.resolve.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an AWS account says about its IAM principals: users, groups, roles, managed policies and
 * access keys, read live or from a snapshot. {@code rootKeys} are the root user's access keys the
 * credential report shows (it names them only "key 1" and "key 2"). {@code problems} lists what
 * could not be read (a malformed file, a failed call), so a partial read is never mistaken for a
 * complete one.
 */
record AccountAuthorization(
    Map<String, User> users,
    Map<String, Group> groups,
    Map<String, Role> roles,
    Map<String, ManagedPolicy> policies,
    Map<String, AccessKey> keys,
    List<RootKey> rootKeys,
    List<String> problems,
    Map<String, Function> functions,
    List<ResourcePolicy> resourcePolicies) {

  /** A root user access key from the credential report: the most powerful credential there is. */
  record RootKey(
      int number, boolean active, Instant created, Instant lastUsed, String lastUsedService) {}

  /**
   * An IAM user: its own policies, its groups and its permission boundary (a policy ARN or null).
   */
  record User(
      String name,
      String arn,
      String id,
      Instant created,
      List<PolicyStatement> inline,
      List<String> attached,
      List<String> groups,
      String boundary) {}

  record Group(String name, String arn, List<PolicyStatement> inline, List<String> attached) {}

  /** An IAM role: {@code trust} is its assume-role policy. */
  record Role(
      String name,
      String arn,
      List<PolicyStatement> trust,
      List<PolicyStatement> inline,
      List<String> attached,
      String boundary) {}

  /**
   * A Lambda function and the role it runs as (from {@code aws lambda list-functions}, snapshots
   * only): changing its code runs that code with the role's permissions.
   */
  record Function(String name, String arn, String role) {}

  /**
   * A resource-based policy from a snapshot (an S3 bucket policy, a KMS key policy): {@code
   * resource} is what it is attached to, for statements whose Resource is "*" (a key policy's).
   */
  record ResourcePolicy(String kind, String resource, List<PolicyStatement> statements) {}

  /** A managed policy's default version. */
  record ManagedPolicy(String arn, String name, List<PolicyStatement> statements) {}

  /** An access key as IAM lists it; last-use fields are null when never used or not known. */
  record AccessKey(
      String id,
      String userName,
      String status,
      Instant created,
      Instant lastUsed,
      String lastUsedService,
      String lastUsedRegion) {

    boolean active() {
      return "Active".equalsIgnoreCase(status);
    }

    AccessKey withLastUse(Instant when, String service, String region) {
      return new AccessKey(id, userName, status, created, when, service, region);
    }
  }

  AccountAuthorization {
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    rootKeys = List.copyOf(rootKeys);
    problems = List.copyOf(problems);
    functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    resourcePolicies = List.copyOf(resourcePolicies);
  }

  /** The user with this ARN, or null. */
  User userByArn(String arn) {
    return users.values().stream().filter(u -> u.arn().equals(arn)).findFirst().orElse(null);
  }

  /** Collects an account's parts from pages and files, in any order. */
  static final class Builder {
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, Role> roles = new LinkedHashMap<>();
    final Map<String, ManagedPolicy> policies = new LinkedHashMap<>();
    final Map<String, AccessKey> keys = new LinkedHashMap<>();
    final List<RootKey> rootKeys = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Map<String, Function> functions = new LinkedHashMap<>();
    final List<ResourcePolicy> resourcePolicies = new ArrayList<>();

    void key(AccessKey key) {
      AccessKey known = keys.get(key.id());
      if (known != null && key.lastUsed() == null && known.lastUsed() != null) {
        key = key.withLastUse(known.lastUsed(), known.lastUsedService(), known.lastUsedRegion());
      }
      keys.put(key.id(), key);
    }

    AccountAuthorization build() {
      return new AccountAuthorization(
          users, groups, roles, policies, keys, rootKeys, problems, functions, resourcePolicies);
    }
  }
}
