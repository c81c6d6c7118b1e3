package dev.tokenscope.resolve.github;

import dev.tokenscope.model.Access;
import java.util.Map;

/**
 * What each classic OAuth scope of GitHub allows, on the comparable {@link Access} scale. Scopes
 * not listed here (new ones GitHub adds) are reported with {@code READ} and their own name, so they
 * are never lost; the risk policy decides what is dangerous.
 */
final class GitHubScopes {
  private static final Map<String, Access> ACCESS =
      Map.ofEntries(
          Map.entry("repo", Access.WRITE),
          Map.entry("public_repo", Access.WRITE),
          Map.entry("repo:status", Access.WRITE),
          Map.entry("repo_deployment", Access.WRITE),
          Map.entry("repo:invite", Access.PERMISSIONS),
          Map.entry("security_events", Access.WRITE),
          Map.entry("delete_repo", Access.DELETE),
          Map.entry("workflow", Access.WRITE),
          Map.entry("admin:org", Access.ADMIN),
          Map.entry("write:org", Access.PERMISSIONS),
          Map.entry("read:org", Access.READ),
          Map.entry("admin:public_key", Access.PERMISSIONS),
          Map.entry("write:public_key", Access.PERMISSIONS),
          Map.entry("read:public_key", Access.READ),
          Map.entry("admin:repo_hook", Access.ADMIN),
          Map.entry("write:repo_hook", Access.WRITE),
          Map.entry("read:repo_hook", Access.READ),
          Map.entry("admin:org_hook", Access.ADMIN),
          Map.entry("gist", Access.WRITE),
          Map.entry("notifications", Access.READ),
          Map.entry("user", Access.WRITE),
          Map.entry("read:user", Access.READ),
          Map.entry("user:email", Access.READ),
          Map.entry("user:follow", Access.WRITE),
          Map.entry("project", Access.WRITE),
          Map.entry("read:project", Access.READ),
          Map.entry("write:packages", Access.WRITE),
          Map.entry("read:packages", Access.READ),
          Map.entry("delete:packages", Access.DELETE),
          Map.entry("admin:gpg_key", Access.PERMISSIONS),
          Map.entry("write:gpg_key", Access.PERMISSIONS),
          Map.entry("read:gpg_key", Access.READ),
          Map.entry("admin:ssh_signing_key", Access.PERMISSIONS),
          Map.entry("codespace", Access.WRITE),
          Map.entry("codespace:secrets", Access.WRITE),
          Map.entry("admin:enterprise", Access.ADMIN),
          Map.entry("manage_runners:enterprise", Access.ADMIN),
          Map.entry("manage_billing:enterprise", Access.WRITE),
          Map.entry("read:enterprise", Access.READ),
          Map.entry("read:audit_log", Access.READ),
          Map.entry("copilot", Access.WRITE),
          Map.entry("manage_billing:copilot", Access.WRITE));

  private GitHubScopes() {}

  static Access access(String scope) {
    return ACCESS.getOrDefault(scope, Access.READ);
  }
}
