package dev.tokenscope.resolve.slack;

import static dev.tokenscope.http.AllowedRequest.readOnlyPost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.JsonAnswer;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.UnexpectedAnswerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Slack tokens (bot {@code xoxb-}, user {@code xoxp-}, rotating {@code xoxe.*}) and
 * incoming-webhook URLs.
 *
 * <p>Calls:
 *
 * <ul>
 *   <li>{@code POST /api/auth.test}: Slack's Web API takes every method by POST, reads included;
 *       {@code auth.test} only reports who the token is (team, user, bot id) and, in the {@code
 *       x-oauth-scopes} header, the scopes granted. It changes nothing.
 *   <li>{@code POST /services/T…/B…/…} on {@code hooks.slack.com} with the body {@code
 *       {"text":""}}: a webhook can only be checked by posting to it, so tokenscope posts a message
 *       Slack must refuse: an empty text with no blocks or attachments is rejected with {@code 400
 *       no_text} by a live hook and nothing is posted; a dead hook answers {@code no_service},
 *       {@code no_team}, {@code team_disabled} or {@code invalid_token}. The webhook URL's host
 *       from the scanned content is never used: only the {@code T…/B…/…} part (which is what the
 *       detector captures) is sent, under {@code /services/}, to the configured {@code
 *       slack-webhooks} base URL.
 * </ul>
 *
 * <p>Workflow webhooks ({@code hooks.slack.com/workflows/…}, {@code /triggers/…}) are never posted
 * to: any POST, even an empty one, starts the workflow.
 */
public final class SlackResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://slack.com";
  static final String DEFAULT_WEBHOOK_BASE_URL = "https://hooks.slack.com";
  static final String WEBHOOK_PATH = "/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+";
  static final AllowList ALLOW_LIST = AllowList.of("slack", readOnlyPost("/api/auth\\.test"));
  static final AllowList WEBHOOK_ALLOW_LIST =
      AllowList.of("slack-webhooks", readOnlyPost(WEBHOOK_PATH));

  /** The message Slack must refuse: no text, no blocks, no attachments. */
  static final String REFUSED_MESSAGE = "{\"text\":\"\"}";

  private static final Pattern WEBHOOK =
      Pattern.compile("https://hooks\\.slack\\.com(" + WEBHOOK_PATH + ")/?");

  /** The part of a webhook URL the detector captures as its secret: {@code T…/B…/…}. */
  private static final Pattern WEBHOOK_SECRET =
      Pattern.compile("(T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+)/?");

  @Override
  public String provider() {
    return "slack";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "slack".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    String secret = credential.secret().reveal();
    if (credential.ruleId().contains("workflow-webhook")) {
      return Grant.unresolved(
          new Identity("slack", null, null, "workflow-webhook", Map.of()),
          GrantStatus.UNKNOWN,
          "Slack workflow webhooks are not checked: any POST to one starts its workflow");
    }
    if (secret.startsWith("https://") || credential.ruleId().contains("webhook")) {
      return webhook(secret, context);
    }
    String type = tokenType(secret);
    Identity unknown = new Identity("slack", null, null, type, Map.of());
    if (type.equals("app-level") || type.equals("refresh")) {
      return Grant.unresolved(
          unknown,
          GrantStatus.UNKNOWN,
          "Slack "
              + type
              + " tokens cannot call auth.test; tokenscope does not exchange or use them");
    }
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    try {
      HttpResult answer =
          http.post(
              "/api/auth.test",
              "",
              "application/x-www-form-urlencoded",
              Map.of("Authorization", "Bearer " + secret, "User-Agent", "tokenscope"));
      JsonNode body = JsonAnswer.read(answer, "slack", "POST /api/auth.test");
      if (!body.path("ok").asBoolean(false)) {
        return error(body.path("error").asText("unknown_error"), unknown);
      }
      String scopes = answer.header("x-oauth-scopes");
      boolean bot = body.hasNonNull("bot_id");
      String team = body.path("team_id").asText(null);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("team", body.path("team").asText(""));
      details.put("url", body.path("url").asText(""));
      details.put("user_id", body.path("user_id").asText(""));
      if (bot) {
        details.put("bot_id", body.get("bot_id").asText());
      }
      if (body.path("is_enterprise_install").asBoolean(false)) {
        details.put("enterprise_id", body.path("enterprise_id").asText(""));
      }
      List<Permission> permissions = new ArrayList<>();
      List<String> evidence = new ArrayList<>();
      if (scopes == null) {
        evidence.add(
            "auth.test returned no x-oauth-scopes header: scopes unknown (legacy or workspace token)");
      } else {
        evidence.add("x-oauth-scopes: " + scopes);
        for (String scope : scopes.split(",")) {
          if (!scope.isBlank()) {
            permissions.add(
                Permission.of(scope.strip(), team == null ? "*" : team, access(scope.strip())));
          }
        }
      }
      String kind = bot ? "bot" : type.equals("bot") ? "bot" : type;
      Identity identity =
          new Identity("slack", body.path("user").asText(null), team, kind, details);
      return new Grant(
          identity, List.of(), permissions, null, null, null, GrantStatus.ACTIVE, null, evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }

  static String tokenType(String token) {
    String t = token.startsWith("xoxe.") ? token.substring(5) : token;
    if (t.startsWith("xoxb-")) {
      return "bot";
    }
    if (t.startsWith("xoxp-")) {
      return "user";
    }
    if (t.startsWith("xapp-")) {
      return "app-level";
    }
    if (t.startsWith("xoxe-") || t.startsWith("xoxr-")) {
      return "refresh";
    }
    if (t.startsWith("xoxa-")) {
      return "workspace-app";
    }
    if (t.startsWith("xoxc-") || t.startsWith("xoxd-")) {
      return "browser-session";
    }
    return "unknown";
  }

  static Access access(String scope) {
    String s = scope.toLowerCase(Locale.ROOT);
    if (s.startsWith("admin") || s.equals("client")) {
      return Access.ADMIN;
    }
    if (s.contains(":write") || s.contains(":manage") || s.equals("bot") || s.equals("post")) {
      return Access.WRITE;
    }
    return Access.READ;
  }

  private static Grant error(String error, Identity identity) {
    return switch (error) {
      case "invalid_auth", "not_authed" ->
          Grant.unresolved(
              identity,
              GrantStatus.INVALID,
              "Slack auth.test: " + error + " (the token is not valid)");
      case "token_revoked", "token_expired", "account_inactive" ->
          Grant.unresolved(identity, GrantStatus.REVOKED, "Slack auth.test: " + error);
      case "ratelimited" ->
          Grant.unresolved(
              identity, GrantStatus.UNKNOWN, "Slack auth.test: rate limited; run again later");
      default ->
          Grant.unresolved(
              identity, GrantStatus.UNKNOWN, "Slack auth.test answered error " + error);
    };
  }

  private Grant webhook(String url, ResolveContext context) {
    Identity unknown = new Identity("slack", null, null, "incoming-webhook", Map.of());
    Matcher m = WEBHOOK.matcher(url.strip());
    Matcher captured = WEBHOOK_SECRET.matcher(url.strip());
    String path;
    if (m.matches()) {
      path = m.group(1);
    } else if (captured.matches()) {
      path = "/services/" + captured.group(1);
    } else {
      return Grant.unresolved(
          unknown,
          GrantStatus.UNKNOWN,
          "not a Slack incoming-webhook URL (https://hooks.slack.com/services/T…/B…/…): nothing was sent");
    }
    String[] parts = path.split("/");
    String team = parts[2];
    String hook = parts[3];
    Identity identity = new Identity("slack", hook, team, "incoming-webhook", Map.of());
    SafeHttpClient http = context.client(WEBHOOK_ALLOW_LIST, DEFAULT_WEBHOOK_BASE_URL);
    try {
      HttpResult answer =
          http.post(path, REFUSED_MESSAGE, "application/json", Map.of("User-Agent", "tokenscope"));
      String body = answer.body() == null ? "" : answer.body().strip();
      List<String> evidence =
          List.of(
              "POST of an empty message (Slack refuses it, nothing is posted) answered HTTP "
                  + answer.status()
                  + " "
                  + body);
      List<Permission> post =
          List.of(Permission.of("incoming-webhook:post", team + "/" + hook, Access.WRITE));
      if (answer.status() == 400
          && (body.equals("no_text")
              || body.equals("missing_text_or_fallback_or_attachments")
              || body.equals("invalid_payload"))) {
        return new Grant(
            identity, List.of(), post, null, null, null, GrantStatus.ACTIVE, null, evidence);
      }
      if (body.equals("channel_is_archived") || body.equals("action_prohibited")) {
        // Slack knows the hook: its channel is archived (the hook posts again once the channel is
        // unarchived) or a workspace restriction refuses the post. The secret is still live.
        return new Grant(
            identity,
            List.of(),
            post,
            null,
            null,
            null,
            GrantStatus.ACTIVE,
            "Slack webhook answers "
                + body
                + (body.equals("channel_is_archived")
                    ? ": its channel is archived; the hook posts again once it is unarchived"
                    : ": a workspace restriction refuses its posts now; the hook itself is live"),
            evidence);
      }
      if (body.equals("channel_not_found")) {
        return new Grant(
            identity,
            List.of(),
            List.of(),
            null,
            null,
            null,
            GrantStatus.UNKNOWN,
            "Slack webhook answers channel_not_found: Slack knows the hook but its channel no"
                + " longer exists, so it cannot post; whether the hook itself was removed is not"
                + " said",
            evidence);
      }
      if (body.equals("no_service")
          || body.equals("no_team")
          || body.equals("team_disabled")
          || body.equals("invalid_token")) {
        return new Grant(
            identity,
            List.of(),
            List.of(),
            null,
            null,
            null,
            GrantStatus.REVOKED,
            "Slack webhook answers " + body + ": the hook is removed or disabled",
            evidence);
      }
      return new Grant(
          identity,
          List.of(),
          List.of(),
          null,
          null,
          null,
          GrantStatus.UNKNOWN,
          "Slack webhook answered HTTP "
              + answer.status()
              + " "
              + abbreviate(body)
              + ", which tokenscope does not recognise",
          evidence);
    } catch (ProviderUnreachableException e) {
      // The message names the request path, whose last segment is the webhook's secret.
      String secretPart = parts[4];
      return Grant.unresolved(
          identity, GrantStatus.UNKNOWN, e.getMessage().replace(secretPart, "…"));
    }
  }

  private static String abbreviate(String text) {
    return text.startsWith("<")
        ? "(an HTML page)"
        : text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
