package dev.tokenscope.resolve.huggingface;

import static dev.tokenscope.resolve.ProviderFixture.answer;
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

class HuggingFaceResolverTest {
  private static final Credential TOKEN =
      credential(
          "huggingface", "huggingface.access-token", "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh");
  private final HuggingFaceResolver resolver = new HuggingFaceResolver();

  @Test
  void writeTokenCanWriteTheUsersAndOrganizationsRepositories() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "huggingface",
                "GET",
                "/api/whoami-v2",
                200,
                resource("resolve/huggingface/whoami-write.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "huggingface"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().principal()).isEqualTo("alice");
      assertThat(grant.identity().tokenType()).isEqualTo("write");
      assertThat(grant.created()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
      assertThat(grant.permissions())
          .containsExactlyInAnyOrder(
              Permission.of("repo.write", "alice", Access.WRITE),
              Permission.of("org.admin", "acme-ml", Access.ADMIN),
              Permission.of("repo.write", "acme-ml", Access.WRITE),
              Permission.of("repo.content.read", "reading-club", Access.READ));
    }
  }

  @Test
  void adminTokenIsAWriteTokenThatAlsoAdministersTheAccount() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "huggingface",
                "GET",
                "/api/whoami-v2",
                200,
                resource("resolve/huggingface/whoami-admin.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "huggingface"));

      assertThat(grant.identity().tokenType()).isEqualTo("admin");
      assertThat(grant.evidence()).noneMatch(e -> e.contains("unrecognised"));
      assertThat(grant.permissions())
          .containsExactlyInAnyOrder(
              Permission.of("repo.write", "alice", Access.WRITE),
              Permission.of("account.admin", "alice", Access.ADMIN),
              Permission.of("org.admin", "acme-ml", Access.ADMIN),
              Permission.of("repo.write", "acme-ml", Access.WRITE),
              Permission.of("repo.content.read", "reading-club", Access.READ));
    }
  }

  @Test
  void contributorTokenWritesOnlyWhatItsUserCreatedInOrganizations() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "huggingface",
                "GET",
                "/api/whoami-v2",
                200,
                resource("resolve/huggingface/whoami-contributor.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "huggingface"));

      assertThat(grant.identity().tokenType()).isEqualTo("contributor");
      assertThat(grant.evidence()).noneMatch(e -> e.contains("unrecognised"));
      assertThat(grant.permissions())
          .containsExactlyInAnyOrder(
              Permission.of("repo.write", "alice", Access.WRITE),
              new Permission("repo.write", "acme-ml", Access.WRITE, true),
              Permission.of("repo.content.read", "reading-club", Access.READ));
    }
  }

  @Test
  void fineGrainedTokenReportsItsScopedPermissions() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "huggingface",
                "GET",
                "/api/whoami-v2",
                200,
                resource("resolve/huggingface/whoami-fine-grained.json")))) {
      Grant grant = resolver.resolve(TOKEN, context(server, "huggingface"));

      assertThat(grant.identity().tokenType()).isEqualTo("fineGrained");
      assertThat(grant.permissions())
          .containsExactlyInAnyOrder(
              Permission.of("inference.serverless.write", "alice", Access.WRITE),
              Permission.of("repo.content.read", "acme-ml", Access.READ),
              Permission.of("gated-repos.read", "*", Access.READ));
    }
  }

  @Test
  void refusedTokenIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "huggingface",
                "GET",
                "/api/whoami-v2",
                401,
                "{\"error\":\"Invalid credentials in Authorization header\"}"))) {
      assertThat(resolver.resolve(TOKEN, context(server, "huggingface")).status())
          .isEqualTo(GrantStatus.INVALID);
    }
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    assertThat(resolver.resolve(TOKEN, ProviderFixture.unreachable("huggingface")).statusReason())
        .contains("huggingface did not answer GET /api/whoami-v2");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("huggingface", "GET", "/api/whoami-v2", 200))) {
      assertThat(resolver.resolve(TOKEN, context(server, "huggingface")).statusReason())
          .contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingHuggingFace() throws Exception {
    try (ReplayServer server =
        serve(answer("huggingface", "POST", "/api/repos/create", 200, "{}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("huggingface"), HuggingFaceResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(() -> client.post("/api/repos/create", "{}", "application/json", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () -> HuggingFaceResolver.ALLOW_LIST.check("DELETE", "/api/repos/delete", null))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
