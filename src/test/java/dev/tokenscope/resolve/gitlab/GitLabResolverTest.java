package dev.tokenscope.resolve.gitlab;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.answerQuery;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.resource;
import static dev.tokenscope.resolve.ProviderFixture.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ProviderFixture;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabResolverTest {
  private static final Credential TOKEN =
      credential("gitlab", "gitlab.personal-access-token", "glpat-Xy7vQ2mR9kL4nP8sT1wZ");
  private final GitLabResolver resolver = new GitLabResolver();

  @Test
  void projectAccessTokenShowsScopesLifetimeAndItsProject() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "gitlab",
                "GET",
                "/api/v4/personal_access_tokens/self",
                200,
                resource("resolve/gitlab/token-self.json")),
            answer(
                "gitlab",
                "GET",
                "/api/v4/user",
                200,
                resource("resolve/gitlab/user-project-bot.json")),
            answer(
                "gitlab", "GET", "/api/v4/projects", 200, resource("resolve/gitlab/projects.json")),
            answer("gitlab", "GET", "/api/v4/groups", 200, "[]"))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "gitlab"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("project-access-token");
      assertThat(grant.identity().principal()).isEqualTo("project_278964_bot_3f1c2a");
      assertThat(grant.identity().account()).isEqualTo("acme");
      assertThat(grant.expires()).isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
      assertThat(grant.lastUsed()).isEqualTo(Instant.parse("2026-11-20T08:30:00Z"));
      assertThat(grant.permissions())
          .contains(
              Permission.of("api", "*", Access.WRITE),
              Permission.of("read_repository", "*", Access.READ),
              Permission.of("role:owner", "acme/shop", Access.ADMIN),
              Permission.of("project:delete", "acme/shop", Access.DELETE));
      assertThat(server.received())
          .allSatisfy(
              r ->
                  assertThat(r.headers().get("Private-token"))
                      .containsExactly(TOKEN.secret().reveal()));
    }
  }

  @Test
  void groupAccessTokenOwningItsGroupCanDeleteIt() throws Exception {
    String group = "[{\"id\": 9, \"name\": \"acme\", \"path\": \"acme\", \"full_path\": \"acme\"}]";
    try (ReplayServer server =
        serve(
            answer(
                "gitlab",
                "GET",
                "/api/v4/personal_access_tokens/self",
                200,
                resource("resolve/gitlab/token-self.json")),
            answer(
                "gitlab",
                "GET",
                "/api/v4/user",
                200,
                resource("resolve/gitlab/user-project-bot.json")
                    .replace("project_278964_bot", "group_9_bot")),
            answer("gitlab", "GET", "/api/v4/projects", 200, "[]"),
            answerQuery("gitlab", "GET", "/api/v4/groups", "min_access_level=10", 200, group),
            answerQuery("gitlab", "GET", "/api/v4/groups", "min_access_level=40", 200, group),
            answerQuery("gitlab", "GET", "/api/v4/groups", "min_access_level=50", 200, group))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "gitlab"));

      assertThat(grant.identity().tokenType()).isEqualTo("group-access-token");
      assertThat(grant.identity().account()).isEqualTo("acme");
      assertThat(grant.permissions())
          .contains(
              Permission.of("group-role:owner", "acme", Access.ADMIN),
              Permission.of("group:delete", "acme", Access.DELETE));
    }
  }

  @Test
  void revokedTokenIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "gitlab",
                "GET",
                "/api/v4/personal_access_tokens/self",
                401,
                resource("resolve/gitlab/revoked.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "gitlab"));

      assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
      assertThat(grant.statusReason()).contains("Token was revoked");
    }
  }

  @Test
  void expiredTokenIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "gitlab",
                "GET",
                "/api/v4/personal_access_tokens/self",
                401,
                resource("resolve/gitlab/expired.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "gitlab"));

      assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
      assertThat(grant.statusReason()).contains("expired");
    }
  }

  @Test
  void unknownTokenIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "gitlab",
                "GET",
                "/api/v4/personal_access_tokens/self",
                401,
                resource("resolve/gitlab/unauthorized.json")))) {
      assertThat(resolver.resolve(TOKEN, context(server, "gitlab")).status())
          .isEqualTo(GrantStatus.INVALID);
    }
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    Grant grant = resolver.resolve(TOKEN, ProviderFixture.unreachable("gitlab"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("gitlab did not answer");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server =
        serve(htmlPage("gitlab", "GET", "/api/v4/personal_access_tokens/self", 200))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "gitlab"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("HTML page").doesNotContain("Exception");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingGitLab() throws Exception {
    try (ReplayServer server = serve(answer("gitlab", "POST", "/api/v4/projects", 201, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("gitlab"), GitLabResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(() -> client.post("/api/v4/projects", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () ->
                  GitLabResolver.ALLOW_LIST.check(
                      "DELETE", "/api/v4/personal_access_tokens/self", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
