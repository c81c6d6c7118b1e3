package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read-only Google Cloud calls tokenscope makes with an access token, each answered as data or
 * as a {@link Answer} that says what failed, so a caller can keep a partial result:
 *
 * <ul>
 *   <li>IAM {@code projects.serviceAccounts.get}, {@code .list}, {@code .keys.list} (GET);
 *   <li>IAM {@code projects.serviceAccounts.getIamPolicy} (POST, read-only: returns the policy);
 *   <li>IAM {@code projects.roles.get} / {@code organizations.roles.get} / {@code roles.get} (GET);
 *   <li>Resource Manager v3 {@code projects.get}, {@code folders.get} (GET) to walk the ancestry,
 *       {@code projects.list}, {@code folders.list} (GET) to find the projects of an organization;
 *   <li>Resource Manager v3 {@code getIamPolicy} on projects, folders and organizations (POST,
 *       read-only: the body only names the policy version wanted);
 *   <li>Resource Manager v3 {@code projects.testIamPermissions} (POST, read-only: it only says which
 *       of the listed permissions the caller holds).
 * </ul>
 */
final class GcpApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY_REQUEST = "{\"options\":{\"requestedPolicyVersion\":3}}";

  private final GcpEndpoints endpoints;
  private final Map<String, String> auth;

  GcpApi(GcpEndpoints endpoints, String accessToken) {
    this.endpoints = endpoints;
    this.auth = Map.of("Authorization", "Bearer " + accessToken, "Accept", "application/json");
  }

  /** A call's result: the JSON body, or the HTTP status and Google's error status and message. */
  record Answer(JsonNode body, int status, String errorStatus, String errorMessage) {
    boolean ok() {
      return body != null;
    }

    /** A short description for evidence and status reasons. */
    String problem() {
      return "HTTP " + status + (errorStatus.isEmpty() ? "" : " " + errorStatus) + (errorMessage.isEmpty() ? "" : ": " + errorMessage);
    }

    boolean permissionDenied() {
      return status == 403 || "PERMISSION_DENIED".equals(errorStatus);
    }

    /** Google's answers for a project that is disabled, shut down or deleted. */
    boolean projectUnavailable() {
      String text = (errorMessage + " " + errorStatus).toLowerCase(java.util.Locale.ROOT);
      return text.contains("has been deleted")
          || text.contains("is disabled")
          || text.contains("project is not active")
          || text.contains("consumer_invalid")
          || text.contains("pending deletion")
          || text.contains("user_project_denied");
    }
  }

  Answer serviceAccount(String project, String email) throws ProviderUnreachableException {
    return read(endpoints.iam().get("/v1/projects/" + project + "/serviceAccounts/" + email, auth));
  }

  /** Every service account of a project, following page tokens. */
  Answer serviceAccounts(String project) throws ProviderUnreachableException {
    List<JsonNode> all = new ArrayList<>();
    String page = null;
    do {
      String query = "?pageSize=100" + (page == null ? "" : "&pageToken=" + java.net.URLEncoder.encode(page, java.nio.charset.StandardCharsets.UTF_8));
      Answer answer = read(endpoints.iam().get("/v1/projects/" + project + "/serviceAccounts" + query, auth));
      if (!answer.ok()) {
        return answer;
      }
      answer.body().path("accounts").forEach(all::add);
      page = answer.body().path("nextPageToken").asText(null);
      if (page != null && page.isEmpty()) {
        page = null;
      }
    } while (page != null);
    return new Answer(JSON.valueToTree(all), 200, "", "");
  }

  Answer keys(String project, String email) throws ProviderUnreachableException {
    return read(endpoints.iam().get("/v1/projects/" + project + "/serviceAccounts/" + email + "/keys?keyTypes=USER_MANAGED", auth));
  }

  Answer serviceAccountPolicy(String project, String email) throws ProviderUnreachableException {
    return read(endpoints.iam().post("/v1/projects/" + project + "/serviceAccounts/" + email + ":getIamPolicy", "", "application/json", auth));
  }

  /** A custom role ({@code projects/P/roles/R}, {@code organizations/O/roles/R}) or a predefined one. */
  Answer role(String name) throws ProviderUnreachableException {
    return read(endpoints.iam().get("/v1/" + name, auth));
  }

  Answer project(String project) throws ProviderUnreachableException {
    return read(endpoints.resourceManager().get("/v3/projects/" + project, auth));
  }

  Answer folder(String folderId) throws ProviderUnreachableException {
    return read(endpoints.resourceManager().get("/v3/folders/" + folderId, auth));
  }

  /** The IAM policy of {@code projects/P}, {@code folders/F} or {@code organizations/O}. */
  Answer policy(String resource) throws ProviderUnreachableException {
    return read(endpoints.resourceManager().post("/v3/" + resource + ":getIamPolicy", POLICY_REQUEST, "application/json", auth));
  }

  /**
   * Which of the given permissions the caller holds on a project (at most 100 per call). Read-only:
   * it evaluates the caller's access and changes nothing; it needs no permission, so it works for
   * a key that may not read the project's policy.
   */
  Answer testPermissions(String project, List<String> permissions) throws ProviderUnreachableException {
    com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
    permissions.forEach(body.putArray("permissions")::add);
    return read(endpoints.resourceManager().post("/v3/projects/" + project + ":testIamPermissions", body.toString(), "application/json", auth));
  }

  /** The projects and folders directly under {@code organizations/O} or {@code folders/F}. */
  Answer children(String kind, String parent) throws ProviderUnreachableException {
    List<JsonNode> all = new ArrayList<>();
    String page = null;
    do {
      String query = "?parent=" + parent + (page == null ? "" : "&pageToken=" + java.net.URLEncoder.encode(page, java.nio.charset.StandardCharsets.UTF_8));
      Answer answer = read(endpoints.resourceManager().get("/v3/" + kind + query, auth));
      if (!answer.ok()) {
        return answer;
      }
      answer.body().path(kind).forEach(all::add);
      page = answer.body().path("nextPageToken").asText(null);
      if (page != null && page.isEmpty()) {
        page = null;
      }
    } while (page != null);
    return new Answer(JSON.valueToTree(all), 200, "", "");
  }

  private static Answer read(HttpResult result) {
    JsonNode body;
    try {
      body = JSON.readTree(result.body() == null || result.body().isBlank() ? "{}" : result.body());
    } catch (IOException e) {
      return new Answer(null, result.status(), "", "answer is not JSON");
    }
    if (result.ok() && body != null) {
      return new Answer(body, result.status(), "", "");
    }
    JsonNode error = body == null ? JSON.createObjectNode() : body.path("error");
    String status = error.path("status").asText("");
    String message = error.path("message").asText("");
    for (JsonNode detail : error.path("details")) {
      String reason = detail.path("reason").asText("");
      if (!reason.isEmpty()) {
        status = status.isEmpty() ? reason : status + "/" + reason;
      }
    }
    return new Answer(null, result.status(), status, message);
  }
}
