package dev.tokenscope.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.http.HttpResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonAnswerTest {

  private static HttpResult answer(int status, String type, String body) {
    return new HttpResult(
        status, type == null ? Map.of() : Map.of("Content-Type", List.of(type)), body);
  }

  @Test
  void jsonBodyIsRead() throws Exception {
    assertThat(
            JsonAnswer.read(
                    answer(200, "application/json; charset=utf-8", "{\"login\":\"octocat\"}"),
                    "github",
                    "GET /user")
                .path("login")
                .asText())
        .isEqualTo("octocat");
  }

  @Test
  void htmlPageIsExplainedNotParsed() {
    assertThatThrownBy(
            () ->
                JsonAnswer.read(
                    answer(200, "text/html", "<html><body>Sign in to the proxy</body></html>"),
                    "gitlab",
                    "GET /api/v4/user"))
        .isInstanceOf(UnexpectedAnswerException.class)
        .hasMessage(
            "gitlab answered GET /api/v4/user with HTTP 200 and an HTML page instead of JSON: a proxy, firewall or the wrong base URL is in the way; check providers.gitlab.base_url");
  }

  @Test
  void emptyAndMalformedBodiesAreExplained() {
    assertThatThrownBy(
            () -> JsonAnswer.read(answer(200, "application/json", ""), "npm", "GET /-/whoami"))
        .hasMessageContaining("an empty body");
    assertThatThrownBy(
            () ->
                JsonAnswer.read(
                    answer(200, "application/json", "{\"username\":"), "npm", "GET /-/whoami"))
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void timestampsDatesAndEpochSecondsAreRead() {
    assertThat(JsonAnswer.instant("2026-03-01T10:00:00.000Z"))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(JsonAnswer.instant("2027-03-01")).isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
    assertThat(JsonAnswer.instant(new com.fasterxml.jackson.databind.node.LongNode(1711471533)))
        .isEqualTo(Instant.ofEpochSecond(1711471533));
    assertThat(JsonAnswer.instant("next tuesday")).isNull();
  }
}
