package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.source.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tokenscope audit gcp --project P / --organization O}: with the auditor's own access token,
 * reads every service account of each project, its user-managed keys, the role bindings that reach
 * it (project, folders, organization) and who may impersonate it. The calls are those of {@link
 * GcpApi}, all read-only and on the allow-lists of {@link GcpEndpoints}; for an organization,
 * Resource Manager {@code projects.list} and {@code folders.list} (GET) find its projects.
 */
public final class GcpLiveAudit {
  private final GcpApi api;
  private final GcpReader reader;
  private final RoleCatalog catalog;
  private final Instant now;

  private GcpLiveAudit(ResolveContext context, String accessToken) {
    this.api = new GcpApi(GcpEndpoints.of(context), accessToken);
    this.catalog = RoleCatalog.bundled();
    this.reader = new GcpReader(api, catalog);
    this.now = context.clock().instant();
  }

  /** Audits the given projects, and every project under the organization when one is given. */
  public static GcpAuditResult run(
      ResolveContext context, String accessToken, List<String> projects, String organization) {
    return new GcpLiveAudit(context, accessToken).run(projects, organization);
  }

  /** One account read, waiting for the others before its grants are made. */
  private record Audited(ServiceAccountView view, List<KeyInfo> keys, List<String> environments) {}

  private final List<Audited> audited = new ArrayList<>();

  private GcpAuditResult run(List<String> projects, String organization) {
    List<Problem> problems = new ArrayList<>();
    Map<Credential, Grant> found = new LinkedHashMap<>();
    Set<String> all = new LinkedHashSet<>(projects);
    try {
      if (organization != null) {
        all.addAll(projectsUnder("organizations/" + organization, problems, new LinkedHashSet<>()));
      }
      for (String project : all) {
        auditProject(project, found, problems);
      }
      // Impersonation crosses projects: paths are found once every account has been read.
      Impersonation impersonation =
          new Impersonation(audited.stream().map(Audited::view).toList(), catalog);
      for (Audited a : audited) {
        AuditedAccounts.add(
            a.view(),
            a.keys(),
            catalog,
            now,
            a.environments(),
            impersonation.paths(a.view()),
            found);
      }
    } catch (ProviderUnreachableException e) {
      problems.add(new Problem("gcp", e.getMessage()));
    } catch (IllegalArgumentException e) {
      problems.add(new Problem("gcp", "Google answered in an unexpected shape: " + e.getMessage()));
    }
    String what =
        organization == null
            ? "GCP projects " + String.join(", ", all)
            : "GCP organization " + organization;
    return new GcpAuditResult(what, found, problems);
  }

  private List<String> projectsUnder(String parent, List<Problem> problems, Set<String> seen)
      throws ProviderUnreachableException {
    List<String> out = new ArrayList<>();
    if (!seen.add(parent)) {
      return out;
    }
    GcpApi.Answer projects = api.children("projects", parent);
    if (projects.ok()) {
      for (JsonNode project : projects.body()) {
        if ("ACTIVE".equals(project.path("state").asText("ACTIVE"))) {
          out.add(project.path("projectId").asText());
        }
      }
    } else {
      problems.add(
          new Problem(
              parent,
              "cannot list its projects: "
                  + projects.problem()
                  + " (needs resourcemanager.projects.list)"));
    }
    GcpApi.Answer folders = api.children("folders", parent);
    if (folders.ok()) {
      for (JsonNode folder : folders.body()) {
        out.addAll(projectsUnder(folder.path("name").asText(), problems, seen));
      }
    } else {
      problems.add(
          new Problem(
              parent,
              "cannot list its folders: "
                  + folders.problem()
                  + " (needs resourcemanager.folders.list)"));
    }
    return out;
  }

  private void auditProject(String project, Map<Credential, Grant> found, List<Problem> problems)
      throws ProviderUnreachableException {
    GcpApi.Answer accounts = api.serviceAccounts(project);
    if (!accounts.ok()) {
      String hint =
          accounts.projectUnavailable()
              ? " (the project is disabled or deleted)"
              : accounts.permissionDenied() ? " (needs iam.serviceAccounts.list)" : "";
      problems.add(
          new Problem(
              "projects/" + project, "cannot list service accounts: " + accounts.problem() + hint));
      return;
    }
    GcpReader.ProjectState state = reader.project(project);
    List<String> projectUnreadable = new ArrayList<>();
    List<IamPolicy> policies = reader.hierarchyPolicies(state, projectUnreadable);
    for (JsonNode account : accounts.body()) {
      String email = account.path("email").asText();
      List<String> unreadable = new ArrayList<>(projectUnreadable);
      List<KeyInfo> keys = List.of();
      GcpApi.Answer keyAnswer = api.keys(project, email);
      if (keyAnswer.ok()) {
        try {
          keys = AuditedAccounts.keys(keyAnswer.body().path("keys"));
        } catch (IllegalArgumentException e) {
          problems.add(new Problem("keys of " + email, e.getMessage()));
        }
      } else {
        problems.add(
            new Problem(
                "keys of " + email,
                "cannot list: " + keyAnswer.problem() + " (needs iam.serviceAccountKeys.list)"));
      }
      IamPolicy own = reader.ownPolicy(project, email, unreadable);
      Map<String, List<String>> customRoles = reader.customRoles(policies, own, unreadable);
      ServiceAccountView view =
          new ServiceAccountView(
              email,
              project,
              account.path("disabled").asBoolean(false),
              policies,
              own,
              customRoles,
              unreadable);
      audited.add(new Audited(view, keys, state.environments()));
    }
  }
}
