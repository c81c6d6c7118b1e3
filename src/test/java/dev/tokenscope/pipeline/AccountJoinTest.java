package dev.tokenscope.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.account.RecordedAccount;
import dev.tokenscope.resolve.gitlab.GitLabAccountAudit;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Looking up found tokens at the audited instance when it fails: a problem line, never a crash. */
class AccountJoinTest {
  private static final String TOKEN = "glpat-Zr5Wq8Tn2Vb7Xc4Md1Lk";

  private static AccountJoin.Found lookUp(String baseUrl) {
    Credential found =
        Credential.found(
            "gitlab.personal-access-token",
            "gitlab",
            new Secret(TOKEN),
            Map.of(),
            List.of(Location.file("deploy/ci.env").at(3, 14)));
    ResolveContext context =
        new ResolveContext(
            Config.empty().withBaseUrls(Map.of("gitlab", baseUrl)),
            Clock.fixed(RecordedAccount.NOW, ZoneOffset.UTC),
            HttpSettings.fast());
    return AccountJoin.identify(
        new AccountJoin.Found(List.of(found), List.of()), GitLabAccountAudit.foundTokens(context));
  }

  @Test
  void anInstanceThatFailsLeavesTheTokenFoundWithAProblemThatNeverHoldsIt() throws Exception {
    // A proxy in front of the instance that repeats the request, token and all, in its error page.
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                ReplayServer.Exchange.answer(
                    "gitlab",
                    "GET",
                    "/api/v4/personal_access_tokens/self",
                    502,
                    "<html>bad gateway for PRIVATE-TOKEN: " + TOKEN + "</html>")))) {
      AccountJoin.Found found = lookUp(server.baseUrl("gitlab").toString());

      assertThat(found.credentials())
          .singleElement()
          .satisfies(c -> assertThat(c.attribute("token_id")).isNull());
      assertThat(found.problems())
          .singleElement()
          .asString()
          .contains("deploy/ci.env:3", "not looked up", "502")
          .doesNotContain(TOKEN, TOKEN.substring(6));
    }
  }

  @Test
  void aProxysRefusalIsNotTheInstancesVerdictAndItsPageTitleIsScrubbed() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                new ReplayServer.Exchange(
                    "gitlab",
                    "GET",
                    "/api/v4/personal_access_tokens/self",
                    null,
                    null,
                    401,
                    Map.of("Content-Type", "text/html"),
                    "<html><head><title>denied " + TOKEN + "</title></head></html>")))) {
      AccountJoin.Found found = lookUp(server.baseUrl("gitlab").toString());

      assertThat(found.notes()).isEmpty();
      assertThat(found.problems())
          .singleElement()
          .asString()
          .contains("HTML page", "[REDACTED]")
          .doesNotContain(TOKEN, TOKEN.substring(6));
    }
  }

  @Test
  void anUnreachableInstanceIsAProblemNotACrash() {
    AccountJoin.Found found = lookUp("http://127.0.0.1:9");

    assertThat(found.credentials()).hasSize(1);
    assertThat(found.problems())
        .singleElement()
        .asString()
        .contains("not looked up")
        .doesNotContain(TOKEN);
  }

  @Test
  void aTokenTheInstanceAnswersIsGivenItsListedId() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                ReplayServer.Exchange.answer(
                    "gitlab",
                    "GET",
                    "/api/v4/personal_access_tokens/self",
                    200,
                    "{\"id\":501,\"name\":\"release-owner\",\"revoked\":false,\"active\":true}")))) {
      AccountJoin.Found found = lookUp(server.baseUrl("gitlab").toString());

      assertThat(found.problems()).isEmpty();
      assertThat(found.credentials().get(0).attribute("token_id")).isEqualTo("501");
      // Sent with the found token, to the one configured instance.
      assertThat(server.received())
          .singleElement()
          .satisfies(r -> assertThat(r.headers().get("Private-token")).containsExactly(TOKEN));
    }
  }
}
