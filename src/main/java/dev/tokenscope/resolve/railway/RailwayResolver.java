package dev.tokenscope.resolve.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves Railway tokens through Railway's public GraphQL API ({@code POST /graphql/v2}).
 *
 * <p>Railway tokens are UUIDs whatever their type, so the type is told by what the API answers:
 *
 * <ol>
 *   <li>{@code query Me} with {@code Authorization: Bearer}: only an account token has a user, and
 *       the answer lists the workspaces it reaches; each is then read with {@code query Workspace}
 *       (its projects, their environments, services and volumes).
 *   <li>{@code query ProjectToken} with {@code Project-Access-Token}: only a project token answers,
 *       with its project and environment.
 *   <li>{@code query Projects} with {@code Authorization: Bearer}: a workspace token answers with
 *       the projects of its workspace. (Railway's docs send workspace tokens as Bearer tokens; the
 *       old {@code Team-Access-Token} header no longer exists, so it is not tried.)
 * </ol>
 *
 * All four are GraphQL queries, each validated against Railway's published schema in the tests,
 * which read and never change anything; {@link SafeHttpClient} refuses any other operation and any
 * mutation before it is sent. Railway tokens carry no scopes: what a token may do follows from its
 * type (see {@link RailwayCapabilities}).
 */
public final class RailwayResolver implements Resolver {
  /** Railway's documented public endpoint. */
  public static final String DEFAULT_BASE_URL = "https://backboard.railway.com";

  static final String PATH = "/graphql/v2";

  private static final String PROJECT_FIELDS =
      "id name environments { edges { node { id name } } } services { edges { node { id name } } }"
          + " volumes { edges { node { id name } } }";
  static final String ME = "query Me { me { id name email workspaces { id name } } }";
  static final String WORKSPACE =
      "query Workspace($workspaceId: String!) { workspace(workspaceId: $workspaceId) { id name projects { edges { node { "
          + PROJECT_FIELDS
          + " } } } } }";
  static final String PROJECTS =
      "query Projects { projects { edges { node { "
          + PROJECT_FIELDS
          + " workspace { id name } } } } }";
  static final String PROJECT_TOKEN =
      "query ProjectToken { projectToken { projectId environmentId project { id name } environment { id name } } }";

  /**
   * Every document this resolver can send, by operation name. The allow-list is made from it, and
   * the tests parse and validate each against Railway's published schema.
   */
  static final Map<String, String> QUERIES =
      Map.of("Me", ME, "Workspace", WORKSPACE, "Projects", PROJECTS, "ProjectToken", PROJECT_TOKEN);

  static final AllowList ALLOW_LIST =
      new AllowList(
          "railway",
          QUERIES.keySet().stream()
              .sorted()
              .map(operation -> AllowedRequest.graphqlQuery(PATH, operation))
              .toList());

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String provider() {
    return "railway";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return credential.secret() != null
        && ("railway".equalsIgnoreCase(credential.provider())
            || credential.ruleId().startsWith("railway."));
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    SafeHttpClient client = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    String token = credential.secret().reveal();
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
    try {
      Answer me = ask(client, "Me", ME, Map.of(), bearer);
      if (me.data() != null && me.data().hasNonNull("me")) {
        return account(client, me.data().get("me"), bearer, credential);
      }
      if (!me.unauthorized()) {
        return unknown(me.problem());
      }
      Answer project =
          ask(
              client,
              "ProjectToken",
              PROJECT_TOKEN,
              Map.of(),
              Map.of("Project-Access-Token", token));
      if (project.data() != null && project.data().hasNonNull("projectToken")) {
        return projectToken(project.data().get("projectToken"));
      }
      Answer projects = ask(client, "Projects", PROJECTS, Map.of(), bearer);
      if (projects.data() != null && projects.data().path("projects").has("edges")) {
        return workspaceToken(projects.data().get("projects"));
      }
      if (!project.unauthorized() || !projects.unauthorized()) {
        return unknown(!project.unauthorized() ? project.problem() : projects.problem());
      }
      boolean revoked =
          me.problem().toLowerCase(Locale.ROOT).matches(".*(revoked|expired|deleted).*");
      return Grant.unresolved(
          identity(null, null, null, Map.of()),
          revoked ? GrantStatus.REVOKED : GrantStatus.INVALID,
          "Railway rejected the token as an account, workspace and project token ("
              + me.problem()
              + ")");
    } catch (ProviderUnreachableException e) {
      return unknown(e.getMessage());
    }
  }

  private Grant account(
      SafeHttpClient client, JsonNode me, Map<String, String> bearer, Credential credential)
      throws ProviderUnreachableException {
    List<Reach> reach = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    List<String> workspaceNames = new ArrayList<>();
    for (JsonNode workspace : me.path("workspaces")) {
      String name = workspace.path("name").asText(workspace.path("id").asText());
      workspaceNames.add(name);
      Answer answer =
          ask(
              client,
              "Workspace",
              WORKSPACE,
              Map.of("workspaceId", workspace.path("id").asText()),
              bearer);
      JsonNode ws = answer.data() == null ? null : answer.data().get("workspace");
      if (ws == null || ws.isNull()) {
        evidence.add(
            "workspace " + name + ": its projects could not be read (" + answer.problem() + ")");
        reach.add(new Reach(name, null, List.of(), List.of(), List.of()));
        continue;
      }
      reach.addAll(projects(name, ws.path("projects")));
    }
    String principal =
        me.hasNonNull("email")
            ? me.get("email").asText()
            : me.path("name").asText(me.path("id").asText());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("user", me.path("name").asText(""));
    details.put("workspaces", String.join(", ", workspaceNames));
    details.putAll(summary(reach));
    evidence.add("query Me answered for this token as a Bearer token: it is an account token");
    return active(
        identity(principal, String.join(", ", workspaceNames), "account", details),
        reach,
        RailwayCapabilities.account(reach, workspaceNames),
        evidence);
  }

  private Grant workspaceToken(JsonNode projects) {
    List<Reach> reach = new ArrayList<>();
    Set<String> workspaces = new LinkedHashSet<>();
    for (JsonNode edge : projects.path("edges")) {
      String ws = edge.path("node").path("workspace").path("name").asText("");
      workspaces.add(ws);
    }
    for (String ws : workspaces) {
      List<JsonNode> mine = new ArrayList<>();
      projects
          .path("edges")
          .forEach(
              e -> {
                if (e.path("node").path("workspace").path("name").asText("").equals(ws)) {
                  mine.add(e);
                }
              });
      reach.addAll(projects(ws, JSON.createObjectNode().set("edges", JSON.valueToTree(mine))));
    }
    String workspace = String.join(", ", workspaces);
    Map<String, String> details = new LinkedHashMap<>(summary(reach));
    return active(
        identity("workspace:" + workspace, workspace, "workspace", details),
        reach,
        RailwayCapabilities.workspace(reach),
        List.of(
            "query Me was refused but query Projects answered as a Bearer token: it is a workspace token"));
  }

  private Grant projectToken(JsonNode token) {
    String project = token.path("project").path("name").asText(token.path("projectId").asText());
    String environment =
        token.path("environment").path("name").asText(token.path("environmentId").asText());
    Reach reach = new Reach(null, project, List.of(environment), List.of(), List.of());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("project", project);
    details.put("environment", environment);
    return active(
        identity("project:" + project + "/" + environment, project, "project", details),
        List.of(reach),
        RailwayCapabilities.project(reach),
        List.of(
            "query ProjectToken answered with Project-Access-Token: it is a project token for "
                + project
                + "/"
                + environment));
  }

  private static List<Reach> projects(String workspace, JsonNode connection) {
    List<Reach> out = new ArrayList<>();
    for (JsonNode edge : connection.path("edges")) {
      JsonNode node = edge.path("node");
      out.add(
          new Reach(
              workspace,
              node.path("name").asText(node.path("id").asText()),
              names(node.path("environments")),
              names(node.path("services")),
              names(node.path("volumes"))));
    }
    return out;
  }

  private static List<String> names(JsonNode connection) {
    List<String> out = new ArrayList<>();
    for (JsonNode edge : connection.path("edges")) {
      out.add(edge.path("node").path("name").asText(edge.path("node").path("id").asText()));
    }
    return out;
  }

  private static Map<String, String> summary(List<Reach> reach) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> projects = new ArrayList<>();
    List<String> services = new ArrayList<>();
    List<String> volumes = new ArrayList<>();
    for (Reach r : reach) {
      if (r.project() == null) {
        continue;
      }
      projects.add(r.qualifiedProject());
      r.services().forEach(s -> services.add(r.project() + "/" + s));
      r.volumes().forEach(v -> volumes.add(r.project() + "/" + v));
    }
    out.put("projects", String.join(", ", projects));
    out.put("services", String.join(", ", services));
    out.put("volumes", String.join(", ", volumes));
    return out;
  }

  private static Grant active(
      Identity identity, List<Reach> reach, List<Permission> permissions, List<String> evidence) {
    Set<String> environments = new LinkedHashSet<>();
    reach.forEach(r -> environments.addAll(r.environments()));
    return new Grant(
        identity,
        List.copyOf(environments),
        permissions,
        null,
        null,
        null,
        GrantStatus.ACTIVE,
        null,
        evidence);
  }

  private static Identity identity(
      String principal, String account, String type, Map<String, String> details) {
    return new Identity("railway", principal, account, type, details);
  }

  private static Grant unknown(String why) {
    return Grant.unresolved(
        identity(null, null, null, Map.of()),
        GrantStatus.UNKNOWN,
        "Railway could not be asked: " + why);
  }

  /** One GraphQL answer: its data, or why there is none and whether the token was refused. */
  private record Answer(JsonNode data, boolean unauthorized, String problem) {}

  private static Answer ask(
      SafeHttpClient client,
      String operation,
      String query,
      Map<String, Object> variables,
      Map<String, String> headers)
      throws ProviderUnreachableException {
    HttpResult result = client.graphql(PATH, operation, query, variables, headers);
    if (result.status() == 401 || result.status() == 403) {
      return new Answer(null, true, "HTTP " + result.status() + " to " + operation);
    }
    if (!result.isJson()) {
      return new Answer(
          null, false, "HTTP " + result.status() + " with a non-JSON answer to " + operation);
    }
    JsonNode root;
    try {
      root = JSON.readTree(result.body());
    } catch (IOException e) {
      return new Answer(null, false, "unreadable JSON answer to " + operation);
    }
    JsonNode errors = root.path("errors");
    String message =
        errors.isArray() && !errors.isEmpty() ? errors.get(0).path("message").asText("") : "";
    JsonNode data = root.path("data");
    if (data.isObject() && errors.isEmpty()) {
      return new Answer(data, false, null);
    }
    String lower = message.toLowerCase(Locale.ROOT);
    // "Project Token not found" is how Railway refuses an unknown, deleted or made-up
    // Project-Access-Token: a refusal of the token, not a failure to ask.
    boolean refused =
        lower.contains("not authorized")
            || lower.contains("token not found")
            || lower.contains("unauthorized")
            || lower.contains("invalid token")
            || lower.contains("not authenticated")
            || lower.contains("revoked")
            || lower.contains("expired");
    if (!result.ok() && !refused) {
      return new Answer(
          null,
          false,
          "HTTP "
              + result.status()
              + " to "
              + operation
              + (message.isEmpty() ? "" : ": " + message));
    }
    return new Answer(
        data.isObject() && !refused ? data : null,
        refused,
        message.isEmpty() ? "no data for " + operation : message);
  }
}
