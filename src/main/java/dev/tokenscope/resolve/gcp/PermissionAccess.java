package dev.tokenscope.resolve.gcp;

import dev.tokenscope.model.Access;
import java.util.Locale;
import java.util.Set;

/**
 * The comparable {@link Access} level of a GCP permission ({@code service.resource.verb}) or role.
 */
final class PermissionAccess {
  private static final Set<String> PERMISSION_VERBS =
      Set.of(
          "setiampolicy",
          "actas",
          "getaccesstoken",
          "signblob",
          "signjwt",
          "implicitdelegation",
          "getopenidtoken");

  private PermissionAccess() {}

  static Access of(String permission) {
    String lower = permission.toLowerCase(Locale.ROOT);
    if (lower.startsWith("roles/")) {
      return ofRole(lower);
    }
    String verb = lower.substring(lower.lastIndexOf('.') + 1);
    if (PERMISSION_VERBS.contains(verb)
        || lower.startsWith("iam.serviceaccountkeys.create")
        || lower.equals("iam.roles.create")
        || lower.equals("iam.roles.update")
        || lower.startsWith("iam.serviceaccounts.setiampolicy")) {
      return Access.PERMISSIONS;
    }
    if (verb.startsWith("delete") || verb.startsWith("destroy") || verb.startsWith("purge")) {
      return Access.DELETE;
    }
    if (verb.equals("list") || verb.startsWith("list")) {
      return Access.LIST;
    }
    if (verb.startsWith("get")
        || verb.startsWith("read")
        || verb.equals("access")
        || verb.startsWith("search")
        || verb.startsWith("query")
        || verb.equals("view")) {
      return Access.READ;
    }
    return Access.WRITE;
  }

  /** A role by its name, when its permissions are not known. */
  static Access ofRole(String role) {
    String lower = role.toLowerCase(Locale.ROOT);
    if (lower.equals("roles/owner") || lower.endsWith("admin")) {
      return Access.ADMIN;
    }
    if (lower.endsWith("viewer") || lower.endsWith("reader") || lower.equals("roles/browser")) {
      return Access.READ;
    }
    return Access.WRITE;
  }
}
