package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code tokenscope audit gcp --snapshot DIR}: the same audit as {@link GcpLiveAudit}, offline,
 * from {@code gcloud ... --format=json} exports of one project laid out as in docs/gcp.md:
 *
 * <pre>
 * service-accounts.json               gcloud iam service-accounts list
 * project-iam-policy.json             gcloud projects get-iam-policy P
 * keys/EMAIL.json                     gcloud iam service-accounts keys list --iam-account EMAIL
 * service-account-policies/EMAIL.json gcloud iam service-accounts get-iam-policy EMAIL   (optional)
 * roles/ROLE_ID.json                  gcloud iam roles describe ROLE_ID --project P     (optional)
 * asset-iam-policies.json             gcloud asset search-all-iam-policies --scope=...   (optional)
 * </pre>
 *
 * A file that is missing or malformed is a problem naming the file and the command that makes it;
 * the other files are still read.
 */
public final class GcpSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCOUNTS = "service-accounts.json";
  static final String PROJECT_POLICY = "project-iam-policy.json";
  static final String ASSETS = "asset-iam-policies.json";

  private final Path dir;
  private final List<Problem> problems = new ArrayList<>();

  private GcpSnapshot(Path dir) {
    this.dir = dir;
  }

  public static GcpAuditResult read(Path dir, String project, Instant now) {
    return new GcpSnapshot(dir).read(project, now);
  }

  private GcpAuditResult read(String projectOption, Instant now) {
    Map<Credential, Grant> found = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      problems.add(
          new Problem(
              dir.toString(),
              "not a folder: give the folder holding the gcloud exports (see docs/gcp.md)"));
      return new GcpAuditResult("GCP snapshot " + dir, found, problems);
    }
    JsonNode accounts =
        json(
            dir.resolve(ACCOUNTS),
            "gcloud iam service-accounts list --project P --format=json",
            true);
    if (accounts != null && !accounts.isArray()) {
      problems.add(
          new Problem(
              dir.resolve(ACCOUNTS).toString(),
              "expected a JSON list of service accounts (gcloud iam service-accounts list --format=json)"));
      accounts = null;
    }
    String project = projectOption;
    if (project == null && accounts != null) {
      for (JsonNode account : accounts) {
        if (account.hasNonNull("projectId")) {
          project = account.get("projectId").asText();
          break;
        }
      }
    }
    List<IamPolicy> policies = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    JsonNode projectPolicy =
        json(dir.resolve(PROJECT_POLICY), "gcloud projects get-iam-policy P --format=json", true);
    if (projectPolicy != null) {
      policy(dir.resolve(PROJECT_POLICY), "projects/" + project, projectPolicy, policies);
    }
    if (policies.isEmpty()) {
      unreadable.add(
          "projects/" + project + " IAM policy (" + PROJECT_POLICY + " missing or malformed)");
    }
    Map<String, IamPolicy> accountPolicies = new HashMap<>();
    JsonNode assets =
        json(
            dir.resolve(ASSETS),
            "gcloud asset search-all-iam-policies --scope=projects/P --format=json",
            false);
    if (assets != null) {
      assets(assets, project, policies, accountPolicies);
    }
    Map<String, List<String>> customRoles = customRoles();
    RoleCatalog catalog = RoleCatalog.bundled();
    if (accounts != null) {
      List<ServiceAccountView> views = new ArrayList<>();
      List<List<KeyInfo>> keysOf = new ArrayList<>();
      for (JsonNode account : accounts) {
        String email = account.path("email").asText(null);
        if (email == null) {
          problems.add(
              new Problem(
                  dir.resolve(ACCOUNTS).toString(),
                  "a service account without 'email': is this the output of gcloud iam service-accounts list?"));
          continue;
        }
        if (!usableAsFileName(email)) {
          // keys/EMAIL.json is read by name: an email that is no plain file name (a NUL, a '/',
          // '..') would throw or read outside the snapshot (GcpSnapshotFuzzTest's seeds).
          problems.add(
              new Problem(
                  dir.resolve(ACCOUNTS).toString(),
                  "not a service account email: '"
                      + email.replaceAll("\\p{Cntrl}", "?")
                      + "' (skipped)"));
          continue;
        }
        List<String> accountUnreadable = new ArrayList<>(unreadable);
        List<KeyInfo> keys = keys(email);
        IamPolicy own = accountPolicies.get(email.toLowerCase(java.util.Locale.ROOT));
        if (own == null) {
          own = accountPolicy(email);
        }
        if (own == null) {
          accountUnreadable.add(
              "policy of service account "
                  + email
                  + " (who may impersonate it is known only from project-level bindings)");
        }
        String accountProject = account.path("projectId").asText(project);
        ServiceAccountView view =
            new ServiceAccountView(
                email,
                accountProject,
                account.path("disabled").asBoolean(false),
                policies,
                own,
                customRoles,
                accountUnreadable);
        views.add(view);
        keysOf.add(keys);
      }
      Impersonation impersonation = new Impersonation(views, catalog);
      for (int i = 0; i < views.size(); i++) {
        AuditedAccounts.add(
            views.get(i),
            keysOf.get(i),
            catalog,
            now,
            List.of(),
            impersonation.paths(views.get(i)),
            found);
      }
    }
    return new GcpAuditResult("GCP snapshot " + dir, found, problems);
  }

  private static boolean usableAsFileName(String email) {
    return !email.isBlank()
        && !email.startsWith(".")
        && email
            .chars()
            .noneMatch(c -> c == '/' || c == '\\' || c == ':' || Character.isISOControl(c));
  }

  private List<KeyInfo> keys(String email) {
    Path file = dir.resolve("keys").resolve(email + ".json");
    JsonNode node =
        json(
            file,
            "gcloud iam service-accounts keys list --iam-account " + email + " --format=json",
            true);
    if (node == null) {
      return List.of();
    }
    JsonNode list = node.isArray() ? node : node.path("keys");
    try {
      return AuditedAccounts.keys(list);
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(
              file.toString(),
              e.getMessage()
                  + " (expected the output of gcloud iam service-accounts keys list --format=json)"));
      return List.of();
    }
  }

  private IamPolicy accountPolicy(String email) {
    Path file = dir.resolve("service-account-policies").resolve(email + ".json");
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode node =
        json(file, "gcloud iam service-accounts get-iam-policy " + email + " --format=json", false);
    List<IamPolicy> out = new ArrayList<>();
    if (node != null) {
      policy(file, "serviceAccounts/" + email, node, out);
    }
    return out.isEmpty() ? null : out.get(0);
  }

  private void assets(
      JsonNode assets,
      String project,
      List<IamPolicy> policies,
      Map<String, IamPolicy> accountPolicies) {
    Path file = dir.resolve(ASSETS);
    if (!assets.isArray()) {
      problems.add(
          new Problem(
              file.toString(),
              "expected a JSON list (gcloud asset search-all-iam-policies --format=json)"));
      return;
    }
    for (JsonNode result : assets) {
      String resource = result.path("resource").asText("");
      if (resource.isEmpty() || !result.path("policy").isObject()) {
        problems.add(
            new Problem(
                file.toString(),
                "an entry without 'resource' and 'policy': is this search-all-iam-policies output?"));
        continue;
      }
      String name = resource.replaceFirst("^//cloudresourcemanager\\.googleapis\\.com/", "");
      if (name.equals("projects/" + project)
          && policies.stream().anyMatch(p -> p.resource().equals(name))) {
        continue;
      }
      List<IamPolicy> one = new ArrayList<>();
      policy(file, name, result.get("policy"), one);
      if (one.isEmpty()) {
        continue;
      }
      if (name.startsWith("//iam.googleapis.com/") && name.contains("/serviceAccounts/")) {
        accountPolicies.put(
            name.substring(name.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT),
            one.get(0));
      } else {
        policies.add(one.get(0));
      }
    }
  }

  private Map<String, List<String>> customRoles() {
    Map<String, List<String>> out = new HashMap<>();
    Path folder = dir.resolve("roles");
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode role =
            json(file, "gcloud iam roles describe ROLE_ID --project P --format=json", true);
        if (role == null) {
          continue;
        }
        String name = role.path("name").asText(null);
        if (name == null || !role.path("includedPermissions").isArray()) {
          problems.add(
              new Problem(
                  file.toString(),
                  "expected a role with 'name' and 'includedPermissions' (gcloud iam roles describe --format=json)"));
          continue;
        }
        out.put(name, GcpReader.permissions(role));
      }
    } catch (IOException e) {
      problems.add(new Problem(folder.toString(), "cannot list: " + e.getMessage()));
    }
    return out;
  }

  private void policy(Path file, String resource, JsonNode node, List<IamPolicy> out) {
    try {
      out.add(IamPolicy.parse(resource, node));
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(
              file.toString(),
              e.getMessage() + " (expected gcloud ... get-iam-policy --format=json output)"));
    }
  }

  /** The JSON of a file, or null (with a problem when it is required or malformed). */
  private JsonNode json(Path file, String command, boolean required) {
    if (!Files.exists(file)) {
      if (required) {
        problems.add(
            new Problem(
                file.toString(),
                "missing: export it with '" + command + " > " + dir.relativize(file) + "'"));
      }
      return null;
    }
    try {
      JsonNode node = JSON.readTree(Files.readString(file));
      if (node == null || node.isMissingNode()) {
        problems.add(new Problem(file.toString(), "empty: re-export it with '" + command + "'"));
        return null;
      }
      return node;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      problems.add(
          new Problem(
              file + (line > 0 ? ":" + line : ""),
              "not valid JSON ("
                  + e.getOriginalMessage()
                  + "): re-export it with '"
                  + command
                  + "'"));
      return null;
    } catch (IOException e) {
      problems.add(new Problem(file.toString(), "cannot read: " + e.getMessage()));
      return null;
    }
  }
}
