package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.http.ReplayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own liveness checks come from {@code --rules DIR/liveness/}, a flag the user gives: the
 * scan sends the key to that declaration's host (here, through {@code --replay}'s loopback server),
 * while a config or a folder inside the scanned tree can add no check and choose no host.
 */
class UserLivenessCliTest {
  private static final String TOKEN = "exc_7d9a1c3e5b7d9f1a3c5e7b9d1f3a5c2b";

  private static final String DETECTOR =
      """
      provider: examplecloud
      rules:
        - id: examplecloud.api-key
          name: Example Cloud API key
          keywords: ['exc_']
          pattern: '\\b(?<secret>exc_[A-Za-z0-9]{32})\\b'
          severity: high
          examples:
            - 'EXAMPLECLOUD_KEY=exc_7d9a1c3e5b7d9f1a3c5e7b9d1f3a5c2b'
          negative_examples:
            - 'EXAMPLECLOUD_KEY=exc_short'
      """;

  private static final String LIVENESS =
      """
      provider: examplecloud
      source: https://docs.example.com/api/whoami
      checked: 2026-12-06
      rules: [examplecloud.api-key]
      base_url: %s
      request:
        method: GET
        path: /v1/whoami
        token: {in: header, name: Authorization, value: 'Bearer {token}'}
      read_only: reads the caller's own user
      live:
        status: 200
        identity: {principal: /user/login}
      dead:
        - status: 401
          reason: the key is unknown
      rate_limited:
        - status: 429
          reason: too many requests
      """;

  @TempDir Path temp;

  private Path rules(boolean withLiveness) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("my-rules"));
    Files.writeString(dir.resolve("examplecloud.yaml"), DETECTOR);
    if (withLiveness) {
      Path liveness = Files.createDirectories(dir.resolve("liveness"));
      Files.writeString(
          liveness.resolve("examplecloud.yaml"), LIVENESS.formatted("https://api.example.com"));
    }
    return dir;
  }

  private Path tree() throws IOException {
    Path repo = Files.createDirectories(temp.resolve("repo"));
    Files.writeString(repo.resolve("app.env"), "EXAMPLECLOUD_KEY=" + TOKEN + "\n");
    return repo;
  }

  @Test
  void aUsersLivenessFileIsUsedByScanResolveWithRules() throws IOException {
    Path recorded = Files.createDirectories(temp.resolve("recorded"));
    Files.writeString(
        recorded.resolve("exchanges.yaml"),
        """
        - provider: examplecloud
          method: GET
          path: /v1/whoami
          body: '{"user": {"login": "ada"}}'
        """);

    Cli run =
        Cli.run(
            "scan",
            tree().resolve("app.env").toString(),
            "--rules",
            rules(true).toString(),
            "--resolve",
            "--replay",
            recorded.toString(),
            "--format",
            "json");

    assertThat(run.err()).doesNotContain("error");
    assertThat(run.out()).contains("\"ACTIVE\"").contains("\"ada\"");
    assertThat(run.out()).contains("liveness check: GET /v1/whoami answered HTTP 200");
    assertThat(run.out()).doesNotContain(TOKEN);
  }

  @Test
  void resolveWithRulesUsesTheUsersLivenessFileAtTheHostTheUsersConfigNames() throws IOException {
    try (ReplayServer provider =
        ReplayServer.of(
            List.of(
                ReplayServer.Exchange.answer(
                    "examplecloud",
                    "GET",
                    "/v1/whoami",
                    200,
                    "{\"user\": {\"login\": \"ada\"}}")))) {
      // The user's own config may move a provider to another https or loopback host.
      Path config = temp.resolve("config.yaml");
      Files.writeString(
          config,
          "providers:\n  examplecloud:\n    base_url: " + provider.baseUrl("examplecloud") + "\n");

      Cli run =
          Cli.runWithInput(
              "EXAMPLECLOUD_KEY=" + TOKEN + "\n",
              "resolve",
              "--provider",
              "examplecloud",
              "--rules",
              rules(true).toString(),
              "--config",
              config.toString(),
              "--format",
              "json");

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("\"ACTIVE\"").contains("\"ada\"").doesNotContain(TOKEN);
      assertThat(provider.received()).hasSize(1);
    }
  }

  @Test
  void withoutRulesResolveKnowsNoUserProvider() throws IOException {
    Cli run =
        Cli.runWithInput(
            "EXAMPLECLOUD_KEY=" + TOKEN + "\n", "resolve", "--provider", "examplecloud");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("unknown provider 'examplecloud'");
  }

  @Test
  void neitherAnInTreeConfigNorALivenessFolderInTheScannedTreeAddsACheck() throws IOException {
    try (CountingListener hostile = new CountingListener("401 No")) {
      Path repo = tree();
      String hostileUrl = "http://127.0.0.1:" + hostile.port();
      // a pull request adds a liveness declaration and tries to point the provider at itself
      Path planted = Files.createDirectories(repo.resolve("liveness"));
      Files.writeString(planted.resolve("examplecloud.yaml"), LIVENESS.formatted(hostileUrl));
      Files.writeString(
          repo.resolve(".tokenscope.yaml"),
          "providers:\n  examplecloud:\n    base_url: " + hostileUrl + "\n");

      Cli run =
          Cli.run(
              "scan",
              repo.toString(),
              "--rules",
              rules(false).toString(),
              "--resolve",
              "--format",
              "json");

      assertThat(hostile.connections()).isZero();
      assertThat(run.out()).contains("no resolver for examplecloud");
      assertThat(run.out() + run.err()).contains("'providers' (examplecloud) ignored");
    }
  }

  @Test
  void anInvalidUserLivenessFileIsAClearErrorNamingTheFile() throws IOException {
    Path dir = rules(true);
    Path file = dir.resolve("liveness").resolve("examplecloud.yaml");
    Files.writeString(
        file, LIVENESS.formatted("https://api.example.com").replace("method: GET", "method: PUT"));

    Cli run =
        Cli.run(
            "scan",
            tree().resolve("app.env").toString(),
            "--rules",
            dir.toString(),
            "--resolve",
            "--format",
            "json");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err())
        .contains(file.toString())
        .contains("request.method PUT")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aUserLivenessFileNamingAnUnknownRuleIsRefused() throws IOException {
    Path dir = rules(true);
    Path file = dir.resolve("liveness").resolve("examplecloud.yaml");
    Files.writeString(
        file,
        LIVENESS
            .formatted("https://api.example.com")
            .replace("rules: [examplecloud.api-key]", "rules: [examplecloud.other-key]"));

    Cli run =
        Cli.run(
            "scan", tree().resolve("app.env").toString(), "--rules", dir.toString(), "--resolve");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains(file.toString()).contains("examplecloud.other-key");
  }
}
