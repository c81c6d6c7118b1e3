package dev.tokenscope.fleet;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where a fleet's repositories come from (URLs and paths given, a list file, GitHub organisations,
 * GitLab groups) and which token may be sent to which host to clone them.
 */
public final class FleetSources {
  private final List<String> urls;
  private final Path listFile;
  private final List<String> githubOrgs;
  private final List<String> gitlabGroups;
  private final Config config;
  private final Function<String, String> environment;

  public FleetSources(
      List<String> urls,
      Path listFile,
      List<String> githubOrgs,
      List<String> gitlabGroups,
      Config config,
      Function<String, String> environment) {
    this.urls = List.copyOf(urls);
    this.listFile = listFile;
    this.githubOrgs = List.copyOf(githubOrgs);
    this.gitlabGroups = List.copyOf(gitlabGroups);
    this.config = config;
    this.environment = environment;
  }

  public boolean isEmpty() {
    return urls.isEmpty() && listFile == null && githubOrgs.isEmpty() && gitlabGroups.isEmpty();
  }

  /**
   * Every repository named, listed in the file, or listed by GitHub or GitLab, each once, with its
   * size estimate. A listing that fails is a problem and the others go on; an unreadable list file
   * is an {@link UncheckedIOException} whose message names the file (and line).
   */
  public List<Repository> repositories(List<Problem> problems) {
    RepositoryList list = new RepositoryList();
    urls.forEach(list::add);
    listed().forEach(list::add);
    for (String org : githubOrgs) {
      try {
        github(environment.apply("GITHUB_TOKEN"))
            .listed(org)
            .forEach(r -> list.add(r.url(), r.sizeBytes()));
      } catch (IOException e) {
        problems.add(new Problem("github org " + org, e.getMessage()));
      }
    }
    for (String group : gitlabGroups) {
      try {
        gitlab(environment.apply("GITLAB_TOKEN"))
            .listed(group)
            .forEach(r -> list.add(r.url(), r.sizeBytes()));
      } catch (IOException e) {
        problems.add(new Problem("gitlab group " + group, e.getMessage()));
      }
    }
    return list.repositories();
  }

  /**
   * Tokens bound to the hosts the user chose: GIT_TOKEN for hosts of the URLs given and listed in
   * the file, GITHUB_TOKEN and GITLAB_TOKEN for the hosts of the organisations and groups.
   */
  public GitCredentials credentials() {
    GitCredentials credentials = new GitCredentials();
    String user = environment.apply("GIT_USERNAME");
    List<String> named = new ArrayList<>(urls);
    named.addAll(listed());
    for (String url : named) {
      credentials.allow(
          GitCredentials.host(url),
          user == null ? "x-access-token" : user,
          environment.apply("GIT_TOKEN"));
    }
    if (!githubOrgs.isEmpty()) {
      credentials.allow(
          github(null).cloneHost(), "x-access-token", environment.apply("GITHUB_TOKEN"));
    }
    if (!gitlabGroups.isEmpty()) {
      credentials.allow(gitlab(null).cloneHost(), "oauth2", environment.apply("GITLAB_TOKEN"));
    }
    return credentials;
  }

  private List<String> listed() {
    if (listFile == null) {
      return List.of();
    }
    try {
      return RepositoryList.read(listFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private OrganisationListing github(String token) {
    return OrganisationListing.github(
        config.baseUrl("github", OrganisationListing.GITHUB_DEFAULT),
        token,
        HttpSettings.defaults());
  }

  private OrganisationListing gitlab(String token) {
    return OrganisationListing.gitlab(
        config.baseUrl("gitlab", OrganisationListing.GITLAB_DEFAULT),
        token,
        HttpSettings.defaults());
  }
}
