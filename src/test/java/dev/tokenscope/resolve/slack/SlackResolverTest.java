package dev.tokenscope.resolve.slack;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static dev.tokenscope.resolve.ProviderFixture.context;
import static dev.tokenscope.resolve.ProviderFixture.credential;
import static dev.tokenscope.resolve.ProviderFixture.htmlPage;
import static dev.tokenscope.resolve.ProviderFixture.resource;
import static dev.tokenscope.resolve.ProviderFixture.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.ProviderFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackResolverTest {
  private static final Credential BOT =
      credential(
          "slack", "slack.bot-token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx");
  private static final Credential USER =
      credential(
          "slack",
          "slack.user-token",
          "xoxp-123456789012-123456789012-1234567890123-0123456789abcdef0123456789abcdef");
  private static final String HOOK_PATH = "/services/T12345678/B0123ABCD/Xy7vQ2mR9kL4nP8sT1wZabcd";
  private static final Credential HOOK =
      credential("slack", "slack.webhook-url", "https://hooks.slack.com" + HOOK_PATH);
  private final SlackResolver resolver = new SlackResolver();

  @Test
  void botTokenShowsTeamBotAndGrantedScopes() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "slack",
                "POST",
                "/api/auth.test",
                200,
                resource("resolve/slack/auth-test-bot.json"),
                Map.of(
                    "x-oauth-scopes", "chat:write,channels:history,admin.conversations:write")))) {
      Grant grant = resolver.resolve(BOT, context(server, "slack"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().tokenType()).isEqualTo("bot");
      assertThat(grant.identity().account()).isEqualTo("T12345678");
      assertThat(grant.identity().details())
          .containsEntry("bot_id", "B0123ABCD")
          .containsEntry("team", "Acme Corp");
      assertThat(grant.permissions())
          .containsExactly(
              Permission.of("chat:write", "T12345678", Access.WRITE),
              Permission.of("channels:history", "T12345678", Access.READ),
              Permission.of("admin.conversations:write", "T12345678", Access.ADMIN));
    }
  }

  @Test
  void userTokenIsReportedAsUserToken() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "slack",
                "POST",
                "/api/auth.test",
                200,
                resource("resolve/slack/auth-test-user.json"),
                Map.of("x-oauth-scopes", "identify,search:read")))) {
      Grant grant = resolver.resolve(USER, context(server, "slack"));

      assertThat(grant.identity().tokenType()).isEqualTo("user");
      assertThat(grant.identity().principal()).isEqualTo("grace");
    }
  }

  @Test
  void revokedTokenIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "slack",
                "POST",
                "/api/auth.test",
                200,
                "{\"ok\":false,\"error\":\"token_revoked\"}"))) {
      Grant grant = resolver.resolve(BOT, context(server, "slack"));

      assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
      assertThat(grant.statusReason()).contains("token_revoked");
    }
  }

  @Test
  void invalidTokenIsReportedInvalid() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "slack",
                "POST",
                "/api/auth.test",
                200,
                "{\"ok\":false,\"error\":\"invalid_auth\"}"))) {
      assertThat(resolver.resolve(BOT, context(server, "slack")).status())
          .isEqualTo(GrantStatus.INVALID);
    }
  }

  @Test
  void liveWebhookIsActiveAndNothingWasPosted() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "slack-webhooks",
                "POST",
                HOOK_PATH,
                400,
                "no_text",
                Map.of("Content-Type", "text/html")))) {
      Grant grant = resolver.resolve(HOOK, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.identity().account()).isEqualTo("T12345678");
      assertThat(grant.permissions())
          .containsExactly(
              Permission.of("incoming-webhook:post", "T12345678/B0123ABCD", Access.WRITE));
      assertThat(server.received())
          .singleElement()
          .satisfies(r -> assertThat(r.body()).isEqualTo("{\"text\":\"\"}"));
    }
  }

  @Test
  void removedWebhookIsReportedRevoked() throws Exception {
    try (ReplayServer server =
        serve(
            answer(
                "slack-webhooks",
                "POST",
                HOOK_PATH,
                404,
                "no_service",
                Map.of("Content-Type", "text/html")))) {
      Grant grant = resolver.resolve(HOOK, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
      assertThat(grant.statusReason()).contains("no_service");
    }
  }

  @Test
  void detectedWebhookIsResolvedFromWhatTheDetectorCaptures() throws Exception {
    // The bundled rule captures only T…/B…/… as the secret; the resolver must still check it.
    String line = "SLACK_WEBHOOK_URL=https://hooks.slack.com" + HOOK_PATH + "\n";
    List<Credential> found =
        Detector.of(RuleSet.bundled()).detect(Chunk.of(line, Location.file("deploy/.env")));
    Credential detected =
        found.stream()
            .filter(c -> c.ruleId().equals("slack.webhook-url"))
            .findFirst()
            .orElseThrow();
    try (ReplayServer server = serve(answer("slack-webhooks", "POST", HOOK_PATH, 400, "no_text"))) {
      Grant grant = new SlackResolver().resolve(detected, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(server.received())
          .singleElement()
          .satisfies(r -> assertThat(r.path()).isEqualTo(HOOK_PATH));
    }
  }

  @Test
  void webhookWhoseChannelIsArchivedIsStillLive() throws Exception {
    // Slack: 410 channel_is_archived, "the channel has been archived"; the hook works again once
    // the channel is unarchived, so the secret is not revoked.
    try (ReplayServer server =
        serve(answer("slack-webhooks", "POST", HOOK_PATH, 410, "channel_is_archived"))) {
      Grant grant = resolver.resolve(HOOK, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.statusReason()).contains("archived");
      assertThat(grant.permissions())
          .extracting(Permission::action)
          .contains("incoming-webhook:post");
    }
  }

  @Test
  void webhookRefusedByAWorkspaceRestrictionIsStillLive() throws Exception {
    try (ReplayServer server =
        serve(answer("slack-webhooks", "POST", HOOK_PATH, 403, "action_prohibited"))) {
      Grant grant = resolver.resolve(HOOK, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
      assertThat(grant.statusReason()).contains("action_prohibited");
    }
  }

  @Test
  void webhookWhoseChannelIsGoneIsUnknownNotRevoked() throws Exception {
    try (ReplayServer server =
        serve(answer("slack-webhooks", "POST", HOOK_PATH, 404, "channel_not_found"))) {
      Grant grant = resolver.resolve(HOOK, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("channel_not_found");
      assertThat(grant.statusReason()).doesNotContain("does not recognise");
    }
  }

  @Test
  void workflowWebhookIsNeverPostedTo() throws Exception {
    try (ReplayServer server = serve(answer("slack-webhooks", "POST", HOOK_PATH, 400, "no_text"))) {
      Credential workflow =
          credential(
              "slack",
              "slack.workflow-webhook-url",
              "T12345678/A0123ABCD/774604444885070144/Qw3rTy7uIoP9aSdF2gHjKlZx");
      Grant grant = resolver.resolve(workflow, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("starts its workflow");
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void webhookOnAnotherHostIsNeverContacted() throws Exception {
    try (ReplayServer server = serve(answer("slack-webhooks", "POST", HOOK_PATH, 400, "no_text"))) {
      Credential elsewhere =
          credential("slack", "slack.webhook-url", "https://hooks.evil.example" + HOOK_PATH);
      Grant grant = resolver.resolve(elsewhere, context(server, "slack-webhooks"));

      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
      assertThat(grant.statusReason()).contains("nothing was sent");
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void unreachableWebhookIsUnknownAndTheReasonHoldsNoSecret() {
    Grant grant = resolver.resolve(HOOK, ProviderFixture.unreachable("slack-webhooks"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason())
        .contains("did not answer POST /services/T12345678/B0123ABCD/…");
    assertThat(grant.toString()).doesNotContain("Xy7vQ2mR9kL4nP8sT1wZabcd");
  }

  @Test
  void networkFailureIsUnknownWithTheReason() {
    Grant grant = resolver.resolve(BOT, ProviderFixture.unreachable("slack"));

    assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(grant.statusReason()).contains("slack did not answer POST /api/auth.test");
  }

  @Test
  void htmlErrorPageIsUnknownWithAClearReason() throws Exception {
    try (ReplayServer server = serve(htmlPage("slack", "POST", "/api/auth.test", 503))) {
      // 503 is retried and then reported; a 200 HTML page is read and explained.
      Grant grant = resolver.resolve(BOT, context(server, "slack"));
      assertThat(grant.status()).isEqualTo(GrantStatus.UNKNOWN);
    }
    try (ReplayServer server = serve(htmlPage("slack", "POST", "/api/auth.test", 200))) {
      Grant grant = resolver.resolve(BOT, context(server, "slack"));
      assertThat(grant.statusReason()).contains("HTML page");
    }
  }

  @Test
  void mutatingRequestIsRefusedBeforeReachingSlack() throws Exception {
    try (ReplayServer server =
        serve(answer("slack", "POST", "/api/chat.postMessage", 200, "{\"ok\":true}"))) {
      SafeHttpClient client =
          new SafeHttpClient(
              server.baseUrl("slack"), SlackResolver.ALLOW_LIST, HttpSettings.fast());

      assertThatThrownBy(
              () ->
                  client.post(
                      "/api/chat.postMessage",
                      "channel=C1&text=hi",
                      "application/x-www-form-urlencoded",
                      Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () ->
                  client.post(
                      "/api/auth.revoke", "", "application/x-www-form-urlencoded", Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(server.received()).isEmpty();
    }
  }
}
