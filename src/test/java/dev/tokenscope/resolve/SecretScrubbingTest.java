package dev.tokenscope.resolve;

import static dev.tokenscope.resolve.ProviderFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Providers echo what they are sent. Whatever the answer, no grant handed on by {@link Resolvers}
 * holds the whole secret or its random part, in any field.
 */
class SecretScrubbingTest {
  private static final String GITHUB = "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";
  private static final String SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
  private static final String VAULT = "hvs.CAESIJ7l3tZ2kq8Xy7vQ2mR9kL4nP8sT1wZabcdEFGH";

  private static Grant resolve(ReplayServer server, String provider, Credential credential) {
    return Resolvers.builtIn().resolve(credential, ProviderFixture.context(server, provider));
  }

  /** Every string of the grant, as one text. */
  private static String everything(Grant grant) {
    return grant.toString();
  }

  @Test
  void anAnswerThatIsNotJsonAndEchoesTheTokenDoesNotCarryIt() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                answer(
                    "github",
                    "GET",
                    "/user",
                    200,
                    "<html><title>bad token " + GITHUB + "</title></html>")))) {
      Grant grant =
          resolve(
              server,
              "github",
              ProviderFixture.credential("github", "github.personal-access-token", GITHUB));
      assertThat(everything(grant)).doesNotContain(GITHUB).doesNotContain(GITHUB.substring(4));
      assertThat(everything(grant)).contains(SecretScrubber.MARK);
    }
  }

  @Test
  void malformedJsonQuotingTheTokenDoesNotCarryIt() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(
            List.of(answer("github", "GET", "/user", 401, "{\"message\": " + GITHUB + "}")))) {
      Grant grant =
          resolve(
              server,
              "github",
              ProviderFixture.credential("github", "github.personal-access-token", GITHUB));
      assertThat(everything(grant))
          .doesNotContain(GITHUB)
          .doesNotContain(GITHUB.substring(4))
          .contains(SecretScrubber.MARK);
    }
  }

  @Test
  void aSlackErrorNamingTheTokenDoesNotCarryIt() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                answer(
                    "slack",
                    "POST",
                    "/api/auth.test",
                    200,
                    "{\"ok\":false,\"error\":\"invalid_auth: token "
                        + SLACK
                        + " is not valid\"}")))) {
      Grant grant =
          resolve(server, "slack", ProviderFixture.credential("slack", "slack.bot-token", SLACK));
      assertThat(everything(grant))
          .doesNotContain(SLACK)
          .doesNotContain("AbCdEfGhIjKlMnOpQrStUvWx");
    }
  }

  @Test
  void aVaultLookupEchoingTheTokenDoesNotCarryIt() throws Exception {
    try (ReplayServer server =
        ReplayServer.of(
            List.of(
                answer(
                    "vault",
                    "GET",
                    "/v1/auth/token/lookup-self",
                    200,
                    "{\"data\":{\"id\":\""
                        + VAULT
                        + "\",\"display_name\":\"token-"
                        + VAULT
                        + "\",\"policies\":[\"default\",\""
                        + VAULT.substring(4)
                        + "\"],\"meta\":{\"note\":\""
                        + VAULT
                        + "\"}}}")))) {
      Grant grant =
          resolve(
              server, "vault", ProviderFixture.credential("vault", "vault.service-token", VAULT));
      assertThat(everything(grant)).doesNotContain(VAULT).doesNotContain(VAULT.substring(4));
    }
  }

  @Test
  void aResolverThatThrowsCostsOnlyItsCredential() {
    Resolver broken =
        new Resolver() {
          @Override
          public String provider() {
            return "acme";
          }

          @Override
          public boolean canResolve(Credential credential) {
            return true;
          }

          @Override
          public Grant resolve(Credential credential, ResolveContext context) {
            throw new IllegalStateException("302 Found for token " + credential.secret().reveal());
          }
        };
    Resolvers.Outcome outcome =
        new Resolvers(List.of(broken))
            .attempt(
                ProviderFixture.credential("acme", "acme.token", "acme_9f8e7d6c5b4a3f2e1d0c"),
                ProviderFixture.context(dev.tokenscope.config.Config.empty()));
    assertThat(outcome.grant().status()).isEqualTo(GrantStatus.UNKNOWN);
    assertThat(outcome.failure())
        .contains("acme resolver failed")
        .contains("IllegalStateException")
        .doesNotContain("9f8e7d6c5b4a3f2e1d0c");
  }

  @Test
  void everyFieldIsScrubbed() {
    String secret = "xoxp-99999999-88888888-ZZyyXXwwVVuuTTss";
    SecretScrubber scrubber =
        SecretScrubber.of(ProviderFixture.credential("slack", "slack.user-token", secret));
    Grant grant =
        new Grant(
            new Identity("slack", secret, "a" + secret, "t", Map.of("k" + secret, "v" + secret)),
            List.of("env " + secret),
            List.of(
                dev.tokenscope.model.Permission.of(
                    secret, secret, dev.tokenscope.model.Access.READ)),
            null,
            null,
            null,
            GrantStatus.ACTIVE,
            "reason " + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8),
            List.of("evidence ZZyyXXwwVVuuTTss"));
    assertThat(scrubber.scrub(grant).toString()).doesNotContain("ZZyyXXwwVVuuTTss");
  }
}
