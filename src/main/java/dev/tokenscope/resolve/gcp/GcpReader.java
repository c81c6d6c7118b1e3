package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.ProviderUnreachableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads, live, what {@link ServiceAccountView} needs for one service account: the IAM policies of
 * its project and of every folder and organization above it, its own policy, and the custom roles
 * those policies bind. A policy that cannot be read (permission denied) is noted, not fatal.
 */
final class GcpReader {
  private final GcpApi api;
  private final RoleCatalog catalog;

  /** Policies and roles already read, so an audit of many accounts reads each once. */
  private final Map<String, Object> cache = new HashMap<>();

  GcpReader(GcpApi api, RoleCatalog catalog) {
    this.api = api;
    this.catalog = catalog;
  }

  /** What was learned about the project itself: its ancestry and state. */
  record ProjectState(
      String projectId, String state, List<String> ancestors, String problem, String environment) {
    /** The environment the project's {@code environment} or {@code env} label names, if any. */
    List<String> environments() {
      return environment == null ? List.of() : List.of(environment);
    }
  }

  ProjectState project(String project) throws ProviderUnreachableException {
    String key = "project:" + project;
    if (cache.get(key) instanceof ProjectState known) {
      return known;
    }
    GcpApi.Answer answer = api.project(project);
    ProjectState state;
    if (!answer.ok()) {
      state =
          new ProjectState(
              project,
              answer.projectUnavailable() ? "DISABLED" : null,
              List.of(),
              "projects/" + project + " (ancestry) " + answer.problem(),
              null);
    } else {
      List<String> ancestors = new ArrayList<>();
      String parent = answer.body().path("parent").asText("");
      String problem = null;
      Set<String> seen = new LinkedHashSet<>();
      while (parent.startsWith("folders/") && seen.add(parent)) {
        ancestors.add(parent);
        GcpApi.Answer folder = api.folder(parent.substring("folders/".length()));
        if (!folder.ok()) {
          problem = parent + " (parent of it) " + folder.problem();
          parent = "";
          break;
        }
        parent = folder.body().path("parent").asText("");
      }
      if (parent.startsWith("organizations/")) {
        ancestors.add(parent);
      }
      JsonNode labels = answer.body().path("labels");
      String environment = labels.path("environment").asText(labels.path("env").asText(""));
      state =
          new ProjectState(
              project,
              answer.body().path("state").asText("ACTIVE"),
              ancestors,
              problem,
              environment.isBlank() ? null : environment);
    }
    cache.put(key, state);
    return state;
  }

  /**
   * The policies from the project up to the organization, the unreadable ones noted in {@code
   * unreadable}.
   */
  List<IamPolicy> hierarchyPolicies(ProjectState project, List<String> unreadable)
      throws ProviderUnreachableException {
    List<IamPolicy> out = new ArrayList<>();
    if (project.problem() != null) {
      unreadable.add(project.problem() + ": folder and organization bindings are missing");
    }
    List<String> resources = new ArrayList<>();
    resources.add("projects/" + project.projectId());
    resources.addAll(project.ancestors());
    for (String resource : resources) {
      IamPolicy policy = policy(resource, unreadable);
      if (policy != null) {
        out.add(policy);
      }
    }
    return out;
  }

  private IamPolicy policy(String resource, List<String> unreadable)
      throws ProviderUnreachableException {
    String key = "policy:" + resource;
    Object cached = cache.get(key);
    if (cached instanceof IamPolicy policy) {
      return policy;
    }
    if (cached instanceof String problem) {
      unreadable.add(problem);
      return null;
    }
    GcpApi.Answer answer = api.policy(resource);
    if (!answer.ok()) {
      String problem =
          resource
              + " IAM policy "
              + answer.problem()
              + (answer.permissionDenied()
                  ? " (needs resourcemanager." + kind(resource) + ".getIamPolicy)"
                  : "");
      cache.put(key, problem);
      unreadable.add(problem);
      return null;
    }
    IamPolicy policy = IamPolicy.parse(resource, answer.body());
    cache.put(key, policy);
    return policy;
  }

  /** The service account's own policy: who may impersonate it. Null when unreadable. */
  IamPolicy ownPolicy(String project, String email, List<String> unreadable)
      throws ProviderUnreachableException {
    GcpApi.Answer answer = api.serviceAccountPolicy(project, email);
    if (!answer.ok()) {
      unreadable.add(
          "policy of service account "
              + email
              + " "
              + answer.problem()
              + " (who may impersonate it is unknown)");
      return null;
    }
    return IamPolicy.parse("projects/" + project + "/serviceAccounts/" + email, answer.body());
  }

  /**
   * The custom roles bound in the policies ({@code projects/…/roles/…}, {@code
   * organizations/…/roles/…}).
   */
  Map<String, List<String>> customRoles(
      List<IamPolicy> policies, IamPolicy own, List<String> unreadable)
      throws ProviderUnreachableException {
    Map<String, List<String>> out = new HashMap<>();
    List<IamPolicy> all = new ArrayList<>(policies);
    if (own != null) {
      all.add(own);
    }
    for (IamPolicy policy : all) {
      for (IamPolicy.Binding binding : policy.bindings()) {
        String role = binding.role();
        if (out.containsKey(role)
            || !(role.startsWith("projects/") || role.startsWith("organizations/"))) {
          continue;
        }
        String key = "role:" + role;
        if (!cache.containsKey(key)) {
          GcpApi.Answer answer = api.role(role);
          cache.put(
              key,
              answer.ok()
                  ? permissions(answer.body())
                  : "custom role " + role + " " + answer.problem());
        }
        Object cached = cache.get(key);
        if (cached instanceof String problem) {
          unreadable.add(problem);
        } else {
          @SuppressWarnings("unchecked")
          List<String> permissions = (List<String>) cached;
          out.put(role, permissions);
        }
      }
    }
    return out;
  }

  /**
   * A custom role's permissions; none when its stage is DISABLED (Google's Role.RoleLaunchStage: a
   * disabled role's bindings grant nothing).
   */
  static List<String> permissions(JsonNode role) {
    List<String> out = new ArrayList<>();
    if ("DISABLED".equals(role.path("stage").asText())) {
      return out;
    }
    role.path("includedPermissions").forEach(p -> out.add(p.asText()));
    return out;
  }

  RoleCatalog catalog() {
    return catalog;
  }

  GcpApi api() {
    return api;
  }

  private static String kind(String resource) {
    return resource.substring(0, resource.indexOf('/'));
  }
}
