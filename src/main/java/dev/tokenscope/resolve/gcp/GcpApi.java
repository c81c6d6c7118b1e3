package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudresourcemanager.v3.CloudResourceManager;
import com.google.api.services.cloudresourcemanager.v3.model.GetIamPolicyRequest;
import com.google.api.services.cloudresourcemanager.v3.model.GetPolicyOptions;
import com.google.api.services.cloudresourcemanager.v3.model.TestIamPermissionsRequest;
import com.google.api.services.iam.v1.Iam;
import dev.tokenscope.http.ProviderUnreachableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The read-only Google Cloud calls tokenscope makes with an access token, through Google's REST
 * clients ({@code google-api-services-iam} v1, {@code google-api-services-cloudresourcemanager} v3)
 * on the {@link SafeHttpTransport}, so each request is still checked against the allow-lists of
 * {@link GcpEndpoints}. Each call is answered as data or as an {@link Answer} that says what
 * failed, so a caller can keep a partial result:
 *
 * <ul>
 *   <li>IAM {@code projects.serviceAccounts.get}, {@code .list}, {@code .keys.list} (GET);
 *   <li>IAM {@code projects.serviceAccounts.getIamPolicy} (POST, read-only: returns the policy);
 *   <li>IAM {@code projects.roles.get} / {@code organizations.roles.get} / {@code roles.get} (GET);
 *   <li>Resource Manager v3 {@code projects.get}, {@code folders.get} (GET) to walk the ancestry,
 *       {@code projects.list}, {@code folders.list} (GET) to find the projects of an organization;
 *   <li>Resource Manager v3 {@code getIamPolicy} on projects, folders and organizations (POST,
 *       read-only: the body only names the policy version wanted);
 *   <li>Resource Manager v3 {@code projects.testIamPermissions} (POST, read-only: it only says
 *       which of the listed permissions the caller holds).
 * </ul>
 */
final class GcpApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GsonFactory GSON = GsonFactory.getDefaultInstance();
  private static final int POLICY_VERSION = 3;

  private final Iam iam;
  private final CloudResourceManager crm;

  GcpApi(GcpEndpoints endpoints, String accessToken) {
    SafeHttpTransport transport = endpoints.transport();
    HttpRequestInitializer auth =
        request -> {
          request.getHeaders().setAuthorization("Bearer " + accessToken);
          request.getHeaders().setAccept("application/json");
        };
    // Request bodies go out as plain text through SafeHttpClient, so the clients must not gzip
    // them.
    com.google.api.client.googleapis.services.GoogleClientRequestInitializer plain =
        request -> request.setDisableGZipContent(true);
    this.iam =
        new Iam.Builder(transport, GSON, auth)
            .setRootUrl(endpoints.iam().baseUrl() + "/")
            .setApplicationName("tokenscope")
            .setGoogleClientRequestInitializer(plain)
            .build();
    this.crm =
        new CloudResourceManager.Builder(transport, GSON, auth)
            .setRootUrl(endpoints.resourceManager().baseUrl() + "/")
            .setApplicationName("tokenscope")
            .setGoogleClientRequestInitializer(plain)
            .build();
  }

  /** A call's result: the JSON body, or the HTTP status and Google's error status and message. */
  record Answer(JsonNode body, int status, String errorStatus, String errorMessage) {
    boolean ok() {
      return body != null;
    }

    /** A short description for evidence and status reasons. */
    String problem() {
      return "HTTP "
          + status
          + (errorStatus.isEmpty() ? "" : " " + errorStatus)
          + (errorMessage.isEmpty() ? "" : ": " + errorMessage);
    }

    boolean permissionDenied() {
      return status == 403 || errorStatus.startsWith("PERMISSION_DENIED");
    }

    /** Google's answers for a project that is disabled, shut down or deleted. */
    boolean projectUnavailable() {
      String text = (errorMessage + " " + errorStatus).toLowerCase(Locale.ROOT);
      return text.contains("has been deleted")
          || text.contains("is disabled")
          || text.contains("project is not active")
          || text.contains("consumer_invalid")
          || text.contains("pending deletion")
          || text.contains("user_project_denied");
    }
  }

  /** One client-library call. */
  private interface Call {
    Object execute() throws IOException;
  }

  Answer serviceAccount(String project, String email) throws ProviderUnreachableException {
    return call(() -> iam.projects().serviceAccounts().get(accountName(project, email)).execute());
  }

  /** Every service account of a project, following page tokens; the body is a JSON list. */
  Answer serviceAccounts(String project) throws ProviderUnreachableException {
    List<Object> all = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String page = null;
    do {
      String token = page;
      Answer answer =
          call(
              () ->
                  iam.projects()
                      .serviceAccounts()
                      .list("projects/" + project)
                      .setPageSize(100)
                      .setPageToken(token)
                      .execute());
      if (!answer.ok()) {
        return answer;
      }
      answer.body().path("accounts").forEach(all::add);
      page = nextPage(answer, seen);
    } while (page != null);
    return new Answer(JSON.valueToTree(all), 200, "", "");
  }

  Answer keys(String project, String email) throws ProviderUnreachableException {
    return call(
        () ->
            iam.projects()
                .serviceAccounts()
                .keys()
                .list(accountName(project, email))
                .setKeyTypes(List.of("USER_MANAGED"))
                .execute());
  }

  Answer serviceAccountPolicy(String project, String email) throws ProviderUnreachableException {
    return call(
        () ->
            iam.projects()
                .serviceAccounts()
                .getIamPolicy(accountName(project, email))
                .setOptionsRequestedPolicyVersion(POLICY_VERSION)
                .execute());
  }

  /**
   * A custom role ({@code projects/P/roles/R}, {@code organizations/O/roles/R}) or a predefined
   * one.
   */
  Answer role(String name) throws ProviderUnreachableException {
    if (name.startsWith("projects/")) {
      return call(() -> iam.projects().roles().get(name).execute());
    }
    if (name.startsWith("organizations/")) {
      return call(() -> iam.organizations().roles().get(name).execute());
    }
    return call(() -> iam.roles().get(name).execute());
  }

  Answer project(String project) throws ProviderUnreachableException {
    return call(() -> crm.projects().get("projects/" + project).execute());
  }

  Answer folder(String folderId) throws ProviderUnreachableException {
    return call(() -> crm.folders().get("folders/" + folderId).execute());
  }

  /** The IAM policy of {@code projects/P}, {@code folders/F} or {@code organizations/O}. */
  Answer policy(String resource) throws ProviderUnreachableException {
    GetIamPolicyRequest request =
        new GetIamPolicyRequest()
            .setOptions(new GetPolicyOptions().setRequestedPolicyVersion(POLICY_VERSION));
    if (resource.startsWith("folders/")) {
      return call(() -> crm.folders().getIamPolicy(resource, request).execute());
    }
    if (resource.startsWith("organizations/")) {
      return call(() -> crm.organizations().getIamPolicy(resource, request).execute());
    }
    return call(() -> crm.projects().getIamPolicy(resource, request).execute());
  }

  /**
   * Which of the given permissions the caller holds on a project (at most 100 per call). It needs
   * no permission, so it works for a key that may not read the project's policy.
   */
  Answer testPermissions(String project, List<String> permissions)
      throws ProviderUnreachableException {
    return call(
        () ->
            crm.projects()
                .testIamPermissions(
                    "projects/" + project,
                    new TestIamPermissionsRequest().setPermissions(permissions))
                .execute());
  }

  /**
   * The projects or folders directly under {@code organizations/O} or {@code folders/F}; the body
   * is a JSON list.
   */
  Answer children(String kind, String parent) throws ProviderUnreachableException {
    List<Object> all = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String page = null;
    do {
      String token = page;
      Answer answer =
          kind.equals("folders")
              ? call(() -> crm.folders().list().setParent(parent).setPageToken(token).execute())
              : call(() -> crm.projects().list().setParent(parent).setPageToken(token).execute());
      if (!answer.ok()) {
        return answer;
      }
      answer.body().path(kind).forEach(all::add);
      page = nextPage(answer, seen);
    } while (page != null);
    return new Answer(JSON.valueToTree(all), 200, "", "");
  }

  private static String accountName(String project, String email) {
    return "projects/" + project + "/serviceAccounts/" + email;
  }

  /**
   * The next page token; a token seen before ends the listing, so a looping answer cannot hang an
   * audit.
   */
  private static String nextPage(Answer answer, java.util.Set<String> seen)
      throws ProviderUnreachableException {
    String page = answer.body().path("nextPageToken").asText("");
    if (page.isEmpty()) {
      return null;
    }
    if (!seen.add(page)) {
      throw new ProviderUnreachableException(
          "gcp: a listing returned the page token '" + page + "' twice; stopped", null);
    }
    return page;
  }

  private static Answer call(Call call) throws ProviderUnreachableException {
    try {
      Object result = call.execute();
      return new Answer(JSON.readTree(result == null ? "{}" : GSON.toString(result)), 200, "", "");
    } catch (HttpResponseException e) {
      return error(e.getStatusCode(), e.getContent());
    } catch (ProviderUnreachableException e) {
      throw e;
    } catch (IOException e) {
      throw new ProviderUnreachableException("gcp: " + e.getMessage(), e);
    }
  }

  private static Answer error(int status, String content) {
    JsonNode body;
    try {
      body = JSON.readTree(content == null || content.isBlank() ? "{}" : content);
    } catch (IOException e) {
      return new Answer(null, status, "", "answer is not JSON");
    }
    // The client library hands over the inner "error" object of Google's {"error": {...}} answer.
    JsonNode error =
        body == null
            ? JSON.createObjectNode()
            : body.has("error") && body.get("error").isObject() ? body.get("error") : body;
    String errorStatus = error.path("status").asText("");
    String message = error.path("message").asText("");
    for (JsonNode detail : error.path("details")) {
      String reason = detail.path("reason").asText("");
      if (!reason.isEmpty()) {
        errorStatus = errorStatus.isEmpty() ? reason : errorStatus + "/" + reason;
      }
    }
    return new Answer(null, status, errorStatus, message);
  }
}
