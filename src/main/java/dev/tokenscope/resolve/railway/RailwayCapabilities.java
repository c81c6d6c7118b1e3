package dev.tokenscope.resolve.railway;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * What each type of Railway token may do. Railway tokens carry no scopes: an account token acts as
 * its user in every workspace, a workspace token as a member of one workspace, a project token only
 * inside one environment of one project (Railway's documentation, "Public API: token types"). The
 * actions are Railway's own GraphQL field names (mutations, and the {@code variables} query), so an
 * inventory's {@code allow} can list them as they appear in Railway's API reference; a test checks
 * each against Railway's published schema.
 */
final class RailwayCapabilities {
  /** Mutations that act on one environment of a project, and their comparable access. */
  private static final List<Action> ENVIRONMENT_ACTIONS =
      List.of(
          new Action("variables", Access.READ),
          new Action("serviceInstanceDeployV2", Access.WRITE),
          new Action("serviceInstanceRedeploy", Access.WRITE),
          new Action("deploymentTriggerCreate", Access.WRITE),
          new Action("variableUpsert", Access.WRITE),
          new Action("variableDelete", Access.WRITE),
          new Action("customDomainCreate", Access.WRITE),
          new Action("customDomainDelete", Access.DELETE),
          new Action("serviceCreate", Access.WRITE),
          new Action("serviceDelete", Access.DELETE),
          new Action("volumeDelete", Access.DELETE),
          new Action("volumeInstanceBackupDelete", Access.DELETE),
          new Action("volumeInstanceBackupScheduleUpdate", Access.WRITE),
          new Action("environmentDelete", Access.DELETE));

  /** Mutations on a whole project. */
  private static final List<Action> PROJECT_ACTIONS =
      List.of(
          new Action("projectDelete", Access.DELETE),
          new Action("projectTokenCreate", Access.PERMISSIONS));

  /** What a project token may do in its environment: read and set variables, deploy. */
  private static final List<Action> PROJECT_TOKEN_ACTIONS =
      List.of(
          new Action("variables", Access.READ),
          new Action("variableUpsert", Access.WRITE),
          new Action("variableDelete", Access.WRITE),
          new Action("serviceInstanceDeployV2", Access.WRITE),
          new Action("serviceInstanceRedeploy", Access.WRITE),
          new Action("deploymentRedeploy", Access.WRITE));

  private record Action(String name, Access access) {}

  private RailwayCapabilities() {}

  /**
   * An account token: everything in every project it reaches, and it can create projects and tokens
   * anywhere.
   */
  static List<Permission> account(List<Reach> reach, List<String> workspaces) {
    List<Permission> out = workspaceWide(reach);
    out.add(Permission.of("projectCreate", "*", Access.WRITE));
    out.add(Permission.of("apiTokenCreate", "*", Access.PERMISSIONS));
    // Even with no project today, an account token can delete whatever its user's workspaces hold
    // tomorrow.
    for (Action action : PROJECT_ACTIONS) {
      out.add(Permission.of(action.name(), "*", action.access()));
    }
    for (Action action : ENVIRONMENT_ACTIONS) {
      out.add(Permission.of(action.name(), "*", action.access()));
    }
    return dedupe(out);
  }

  /** A workspace token: everything in every project of its workspace. */
  static List<Permission> workspace(List<Reach> reach) {
    List<Permission> out = workspaceWide(reach);
    out.add(
        Permission.of(
            "projectCreate", reach.isEmpty() ? "*" : reach.get(0).workspace(), Access.WRITE));
    return dedupe(out);
  }

  /** A project token: its own environment only. */
  static List<Permission> project(Reach reach) {
    List<Permission> out = new ArrayList<>();
    for (String environment : reach.environments()) {
      for (Action action : PROJECT_TOKEN_ACTIONS) {
        out.add(Permission.of(action.name(), reach.project() + "/" + environment, action.access()));
      }
    }
    return out;
  }

  private static List<Permission> workspaceWide(List<Reach> reach) {
    List<Permission> out = new ArrayList<>();
    for (Reach r : reach) {
      if (r.project() == null) {
        continue;
      }
      for (Action action : PROJECT_ACTIONS) {
        out.add(Permission.of(action.name(), r.qualifiedProject(), action.access()));
      }
      for (String environment : r.environments()) {
        for (Action action : ENVIRONMENT_ACTIONS) {
          out.add(
              Permission.of(
                  action.name(), r.qualifiedProject() + "/" + environment, action.access()));
        }
      }
    }
    return out;
  }

  private static List<Permission> dedupe(List<Permission> permissions) {
    return new ArrayList<>(new java.util.LinkedHashSet<>(permissions));
  }
}
