package dev.tokenscope.resolve.aws;

import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The whole-account view of {@code audit aws --list}: every IAM user with its groups, access keys
 * and effective permissions (the grant), and every role with who it trusts and what it may do. Read
 * through the same {@link AccountReader} as the resolver, so nothing else is called.
 */
public final class AwsAccountAudit {
  /** One access key of a user. */
  public record Key(
      String id,
      String status,
      Instant created,
      Instant lastUsed,
      String lastUsedService,
      String lastUsedRegion) {}

  /** A user, its keys, and its grant (identity, permissions, escalation paths in the evidence). */
  public record User(String name, String arn, List<String> groups, List<Key> keys, Grant grant) {}

  /** A role: the principals its trust policy names, and its effective permissions. */
  public record Role(
      String name, String arn, List<String> trustedBy, List<Permission> permissions) {}

  /**
   * A root user access key (from the credential report), by its number: AWS does not list its id.
   */
  public record RootKey(
      int number, boolean active, Instant created, Instant lastUsed, String lastUsedService) {}

  /** Everything read, and what could not be read. */
  public record Result(
      String source,
      List<User> users,
      List<Role> roles,
      List<RootKey> rootKeys,
      List<String> problems) {}

  private AwsAccountAudit() {}

  public static Result run(AwsResolver resolver, ResolveContext context) {
    AccountReader reader = resolver.reader(context);
    AccountAuthorization account;
    List<AccountAuthorization.AccessKey> keys;
    try {
      account = reader.authorization();
      keys = reader.keys();
    } catch (AccountReader.AccountReadException e) {
      return new Result(
          reader.describe(), List.of(), List.of(), List.of(), List.of(e.getMessage()));
    }
    PrincipalGrants grants = new PrincipalGrants(account, resolver.evaluator());
    List<User> users = new ArrayList<>();
    for (AccountAuthorization.User user : account.users().values()) {
      List<Key> own =
          keys.stream()
              .filter(k -> user.name().equals(k.userName()))
              .sorted(Comparator.comparing(AccountAuthorization.AccessKey::id))
              .map(
                  k ->
                      new Key(
                          k.id(),
                          k.status(),
                          k.created(),
                          k.lastUsed(),
                          k.lastUsedService(),
                          k.lastUsedRegion()))
              .toList();
      Identity identity =
          new Identity(
              "aws", user.arn(), PrincipalGrants.accountOf(user.arn()), "iam-user", Map.of());
      users.add(
          new User(user.name(), user.arn(), user.groups(), own, grants.user(user, null, identity)));
    }
    List<Role> roles = new ArrayList<>();
    for (AccountAuthorization.Role role : account.roles().values()) {
      List<String> trusted = new ArrayList<>();
      role.trust().stream()
          .filter(PolicyStatement::allow)
          .forEach(s -> trusted.addAll(PrincipalGrants.principals(s.principal())));
      roles.add(
          new Role(
              role.name(),
              role.arn(),
              trusted,
              grants.role(role, new ArrayList<>()).permissions()));
    }
    List<String> problems = new ArrayList<>(account.problems());
    problems.addAll(reader.keyProblems());
    List<RootKey> rootKeys =
        account.rootKeys().stream()
            .map(
                k ->
                    new RootKey(
                        k.number(), k.active(), k.created(), k.lastUsed(), k.lastUsedService()))
            .toList();
    return new Result(reader.describe(), users, roles, rootKeys, problems);
  }
}
