package dev.tokenscope.resolve.gcp;

import dev.tokenscope.model.Access;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which service accounts a service account can become, on the holder's side: a role with {@code
 * iam.serviceAccounts.getAccessToken}, {@code signJwt}, {@code signBlob}, {@code actAs}, {@code
 * implicitDelegation} or {@code iam.serviceAccountKeys.create} granted to it on a target account —
 * in the target's own IAM policy, or on the project, folder or organisation above it (IAM
 * inheritance) — lets it act with the target's permissions. Followed through chains (A may mint
 * tokens for B, B for C), each account once. A target is reported only when it may do something the
 * holder may not; each path is one evidence line the assessor turns into PRIVILEGE_ESCALATION (see
 * {@code Assessor.ESCALATION_PATH}).
 */
final class Impersonation {
  /** {@code getOpenIdToken} proves an identity to a third party; it carries no Google API power. */
  private static final Set<String> BECOMES =
      Set.of(
          "iam.serviceAccounts.getAccessToken",
          "iam.serviceAccounts.actAs",
          "iam.serviceAccounts.signBlob",
          "iam.serviceAccounts.signJwt",
          "iam.serviceAccounts.implicitDelegation",
          "iam.serviceAccountKeys.create");

  private final List<ServiceAccountView> views;
  private final RoleCatalog catalog;
  private final Map<String, Set<String>> power = new LinkedHashMap<>();

  Impersonation(List<ServiceAccountView> views, RoleCatalog catalog) {
    this.views = List.copyOf(views);
    this.catalog = catalog;
  }

  /** The escalation-path evidence lines of one account. */
  List<String> paths(ServiceAccountView holder) {
    Set<String> own = power(holder);
    List<String> out = new ArrayList<>();
    record Step(ServiceAccountView who, String path) {}
    Deque<Step> queue = new ArrayDeque<>();
    queue.add(new Step(holder, holder.email()));
    Set<String> seen = new HashSet<>();
    seen.add(key(holder));
    while (!queue.isEmpty()) {
      Step step = queue.poll();
      for (ServiceAccountView target : views) {
        if (seen.contains(key(target))) {
          continue;
        }
        String how = how(step.who(), target);
        if (how == null) {
          continue;
        }
        seen.add(key(target));
        String path = step.path() + " → " + how + " → " + target.email();
        Set<String> theirs = power(target);
        if (!own.containsAll(theirs)) {
          out.add(line(path, target, theirs));
        }
        queue.add(new Step(target, path));
      }
    }
    List<String> sorted =
        new ArrayList<>(out.stream().filter(l -> l.contains("(severity critical)")).toList());
    out.stream().filter(l -> !l.contains("(severity critical)")).forEach(sorted::add);
    return sorted;
  }

  /** "iam.serviceAccountTokenCreator on projects/p (getAccessToken, …)", or null. */
  private String how(ServiceAccountView holder, ServiceAccountView target) {
    List<IamPolicy> sources = new ArrayList<>();
    if (target.ownPolicy() != null) {
      sources.add(target.ownPolicy());
    }
    for (IamPolicy p : target.policies()) {
      String r = p.resource();
      if (r.equals("projects/" + target.project())
          || r.startsWith("folders/")
          || r.startsWith("organizations/")) {
        sources.add(p);
      }
    }
    for (IamPolicy policy : sources) {
      for (IamPolicy.Binding binding : policy.bindings()) {
        if (!binding.grantsTo(holder.member())) {
          continue;
        }
        List<String> permissions =
            holder.roleImpersonation(binding.role(), catalog).stream()
                .filter(BECOMES::contains)
                .toList();
        if (!permissions.isEmpty()) {
          return binding.role()
              + " on "
              + policy.resource()
              + " ("
              + String.join(", ", permissions)
              + (binding.condition() == null ? "" : "; conditional: " + binding.condition())
              + ")";
        }
      }
    }
    return null;
  }

  /** Every permission the account holds through its roles, by name. */
  private Set<String> power(ServiceAccountView view) {
    return power.computeIfAbsent(
        key(view),
        k -> {
          Set<String> out = new LinkedHashSet<>();
          view.grant(
                  null,
                  dev.tokenscope.model.GrantStatus.ACTIVE,
                  null,
                  "service-account",
                  catalog,
                  null)
              .permissions()
              .forEach(p -> out.add(p.action()));
          return out;
        });
  }

  private String line(String path, ServiceAccountView target, Set<String> theirs) {
    Set<String> roles = new LinkedHashSet<>();
    for (IamPolicy policy : target.policies()) {
      for (IamPolicy.Binding binding : policy.bindings()) {
        if (binding.grantsTo(target.member())) {
          roles.add(binding.role());
        }
      }
    }
    boolean admin =
        theirs.contains("roles/owner")
            || theirs.stream()
                .anyMatch(p -> p.startsWith("resourcemanager.") && p.endsWith(".setIamPolicy"));
    boolean critical =
        admin
            || theirs.stream().anyMatch(p -> PermissionAccess.of(p).compareTo(Access.DELETE) >= 0);
    return "escalation path: "
        + path
        + " ("
        + String.join(", ", roles)
        + "), which holds "
        + theirs.size()
        + " permissions"
        + (admin ? " (admin-equivalent)" : "")
        + " (severity "
        + (critical ? "critical" : "high")
        + ")";
  }

  private static String key(ServiceAccountView view) {
    return view.email().toLowerCase(Locale.ROOT);
  }
}
