package dev.tokenscope.resolve.gcp;

import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything read about one service account, live or from a snapshot: the policies that may grant
 * it roles (project, folders, organization, individual resources), its own policy (who may
 * impersonate it), the custom roles found, and what could not be read. {@link #grant} turns it into
 * a {@link Grant}: roles expanded to permissions through the {@link RoleCatalog}.
 */
record ServiceAccountView(
    String email,
    String project,
    boolean accountDisabled,
    List<IamPolicy> policies,
    IamPolicy ownPolicy,
    Map<String, List<String>> customRoles,
    List<String> unreadable,
    Map<String, List<String>> testedPermissions) {

  /** Roles whose holders may act as, or mint tokens for, a service account. */
  static final Set<String> IMPERSONATION_PERMISSIONS =
      Set.of(
          "iam.serviceAccounts.getAccessToken",
          "iam.serviceAccounts.actAs",
          "iam.serviceAccounts.signBlob",
          "iam.serviceAccounts.signJwt",
          "iam.serviceAccounts.implicitDelegation",
          "iam.serviceAccounts.getOpenIdToken",
          "iam.serviceAccountKeys.create");

  /** Google's own recommendation is to rotate user-managed keys at least every 90 days. */
  static final int MAX_KEY_AGE_DAYS = 90;

  ServiceAccountView {
    policies = List.copyOf(policies);
    customRoles = Map.copyOf(customRoles);
    unreadable = List.copyOf(unreadable);
    testedPermissions = Map.copyOf(testedPermissions);
  }

  ServiceAccountView(
      String email,
      String project,
      boolean accountDisabled,
      List<IamPolicy> policies,
      IamPolicy ownPolicy,
      Map<String, List<String>> customRoles,
      List<String> unreadable) {
    this(email, project, accountDisabled, policies, ownPolicy, customRoles, unreadable, Map.of());
  }

  String member() {
    return "serviceAccount:" + email;
  }

  /**
   * The grant of a key of this account. {@code status} and {@code reason} come from the caller (a
   * live key that Google accepted is ACTIVE; a disabled key REVOKED …); when the project policy
   * itself could not be read an ACTIVE key becomes UNKNOWN, since its permissions are not known.
   */
  Grant grant(
      KeyInfo key,
      GrantStatus status,
      String reason,
      String tokenType,
      RoleCatalog catalog,
      Instant now) {
    Map<String, Permission> permissions = new LinkedHashMap<>();
    List<String> evidence = new ArrayList<>();
    if (key != null && key.created() != null && now != null) {
      long days = Duration.between(key.created(), now).toDays();
      evidence.add(
          "key "
              + key.id()
              + " created "
              + key.created()
              + " ("
              + days
              + " days ago"
              + (days > MAX_KEY_AGE_DAYS
                  ? ", older than " + MAX_KEY_AGE_DAYS + " days: rotate it"
                  : "")
              + "), "
              + (key.expires() == null ? "never expires" : "expires " + key.expires()));
    }
    Set<String> roles = new LinkedHashSet<>();
    for (IamPolicy policy : policies) {
      for (IamPolicy.Binding binding : policy.bindings()) {
        if (!binding.grantsTo(member())) {
          continue;
        }
        roles.add(binding.role());
        boolean conditional = binding.condition() != null;
        String via =
            binding.members().stream().anyMatch(m -> m.equalsIgnoreCase(member()))
                ? ""
                : " (granted to " + String.join(", ", publicMembers(binding)) + ")";
        List<String> expanded = expand(binding.role(), catalog, evidence, policy.resource());
        String basic =
            RoleCatalog.isBasic(binding.role())
                ? " — BASIC ROLE: broad access to almost every service in " + policy.resource()
                : "";
        evidence.add(
            policy.resource()
                + ": "
                + binding.role()
                + basic
                + via
                + (conditional ? " [conditional: " + binding.condition() + "]" : "")
                + " → "
                + expanded.size()
                + " permissions");
        if (!knownInFull(binding.role(), catalog) || RoleCatalog.isBasic(binding.role())) {
          // The role's name stands for the permissions nobody could list (an unknown role is power
          // beyond any declared purpose), and for the basic roles, which the policies name.
          put(
              permissions,
              new Permission(
                  binding.role(),
                  policy.resource(),
                  PermissionAccess.ofRole(binding.role()),
                  conditional));
        }
        for (String permission : expanded) {
          put(
              permissions,
              new Permission(
                  permission, policy.resource(), PermissionAccess.of(permission), conditional));
        }
      }
    }
    testedPermissions.forEach(
        (resource, held) -> {
          evidence.add(
              resource
                  + ": its IAM policy was not readable, so the key's own permissions were tested (testIamPermissions):"
                  + " it holds "
                  + held.size()
                  + " of the delete, permission-changing and secret-reading permissions tested"
                  + (held.isEmpty() ? "" : ": " + String.join(", ", held)));
          held.forEach(
              permission ->
                  put(
                      permissions,
                      new Permission(
                          permission, resource, PermissionAccess.of(permission), false)));
        });
    List<String> impersonators = impersonators(catalog);
    impersonators.forEach(i -> evidence.add("may be impersonated by " + i));
    unreadable.forEach(u -> evidence.add("not read: " + u));
    GrantStatus finalStatus = status;
    String finalReason = reason;
    if (status == GrantStatus.ACTIVE && !unreadable.isEmpty()) {
      boolean projectMissing =
          unreadable.stream().anyMatch(u -> u.startsWith("projects/" + project + " IAM policy"));
      String missing = String.join("; ", unreadable);
      if (projectMissing && permissions.isEmpty() && testedPermissions.isEmpty()) {
        finalStatus = GrantStatus.UNKNOWN;
        finalReason =
            (reason == null ? "" : reason + "; ") + "its permissions could not be read: " + missing;
      } else {
        finalReason =
            (reason == null ? "" : reason + "; ") + "partial result, not read: " + missing;
      }
    }
    if (accountDisabled && finalStatus == GrantStatus.ACTIVE) {
      finalStatus = GrantStatus.REVOKED;
      finalReason = "service account " + email + " is disabled";
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("project", project == null ? "" : project);
    if (key != null) {
      details.put("key_id", key.id());
      details.put("key_disabled", String.valueOf(key.disabled()));
      if (!key.origin().isEmpty()) {
        details.put("key_origin", key.origin());
      }
    }
    details.put("roles", String.join(",", roles));
    List<String> basicRoles = roles.stream().filter(RoleCatalog::isBasic).toList();
    if (!basicRoles.isEmpty()) {
      details.put("basic_roles", String.join(",", basicRoles));
    }
    if (!impersonators.isEmpty()) {
      details.put(
          "impersonators",
          String.join(
              ",",
              impersonators.stream().map(i -> i.substring(0, i.indexOf(' '))).distinct().toList()));
    }
    if (accountDisabled) {
      details.put("account_disabled", "true");
    }
    Identity identity =
        new Identity(
            GcpEndpoints.PROVIDER,
            email,
            project == null ? null : "projects/" + project,
            tokenType,
            details);
    return new Grant(
        identity,
        List.of(),
        List.copyOf(permissions.values()),
        key == null ? null : key.created(),
        key == null ? null : key.expires(),
        null,
        finalStatus,
        finalReason,
        evidence);
  }

  /** The same grant, reaching the given environments (from project labels). */
  static Grant inEnvironments(Grant grant, List<String> environments) {
    return environments.isEmpty() ? grant : grant.withEnvironments(environments);
  }

  /** Who may impersonate this account, from its own policy and from project-level bindings. */
  List<String> impersonators(RoleCatalog catalog) {
    List<String> out = new ArrayList<>();
    List<IamPolicy> sources = new ArrayList<>();
    if (ownPolicy != null) {
      sources.add(ownPolicy);
    }
    policies.stream().filter(p -> p.resource().equals("projects/" + project)).forEach(sources::add);
    for (IamPolicy policy : sources) {
      for (IamPolicy.Binding binding : policy.bindings()) {
        List<String> permissions = roleImpersonation(binding.role(), catalog);
        if (permissions.isEmpty()) {
          continue;
        }
        for (String who : binding.members()) {
          // A deleted principal's binding stays until someone removes it, but nobody can use it.
          if (who.equalsIgnoreCase(member()) || who.startsWith("deleted:")) {
            continue;
          }
          out.add(
              who
                  + " via "
                  + binding.role()
                  + " on "
                  + policy.resource()
                  + " ("
                  + String.join(", ", permissions)
                  + ")");
        }
      }
    }
    return out;
  }

  List<String> roleImpersonation(String role, RoleCatalog catalog) {
    List<String> permissions =
        customRoles.containsKey(role)
            ? customRoles.get(role)
            : catalog.role(role).map(RoleCatalog.Role::permissions).orElse(List.of());
    return permissions.stream().filter(IMPERSONATION_PERMISSIONS::contains).toList();
  }

  /** True when every permission of the role is known: a custom role read, or a complete one. */
  private boolean knownInFull(String role, RoleCatalog catalog) {
    return customRoles.containsKey(role)
        || catalog.role(role).map(RoleCatalog.Role::complete).orElse(false);
  }

  private List<String> expand(
      String role, RoleCatalog catalog, List<String> evidence, String resource) {
    if (customRoles.containsKey(role)) {
      return customRoles.get(role);
    }
    var known = catalog.role(role);
    if (known.isEmpty()) {
      evidence.add(
          resource
              + ": "
              + role
              + " is not in the role catalog and could not be read: its permissions are unknown (refresh rules/catalog/gcp-roles.json)");
      return List.of();
    }
    if (!known.get().complete()) {
      evidence.add(
          role
              + ": the bundled catalog lists only the risk-relevant part of this role's permissions (refresh rules/catalog/gcp-roles.json for all)");
    }
    return known.get().permissions();
  }

  private static List<String> publicMembers(IamPolicy.Binding binding) {
    return binding.members().stream()
        .filter(m -> m.equalsIgnoreCase("allUsers") || m.equalsIgnoreCase("allAuthenticatedUsers"))
        .toList();
  }

  private static void put(Map<String, Permission> permissions, Permission permission) {
    String key = permission.action() + "@" + permission.resource();
    Permission existing = permissions.get(key);
    if (existing == null || (existing.conditional() && !permission.conditional())) {
      permissions.put(key, permission);
    }
  }
}
