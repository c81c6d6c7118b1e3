package dev.tokenscope.resolve.aws;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates IAM identity policies into the exact actions a principal may perform, the way AWS does
 * within one account: the union of the Allow statements, intersected with the permission boundary
 * when there is one, minus every explicit Deny (which wins over any Allow). {@code NotAction},
 * {@code NotResource} and wildcards are expanded against the {@link ActionCatalog}. Conditions are
 * not evaluated: a permission that depends on one (an Allow with a Condition, or a Deny with a
 * Condition that may spare it) is marked conditional. Service control policies, resource policies
 * and session policies are outside what an IAM export shows and are not applied.
 */
final class PolicyEvaluator {
  private static final String ANY = "*";

  private final ActionCatalog catalog;

  PolicyEvaluator(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  /** The effective permissions, and the statements and decisions behind them. */
  record Evaluation(List<Permission> permissions, List<String> evidence) {

    /** True when the action (exact name, any case) is allowed on the resource or on everything. */
    boolean allows(String action, String resource) {
      return permissions.stream()
          .anyMatch(
              p ->
                  p.action().equalsIgnoreCase(action)
                      && (p.resource().equals(ANY)
                          || ActionCatalog.glob(p.resource()).matcher(resource).matches()));
    }
  }

  /**
   * @param identity every statement of the principal's identity policies (its own and its groups')
   * @param boundary the statements of its permission boundary, or null when it has none
   */
  Evaluation evaluate(List<PolicyStatement> identity, List<PolicyStatement> boundary) {
    List<String> evidence = new ArrayList<>();
    identity.forEach(s -> evidence.add(s.evidence()));
    Map<String, Map<String, Boolean>> allowed = allows(identity);
    List<PolicyStatement> denies =
        new ArrayList<>(identity.stream().filter(s -> !s.allow()).toList());
    if (boundary != null) {
      boundary.forEach(s -> evidence.add("permission boundary " + s.evidence()));
      allowed = intersect(allowed, allows(boundary), evidence);
      boundary.stream().filter(s -> !s.allow()).forEach(denies::add);
    }
    for (PolicyStatement deny : denies) {
      applyDeny(deny, allowed, evidence);
    }
    List<Permission> permissions = new ArrayList<>();
    allowed.forEach(
        (action, resources) ->
            resources.forEach(
                (resource, conditional) ->
                    permissions.add(
                        new Permission(action, resource, access(action), conditional))));
    permissions.addAll(summaries(allowed));
    permissions.sort(
        Comparator.comparing((Permission p) -> p.action().toLowerCase(Locale.ROOT))
            .thenComparing(Permission::resource));
    return new Evaluation(permissions, evidence);
  }

  /**
   * "*" when every catalogued action is allowed unconditionally on every resource, and "service:*"
   * for each service all of whose actions are: risk policies and people read these more easily than
   * thousands of expanded actions.
   */
  private List<Permission> summaries(Map<String, Map<String, Boolean>> allowed) {
    Map<String, Integer> full = new LinkedHashMap<>();
    // "Allow * NotResource X" allows every action on everything but X, every IAM action among
    // them: as good as everything. Such a summary keeps the exception as its resource.
    Map<String, String> except = new LinkedHashMap<>();
    allowed.forEach(
        (action, resources) -> {
          if (catalog.find(action) == null) {
            return;
          }
          String service = action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT);
          if (Boolean.FALSE.equals(resources.get(ANY))) {
            full.merge(service, 1, Integer::sum);
            return;
          }
          resources.entrySet().stream()
              .filter(r -> r.getKey().startsWith(ANY + " except ") && !r.getValue())
              .findFirst()
              .ifPresent(
                  r -> {
                    full.merge(service, 1, Integer::sum);
                    except.putIfAbsent(service, r.getKey());
                  });
        });
    List<Permission> out = new ArrayList<>();
    int total = 0;
    for (var entry : full.entrySet()) {
      total += entry.getValue();
      if (entry.getValue() == catalog.serviceSize(entry.getKey())) {
        out.add(
            Permission.of(
                entry.getKey() + ":*", except.getOrDefault(entry.getKey(), ANY), Access.ADMIN));
      }
    }
    if (total == catalog.size()) {
      out.add(Permission.of(ANY, except.values().stream().findFirst().orElse(ANY), Access.ADMIN));
    }
    return out;
  }

  private Map<String, Map<String, Boolean>> allows(List<PolicyStatement> statements) {
    Map<String, Map<String, Boolean>> allowed = new LinkedHashMap<>();
    for (PolicyStatement s : statements) {
      if (!s.allow()) {
        continue;
      }
      List<String> resources =
          s.notResource()
              ? List.of(ANY + " except " + String.join(", ", s.resources()))
              : s.resources();
      for (String action : actions(s)) {
        Map<String, Boolean> byResource =
            allowed.computeIfAbsent(action, a -> new LinkedHashMap<>());
        for (String resource : resources) {
          // Unconditional wins: one statement that allows without a condition is enough.
          byResource.merge(resource, s.conditional(), (a, b) -> a && b);
        }
      }
    }
    return allowed;
  }

  /** Only what both the identity policies and the boundary allow is allowed. */
  private Map<String, Map<String, Boolean>> intersect(
      Map<String, Map<String, Boolean>> identity,
      Map<String, Map<String, Boolean>> boundary,
      List<String> evidence) {
    Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    identity.forEach(
        (action, resources) -> {
          Map<String, Boolean> bounds = boundary.get(action);
          if (bounds == null) {
            removed.add(action);
            return;
          }
          Map<String, Boolean> kept = new LinkedHashMap<>();
          resources.forEach(
              (resource, conditional) -> {
                if (bounds.containsKey(ANY)) {
                  kept.merge(resource, conditional || bounds.get(ANY), (a, b) -> a && b);
                } else if (resource.equals(ANY)) {
                  bounds.forEach((b, bc) -> kept.merge(b, conditional || bc, (x, y) -> x && y));
                } else {
                  bounds.forEach(
                      (b, bc) -> {
                        if (ActionCatalog.glob(b).matcher(resource).matches()) {
                          kept.merge(resource, conditional || bc, (x, y) -> x && y);
                        }
                      });
                }
              });
          if (kept.isEmpty()) {
            removed.add(action);
          } else {
            out.put(action, kept);
          }
        });
    if (!removed.isEmpty()) {
      evidence.add(
          "permission boundary removes " + removed.size() + " allowed actions: " + sample(removed));
    }
    return out;
  }

  private void applyDeny(
      PolicyStatement deny, Map<String, Map<String, Boolean>> allowed, List<String> evidence) {
    Set<String> denied = new LinkedHashSet<>();
    actions(deny).forEach(a -> denied.add(a.toLowerCase(Locale.ROOT)));
    List<String> removed = new ArrayList<>();
    List<String> narrowed = new ArrayList<>();
    for (var it = allowed.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (!denied.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      Map<String, Boolean> kept = new LinkedHashMap<>();
      entry
          .getValue()
          .forEach(
              (resource, conditional) -> {
                if (deny.conditional()) {
                  kept.put(resource, true);
                } else if (deny.notResource()) {
                  if (resource.equals(ANY)) {
                    deny.resources().forEach(r -> kept.put(r, conditional));
                  } else if (deny.resources().stream()
                      .anyMatch(r -> ActionCatalog.glob(r).matcher(resource).matches())) {
                    kept.put(resource, conditional);
                  }
                } else if (deny.resources().stream()
                    .anyMatch(r -> ActionCatalog.glob(r).matcher(resource).matches())) {
                  // denied on this resource
                } else {
                  kept.put(resource, conditional);
                  if (resource.equals(ANY) || resource.contains("*")) {
                    narrowed.add(entry.getKey());
                  }
                }
              });
      if (kept.isEmpty()) {
        removed.add(entry.getKey());
        it.remove();
      } else {
        entry.setValue(kept);
      }
    }
    if (!removed.isEmpty()) {
      evidence.add(
          "explicit Deny ("
              + deny.origin()
              + ") removes "
              + removed.size()
              + " allowed actions: "
              + sample(removed));
    }
    if (!narrowed.isEmpty()) {
      evidence.add(
          "explicit Deny ("
              + deny.origin()
              + ") excludes "
              + deny.resources()
              + " from "
              + narrowed.size()
              + " actions allowed on wider resources: "
              + sample(narrowed));
    }
    if (deny.conditional()) {
      evidence.add(
          "explicit Deny with a Condition ("
              + deny.origin()
              + "): the actions it names are reported as conditional");
    }
  }

  /**
   * The actions a statement names, expanded; an action the catalog does not know is kept as
   * written.
   */
  Set<String> actions(PolicyStatement s) {
    Set<String> out = new LinkedHashSet<>();
    if (s.notAction()) {
      Set<String> excluded = new LinkedHashSet<>();
      s.actions().forEach(p -> catalog.expand(p).forEach(a -> excluded.add(a.name())));
      catalog.expand(ANY).stream()
          .map(ActionCatalog.Action::name)
          .filter(a -> !excluded.contains(a))
          .forEach(out::add);
      return out;
    }
    for (String pattern : s.actions()) {
      List<ActionCatalog.Action> expanded = catalog.expand(pattern);
      if (expanded.isEmpty() && !pattern.contains("*") && !pattern.contains("?")) {
        out.add(pattern);
      }
      expanded.forEach(a -> out.add(a.name()));
    }
    return out;
  }

  private Access access(String action) {
    ActionCatalog.Action known = catalog.find(action);
    if (known != null) {
      return known.access();
    }
    String name = action.substring(action.indexOf(':') + 1);
    if (name.startsWith("Delete")) {
      return Access.DELETE;
    }
    if (name.startsWith("List")) {
      return Access.LIST;
    }
    return name.startsWith("Get") || name.startsWith("Describe") ? Access.READ : Access.WRITE;
  }

  private static String sample(List<String> actions) {
    return actions.size() <= 8
        ? String.join(", ", actions)
        : String.join(", ", actions.subList(0, 8)) + ", …";
  }
}
