package dev.tokenscope.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.AllowedRequest;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the repositories of a GitHub organisation or a GitLab group, so a scheduled scan covers
 * every repository without a hand-kept list. Both are plain GETs, on an allow-list enforced by
 * {@link SafeHttpClient}:
 *
 * <ul>
 *   <li>GitHub: {@code GET /orgs/{org}/repos?page=N&per_page=100}, following pages while the {@code
 *       Link} header names a next page; each repository's {@code clone_url}.
 *   <li>GitLab: {@code GET
 *       /api/v4/groups/{id}/projects?page=N&per_page=100&include_subgroups=true&statistics=true},
 *       following {@code X-Next-Page}; each project's {@code http_url_to_repo}.
 * </ul>
 *
 * Page numbers are counted here, never taken from a response URL, so an answer cannot redirect the
 * token to another host.
 */
public final class OrganisationListing {
  public static final String GITHUB_DEFAULT = "https://api.github.com";
  public static final String GITLAB_DEFAULT = "https://gitlab.com";
  static final AllowList GITHUB = AllowList.of("github", AllowedRequest.get("/orgs/[^/]+/repos"));
  static final AllowList GITLAB =
      AllowList.of("gitlab", AllowedRequest.get("/api/v4/groups/[^/]+/projects"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 1000;

  private final SafeHttpClient client;
  private final boolean gitlab;
  private final String token;

  private OrganisationListing(SafeHttpClient client, boolean gitlab, String token) {
    this.client = client;
    this.gitlab = gitlab;
    this.token = token;
  }

  /**
   * @param baseUrl {@code https://api.github.com}, or a GitHub Enterprise {@code
   *     https://HOST/api/v3}
   */
  public static OrganisationListing github(String baseUrl, String token, HttpSettings settings) {
    return new OrganisationListing(
        new SafeHttpClient(URI.create(baseUrl), GITHUB, settings), false, token);
  }

  /**
   * @param baseUrl the GitLab instance, {@code https://gitlab.com} (a trailing {@code /api/v4} is
   *     accepted)
   */
  public static OrganisationListing gitlab(String baseUrl, String token, HttpSettings settings) {
    String root = baseUrl.replaceAll("/+$", "").replaceAll("/api/v4$", "");
    return new OrganisationListing(
        new SafeHttpClient(URI.create(root), GITLAB, settings), true, token);
  }

  /**
   * The host that serves the listed repositories' clone URLs: the only host the token is sent to
   * when cloning.
   */
  public String cloneHost() {
    String host = client.baseUrl().getHost();
    return host != null && host.equalsIgnoreCase("api.github.com") ? "github.com" : host;
  }

  /** The clone URLs of every repository in the organisation or group. */
  public List<String> list(String owner) throws IOException {
    return listed(owner).stream().map(Listed::url).toList();
  }

  /**
   * A repository as the hosting API lists it: its clone URL and the size it reports, in bytes
   * (GitHub's {@code size} is in KiB; GitLab's {@code statistics.repository_size} is in bytes and
   * only given to members who can see statistics), or {@link Repository#UNKNOWN_SIZE}.
   */
  public record Listed(String url, long sizeBytes) {}

  /** Every repository in the organisation or group, with its listed size. */
  public List<Listed> listed(String owner) throws IOException {
    String encoded = URLEncoder.encode(owner.trim(), StandardCharsets.UTF_8);
    String what = gitlab ? "GitLab group '" + owner + "'" : "GitHub organisation '" + owner + "'";
    List<Listed> urls = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      String path =
          gitlab
              ? "/api/v4/groups/"
                  + encoded
                  + "/projects?page="
                  + page
                  + "&per_page=100&include_subgroups=true&statistics=true"
              : "/orgs/" + encoded + "/repos?page=" + page + "&per_page=100&type=all";
      HttpResult result;
      try {
        result = client.get(path, headers());
      } catch (ProviderUnreachableException e) {
        throw new IOException("cannot list the " + what + ": " + e.getMessage(), e);
      }
      if (result.status() == 401 || result.status() == 403) {
        throw new IOException(
            "cannot list the "
                + what
                + ": HTTP "
                + result.status()
                + " (set "
                + (gitlab ? "GITLAB_TOKEN" : "GITHUB_TOKEN")
                + " to a token that can read it)");
      }
      if (result.status() == 404) {
        throw new IOException(
            "cannot list the " + what + ": not found, or not visible to the token");
      }
      if (!result.ok() || !result.isJson()) {
        throw new IOException(
            "cannot list the " + what + ": unexpected answer HTTP " + result.status());
      }
      JsonNode list = JSON.readTree(result.body());
      if (!list.isArray()) {
        throw new IOException("cannot list the " + what + ": expected a JSON list of repositories");
      }
      for (JsonNode repository : list) {
        String url = repository.path(gitlab ? "http_url_to_repo" : "clone_url").asText("");
        if (!url.isEmpty()) {
          JsonNode size =
              gitlab
                  ? repository.path("statistics").path("repository_size")
                  : repository.path("size");
          long bytes =
              size.canConvertToLong() && size.asLong() >= 0
                  ? size.asLong() * (gitlab ? 1 : 1024)
                  : Repository.UNKNOWN_SIZE;
          urls.add(new Listed(url, bytes));
        }
      }
      if (!hasNextPage(result, list)) {
        break;
      }
    }
    return urls;
  }

  private boolean hasNextPage(HttpResult result, JsonNode list) {
    if (list.isEmpty()) {
      return false;
    }
    if (gitlab) {
      String next = result.header("x-next-page");
      return next != null && !next.isBlank();
    }
    String link = result.header("link");
    return link != null && link.contains("rel=\"next\"");
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new HashMap<>();
    headers.put("User-Agent", "tokenscope");
    if (gitlab) {
      if (token != null && !token.isBlank()) {
        headers.put("PRIVATE-TOKEN", token.trim());
      }
    } else {
      headers.put("Accept", "application/vnd.github+json");
      headers.put("X-GitHub-Api-Version", "2022-11-28");
      if (token != null && !token.isBlank()) {
        headers.put("Authorization", "Bearer " + token.trim());
      }
    }
    return headers;
  }
}
