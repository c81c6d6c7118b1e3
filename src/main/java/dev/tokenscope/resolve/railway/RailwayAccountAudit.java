package dev.tokenscope.resolve.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.ListingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code audit railway}: every token a Railway account holds, from Railway's public GraphQL API
 * (schema: railwayapp/cli {@code src/gql/schema.json}). Four named queries, each a GraphQL {@code
 * query} (reads only; {@link SafeHttpClient} refuses any mutation and any other operation):
 *
 * <ul>
 *   <li>{@code AccountTokenContext}: {@code apiToken { workspaces }}, the workspaces the auditor's
 *       own token reaches. (The schema's {@code ApiTokenContext} has no id: Railway does not say
 *       which listed token is the one asking.)
 *   <li>{@code AccountApiTokens}: {@code apiTokens(first, after)}, the account's API tokens (id,
 *       name, expiresAt, workspaceId: none for an account token, one for a workspace token), by
 *       pages ({@code pageInfo.hasNextPage/endCursor}). {@code displayToken} is never asked for.
 *   <li>{@code AccountWorkspaceProjects}: {@code workspace(workspaceId) { projects(first, after)
 *       }}, each project's environments, services and volumes, by pages.
 *   <li>{@code AccountProjectTokens}: {@code projectTokens(projectId, first, after)}, each project
 *       token's name, creation date and the environment it reaches, by pages.
 * </ul>
 *
 * What each token may do follows from its type ({@link RailwayCapabilities}), over the projects the
 * listing found. Railway reports no last use for any token and no creation date for API tokens.
 */
public final class RailwayAccountAudit {
  static final String ACCOUNT_PATH = RailwayResolver.PATH;

  static final String TOKEN_CONTEXT =
      "query AccountTokenContext { apiToken { workspaces { id name } } }";
  static final String API_TOKENS =
      "query AccountApiTokens($after: String) { apiTokens(first: 100, after: $after) {"
          + " edges { node { id name expiresAt workspaceId } } pageInfo { hasNextPage endCursor } } }";
  static final String WORKSPACE_PROJECTS =
      "query AccountWorkspaceProjects($workspaceId: String!, $after: String) {"
          + " workspace(workspaceId: $workspaceId) { id name projects(first: 50, after: $after) {"
          + " edges { node { id name environments { edges { node { id name } } }"
          + " services { edges { node { id name } } } volumes { edges { node { id name } } } } }"
          + " pageInfo { hasNextPage endCursor } } } }";
  static final String PROJECT_TOKENS =
      "query AccountProjectTokens($projectId: String!, $after: String) {"
          + " projectTokens(projectId: $projectId, first: 100, after: $after) {"
          + " edges { node { id name createdAt projectId environmentId environment { id name } } }"
          + " pageInfo { hasNextPage endCursor } } }";

  /** Only the four listing queries: a separate list from the resolver's, so neither widens. */
  public static final AllowList ALLOW_LIST =
      AllowList.of(
          "railway",
          AllowedRequest.graphqlQuery(ACCOUNT_PATH, "AccountTokenContext"),
          AllowedRequest.graphqlQuery(ACCOUNT_PATH, "AccountApiTokens"),
          AllowedRequest.graphqlQuery(ACCOUNT_PATH, "AccountWorkspaceProjects"),
          AllowedRequest.graphqlQuery(ACCOUNT_PATH, "AccountProjectTokens"));

  /** Every document this audit sends, by operation name (the schema test validates each). */
  public static final Map<String, String> DOCUMENTS =
      Map.of(
          "AccountTokenContext", TOKEN_CONTEXT,
          "AccountApiTokens", API_TOKENS,
          "AccountWorkspaceProjects", WORKSPACE_PROJECTS,
          "AccountProjectTokens", PROJECT_TOKENS);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 200;

  /** Asks one query (live) or reads its saved answer (snapshot); returns the answer's data. */
  private interface Ask {
    JsonNode data(String operation, String query, Map<String, Object> variables, String file)
        throws ListingException;
  }

  private final Ask ask;
  private final String source;
  private final java.time.Clock clock;
  private final boolean paged;

  private RailwayAccountAudit(Ask ask, String source, java.time.Clock clock, boolean paged) {
    this.ask = ask;
    this.source = source;
    this.clock = clock;
    this.paged = paged;
  }

  /** Live, with the auditor's own Railway account (or workspace) token. */
  public static AccountListing live(ResolveContext context, String token) {
    SafeHttpClient client = context.client(ALLOW_LIST, RailwayResolver.DEFAULT_BASE_URL);
    Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
    Ask ask =
        (operation, query, variables, file) -> answer(client, operation, query, variables, headers);
    return new RailwayAccountAudit(
            ask, "Railway account at " + client.baseUrl(), context.clock(), true)
        .run();
  }

  /**
   * Offline, from a folder of saved answers: {@code token-context.json}, {@code api-tokens.json},
   * {@code workspace-<workspaceId>.json}, {@code project-tokens-<projectId>.json}, each Railway's
   * answer to that query ({@code {"data": …}}) with every item on one page.
   */
  public static AccountListing snapshot(Path dir, java.time.Clock clock) {
    Path root = dir.toAbsolutePath().normalize();
    Ask ask =
        (operation, query, variables, file) -> {
          Path path = root.resolve(file).normalize();
          if (!path.startsWith(root)) {
            throw new ListingException("refused snapshot file " + file);
          }
          if (!Files.isRegularFile(path)) {
            throw new ListingException("not in the snapshot: " + file + " (" + operation + ")");
          }
          try {
            JsonNode body = JSON.readTree(path.toFile());
            return body.has("data") ? body.get("data") : body;
          } catch (IOException e) {
            throw new ListingException(file + ": not valid JSON");
          }
        };
    return new RailwayAccountAudit(ask, "Railway snapshot " + root, clock, false).run();
  }

  private AccountListing run() {
    List<String> problems = new ArrayList<>();
    List<ListedCredential> listed = new ArrayList<>();
    Map<String, String> workspaceNames = new LinkedHashMap<>();
    try {
      JsonNode context =
          ask.data("AccountTokenContext", TOKEN_CONTEXT, Map.of(), "token-context.json");
      for (JsonNode ws : context.path("apiToken").path("workspaces")) {
        workspaceNames.put(ws.path("id").asText(), ws.path("name").asText(ws.path("id").asText()));
      }
    } catch (ListingException e) {
      problems.add("the workspaces of the auditor's token could not be read: " + e.getMessage());
      return new AccountListing("railway", source, List.of(), List.of(), problems, List.of());
    }
    // Projects of each workspace, and the tokens of each project.
    Map<String, List<Reach>> reachByWorkspace = new LinkedHashMap<>();
    for (Map.Entry<String, String> ws : workspaceNames.entrySet()) {
      List<Reach> reach = new ArrayList<>();
      reachByWorkspace.put(ws.getKey(), reach);
      List<JsonNode> projects;
      try {
        projects =
            pages(
                "AccountWorkspaceProjects",
                WORKSPACE_PROJECTS,
                Map.of("workspaceId", ws.getKey()),
                "workspace-" + safe(ws.getKey()) + ".json",
                "/workspace/projects");
      } catch (ListingException e) {
        problems.add("projects of workspace " + ws.getValue() + " not listed: " + e.getMessage());
        continue;
      }
      for (JsonNode project : projects) {
        String projectId = project.path("id").asText();
        String projectName = project.path("name").asText(projectId);
        Reach r =
            new Reach(
                ws.getValue(),
                projectName,
                names(project.path("environments")),
                names(project.path("services")),
                names(project.path("volumes")));
        reach.add(r);
        List<JsonNode> tokens;
        try {
          tokens =
              pages(
                  "AccountProjectTokens",
                  PROJECT_TOKENS,
                  Map.of("projectId", projectId),
                  "project-tokens-" + safe(projectId) + ".json",
                  "/projectTokens");
        } catch (ListingException e) {
          problems.add(
              "project tokens of "
                  + ws.getValue()
                  + "/"
                  + projectName
                  + " not listed: "
                  + e.getMessage());
          continue;
        }
        for (JsonNode token : tokens) {
          listed.add(projectToken(ws.getValue(), projectName, token));
        }
      }
    }
    List<Reach> all = new ArrayList<>();
    reachByWorkspace.values().forEach(all::addAll);
    try {
      for (JsonNode token :
          pages("AccountApiTokens", API_TOKENS, Map.of(), "api-tokens.json", "/apiTokens")) {
        listed.add(apiToken(token, workspaceNames, reachByWorkspace, all));
      }
    } catch (ListingException e) {
      problems.add(
          "the account's API tokens not listed (it takes an account token, not a workspace or project token): "
              + e.getMessage());
    }
    return new AccountListing("railway", source, listed, List.of(), problems, List.of());
  }

  private ListedCredential apiToken(
      JsonNode token,
      Map<String, String> workspaceNames,
      Map<String, List<Reach>> reachByWorkspace,
      List<Reach> all) {
    String id = token.path("id").asText();
    String name = token.path("name").asText(null);
    String workspaceId = token.path("workspaceId").asText(null);
    Instant expires = instant(token.path("expiresAt"));
    boolean account = workspaceId == null || workspaceId.isEmpty();
    List<Reach> reach;
    List<Permission> permissions;
    String workspace;
    if (account) {
      reach = all;
      workspace = String.join(", ", workspaceNames.values());
      permissions = RailwayCapabilities.account(reach, List.copyOf(workspaceNames.values()));
    } else {
      reach = reachByWorkspace.getOrDefault(workspaceId, List.of());
      workspace = workspaceNames.getOrDefault(workspaceId, workspaceId);
      permissions = RailwayCapabilities.workspace(reach);
    }
    String type = account ? "account" : "workspace";
    Map<String, String> details = new LinkedHashMap<>();
    details.put("token_id", id);
    if (name != null) {
      details.put("token_name", name);
    }
    details.put("workspaces", workspace);
    GrantStatus status =
        expires != null && expires.isBefore(clock.instant())
            ? GrantStatus.REVOKED
            : GrantStatus.ACTIVE;
    Grant grant =
        new Grant(
            new Identity("railway", null, workspace, type, details),
            environments(reach),
            permissions,
            null,
            expires,
            null,
            status,
            status == GrantStatus.REVOKED ? "expired on " + expires : null,
            List.of(
                "listed by apiTokens: "
                    + type
                    + " token"
                    + (account
                        ? " (no workspaceId: it acts as its user in every workspace)"
                        : " of workspace " + workspace)));
    return new ListedCredential(
        "railway",
        type + "-token",
        id,
        name,
        "railway " + type + " token '" + name + "'",
        grant,
        null);
  }

  private ListedCredential projectToken(String workspace, String project, JsonNode token) {
    String id = token.path("id").asText();
    String name = token.path("name").asText(null);
    String environment =
        token.path("environment").path("name").asText(token.path("environmentId").asText());
    Reach reach = new Reach(workspace, project, List.of(environment), List.of(), List.of());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("token_id", id);
    if (name != null) {
      details.put("token_name", name);
    }
    details.put("project", project);
    details.put("environment", environment);
    Grant grant =
        new Grant(
            new Identity(
                "railway", "project:" + project + "/" + environment, project, "project", details),
            List.of(environment),
            RailwayCapabilities.project(reach),
            instant(token.path("createdAt")),
            null,
            null,
            GrantStatus.ACTIVE,
            null,
            List.of("listed by projectTokens(projectId) of " + workspace + "/" + project));
    return new ListedCredential(
        "railway",
        "project-token",
        id,
        name,
        "railway project token '"
            + name
            + "' of "
            + workspace
            + "/"
            + project
            + " ("
            + environment
            + ")",
        grant,
        null);
  }

  /** Every node of a paginated connection at {@code pointer} in the data, following endCursor. */
  private List<JsonNode> pages(
      String operation, String query, Map<String, Object> fixed, String file, String pointer)
      throws ListingException {
    List<JsonNode> nodes = new ArrayList<>();
    String after = null;
    Set<String> seen = new LinkedHashSet<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, Object> variables = new HashMap<>(fixed);
      if (after != null) {
        variables.put("after", after);
      }
      JsonNode connection = ask.data(operation, query, variables, file).at(pointer);
      if (!connection.has("edges")) {
        throw new ListingException(operation + ": the answer holds no " + pointer + " edges");
      }
      connection.path("edges").forEach(e -> nodes.add(e.path("node")));
      JsonNode info = connection.path("pageInfo");
      String cursor = info.path("endCursor").asText(null);
      // A snapshot holds every item of a list in its one file, whatever its pageInfo says.
      if (!paged
          || !info.path("hasNextPage").asBoolean(false)
          || cursor == null
          || !seen.add(cursor)) {
        return nodes;
      }
      after = cursor;
    }
    throw new ListingException(operation + ": more than " + MAX_PAGES + " pages; stopped");
  }

  private static JsonNode answer(
      SafeHttpClient client,
      String operation,
      String query,
      Map<String, Object> variables,
      Map<String, String> headers)
      throws ListingException {
    HttpResult result;
    try {
      result = client.graphql(ACCOUNT_PATH, operation, query, variables, headers);
    } catch (ProviderUnreachableException | RefusedRequestException e) {
      throw new ListingException(operation + ": " + e.getMessage());
    }
    if (result.status() == 401 || result.status() == 403) {
      throw new ListingException(
          operation + ": HTTP " + result.status() + ", the auditor's token was refused", true);
    }
    JsonNode root;
    try {
      root = JSON.readTree(result.body());
    } catch (IOException e) {
      throw new ListingException(operation + ": HTTP " + result.status() + " with no JSON answer");
    }
    JsonNode errors = root.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      String message = errors.get(0).path("message").asText("");
      message = message.length() > 160 ? message.substring(0, 160) : message;
      boolean refused = message.toLowerCase(Locale.ROOT).contains("not authorized");
      throw new ListingException(operation + ": Railway answered '" + message + "'", refused);
    }
    if (!result.ok() || !root.path("data").isObject()) {
      throw new ListingException(operation + ": HTTP " + result.status() + " without data");
    }
    return root.get("data");
  }

  private static List<String> names(JsonNode connection) {
    List<String> out = new ArrayList<>();
    for (JsonNode edge : connection.path("edges")) {
      out.add(edge.path("node").path("name").asText(edge.path("node").path("id").asText()));
    }
    return out;
  }

  private static List<String> environments(List<Reach> reach) {
    Set<String> out = new LinkedHashSet<>();
    reach.forEach(r -> out.addAll(r.environments()));
    return List.copyOf(out);
  }

  private static Instant instant(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** An id as part of a snapshot file name: Railway ids are UUIDs; anything else is refused. */
  private static String safe(String id) throws ListingException {
    if (!id.matches("[A-Za-z0-9-]{1,64}")) {
      throw new ListingException("unexpected id '" + id + "' in an answer");
    }
    return id;
  }
}
