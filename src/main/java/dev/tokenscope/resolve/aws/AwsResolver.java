package dev.tokenscope.resolve.aws;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Resolves AWS access keys. Calls, all read-only and enforced by {@link ReadOnlyInterceptor}:
 *
 * <ul>
 *   <li>with the FOUND key, only {@code sts:GetCallerIdentity} (needs no permission, changes
 *       nothing): who the key is, or whether AWS knows it at all;
 *   <li>with the AUDITOR's own credentials (profile or default chain), IAM {@code
 *       GetAccountAuthorizationDetails}, {@code GetAccessKeyLastUsed} and {@code ListAccessKeys}:
 *       the principal's policies, the key's status, creation and last use.
 * </ul>
 *
 * With a snapshot folder nothing is called at all: the key is looked up in the exported files.
 * Permissions are evaluated by {@link PolicyEvaluator}; when they cannot be read the grant keeps
 * the identity and says why its permissions are unknown.
 */
public final class AwsResolver implements Resolver {
  private final AwsSettings settings;
  private final PolicyEvaluator evaluator;
  private final Map<String, AccountReader> readers = new ConcurrentHashMap<>();

  public AwsResolver() {
    this(AwsSettings.defaults());
  }

  public AwsResolver(AwsSettings settings) {
    this.settings = settings;
    this.evaluator = new PolicyEvaluator(ActionCatalog.bundled());
  }

  @Override
  public String provider() {
    return "aws";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "aws".equalsIgnoreCase(credential.provider());
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String keyId = keyId(credential);
    Map<String, String> details = new LinkedHashMap<>();
    if (keyId != null) {
      details.put("access_key_id", keyId);
    }
    Identity unknown = new Identity("aws", null, null, tokenType(keyId), details);
    if (keyId == null) {
      return Grant.unresolved(
          unknown,
          GrantStatus.UNKNOWN,
          "the secret access key was found without its access key id, and AWS cannot check a secret alone; look for the AKIA… id next to it");
    }
    AccountReader reader = reader(context);
    boolean pair = credential.secret() != null && !credential.secret().reveal().equals(keyId);
    if (pair && !reader.offline()) {
      return resolvePair(keyId, credential, unknown, reader, context);
    }
    return resolveKeyId(keyId, unknown, reader);
  }

  /** The reader of the account data these settings point at, shared by every key resolved. */
  AccountReader reader(ResolveContext context) {
    if (settings.snapshot() != null) {
      return readers.computeIfAbsent(
          "snapshot:" + settings.snapshot().toAbsolutePath(),
          k -> AccountReader.snapshot(settings.snapshot()));
    }
    String key =
        "live:"
            + settings.profile()
            + ":"
            + context
                .config()
                .baseUrl(
                    AwsClients.IAM_PROVIDER, context.config().baseUrl(AwsClients.STS_PROVIDER, ""));
    return readers.computeIfAbsent(
        key,
        k ->
            AccountReader.live(
                () -> AwsClients.iam(AwsClients.auditor(settings), context, settings)));
  }

  private Grant resolvePair(
      String keyId,
      Credential credential,
      Identity unknown,
      AccountReader reader,
      ResolveContext context) {
    GetCallerIdentityResponse caller;
    var found =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(keyId, credential.secret().reveal()));
    try (StsClient sts = AwsClients.sts(found, context, settings)) {
      caller = sts.getCallerIdentity();
    } catch (SdkException e) {
      AwsFailure failure = AwsFailure.ofKey(e);
      boolean unknownId =
          failure.status() == GrantStatus.INVALID
              && failure.reason().contains("InvalidClientTokenId");
      if (unknownId && keyId.startsWith("ASIA")) {
        // A found credential never carries the session token that temporary keys need.
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "temporary (ASIA…) credentials can only be checked with their session token, which tokenscope does not keep;"
                + " they expire within hours (at most 36): treat the exposure as real until then");
      }
      if (unknownId) {
        return inactiveOrInvalid(keyId, unknown, reader, failure);
      }
      return Grant.unresolved(unknown, failure.status(), failure.reason());
    }
    Map<String, String> details = new LinkedHashMap<>(unknown.details());
    details.put("user_id", caller.userId());
    Identity identity =
        new Identity(
            "aws", caller.arn(), caller.account(), principalType(caller.arn(), keyId), details);
    return permissions(identity, keyId, reader);
  }

  /** InvalidClientTokenId also answers for an inactive key: the auditor's view tells them apart. */
  private Grant inactiveOrInvalid(
      String keyId, Identity unknown, AccountReader reader, AwsFailure failure) {
    try {
      AccountAuthorization.AccessKey key = reader.key(keyId);
      if (key != null && !key.active()) {
        return resolveKeyId(keyId, unknown, reader)
            .withStatus(
                GrantStatus.REVOKED,
                "the access key exists but is "
                    + key.status()
                    + " (sts:GetCallerIdentity refused it); re-activating it would restore the permissions listed");
      }
    } catch (AccountReader.AccountReadException e) {
      // The auditor cannot tell an inactive key from a deleted one: say so, keep STS's verdict.
      return Grant.unresolved(
          unknown,
          failure.status(),
          failure.reason() + "; whether it is merely inactive is unknown: " + e.getMessage());
    }
    return Grant.unresolved(unknown, failure.status(), failure.reason());
  }

  private Grant permissions(Identity identity, String keyId, AccountReader reader) {
    String arn = identity.principal();
    AccountAuthorization account;
    try {
      account = reader.authorization();
    } catch (AccountReader.AccountReadException e) {
      return Grant.unresolved(
          identity,
          GrantStatus.UNKNOWN,
          "identity confirmed by sts:GetCallerIdentity, but " + e.getMessage());
    }
    AccountAuthorization.AccessKey key = null;
    String keyProblem = null;
    try {
      key = reader.key(keyId);
    } catch (AccountReader.AccountReadException e) {
      // The permissions are known; only the key's status, creation and last use are not.
      keyProblem = e.getMessage();
    }
    PrincipalGrants grants = new PrincipalGrants(account, evaluator);
    if (arn.endsWith(":root")) {
      var all =
          evaluator.evaluate(
              PolicyDocument.statements(
                  "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
                  "root user"),
              null);
      return new Grant(
          identity,
          List.of(),
          all.permissions(),
          null,
          null,
          key == null ? null : key.lastUsed(),
          GrantStatus.ACTIVE,
          "a root user access key: it can do everything in the account and cannot be limited by IAM policies",
          List.of("principal is the account root user " + arn));
    }
    if (arn.contains(":assumed-role/")) {
      String roleName = arn.substring(arn.indexOf(":assumed-role/") + 14).split("/")[0];
      AccountAuthorization.Role role = account.roles().get(roleName);
      if (role == null) {
        return Grant.unresolved(
            identity,
            GrantStatus.UNKNOWN,
            "role " + roleName + " is not in the account data read (" + reader.describe() + ")");
      }
      List<String> missing = new ArrayList<>();
      var evaluation = grants.role(role, missing);
      List<String> evidence = new ArrayList<>(grants.rolePaths(role));
      evidence.addAll(evaluation.evidence());
      return new Grant(
          identity,
          List.of(),
          evaluation.permissions(),
          null,
          null,
          null,
          GrantStatus.ACTIVE,
          missing.isEmpty()
              ? null
              : "permissions may be incomplete: " + String.join(", ", missing) + " not found",
          evidence);
    }
    AccountAuthorization.User user = account.userByArn(arn);
    if (user == null) {
      return Grant.unresolved(
          identity,
          GrantStatus.UNKNOWN,
          "principal "
              + arn
              + " is not in the account data read ("
              + reader.describe()
              + "): audit its own account "
              + identity.account());
    }
    Grant grant = withProblems(grants.user(user, key, identity), account);
    if (keyProblem == null) {
      return grant;
    }
    return grant.withMoreEvidence(
        List.of("key status, creation and last use unknown: " + keyProblem));
  }

  /** A key known only by its id (a bare id, an account listing, or any key in snapshot mode). */
  private Grant resolveKeyId(String keyId, Identity unknown, AccountReader reader) {
    AccountAuthorization account;
    AccountAuthorization.AccessKey key;
    try {
      account = reader.authorization();
      key = reader.key(keyId);
    } catch (AccountReader.AccountReadException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
    if (key == null || key.userName() == null) {
      String why =
          reader.offline()
              ? "access key "
                  + keyId
                  + " is not in the snapshot ("
                  + reader.describe()
                  + "); export list-access-keys for its account"
              : "access key " + keyId + " is not in the account the auditor credentials read";
      return withProblems(Grant.unresolved(unknown, GrantStatus.UNKNOWN, why), account);
    }
    AccountAuthorization.User user = account.users().get(key.userName());
    if (user == null) {
      return withProblems(
          Grant.unresolved(
              unknown,
              GrantStatus.UNKNOWN,
              "access key "
                  + keyId
                  + " belongs to user "
                  + key.userName()
                  + ", who is not in the authorization details read"),
          account);
    }
    Identity identity =
        new Identity(
            "aws",
            user.arn(),
            PrincipalGrants.accountOf(user.arn()),
            principalType(user.arn(), keyId),
            unknown.details());
    return withProblems(grants(account).user(user, key, identity), account);
  }

  PolicyEvaluator evaluator() {
    return evaluator;
  }

  private PrincipalGrants grants(AccountAuthorization account) {
    return new PrincipalGrants(account, evaluator);
  }

  /** Problems reading the account are shown with every grant built from it. */
  private static Grant withProblems(Grant grant, AccountAuthorization account) {
    if (account.problems().isEmpty()) {
      return grant;
    }
    return grant.withMoreEvidence(
        account.problems().stream().map(p -> "account data problem: " + p).toList());
  }

  static String keyId(Credential credential) {
    String id = credential.attribute("id");
    if (id != null) {
      return id;
    }
    if (credential.secret() != null
        && credential.secret().reveal().matches("(?:AKIA|ASIA)[A-Z2-7]{16}")) {
      return credential.secret().reveal();
    }
    return null;
  }

  private static String tokenType(String keyId) {
    if (keyId == null) {
      return "access-key";
    }
    return keyId.startsWith("ASIA") ? "temporary-session" : "access-key";
  }

  private static String principalType(String arn, String keyId) {
    if (arn.endsWith(":root")) {
      return "root-access-key";
    }
    if (arn.contains(":assumed-role/")) {
      return "assumed-role-session";
    }
    return tokenType(keyId);
  }
}
