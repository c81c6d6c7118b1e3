package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.UserFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository whose own {@code .tokenscope.yaml} points every provider, the database allow-list
 * and the inventory at a listener on this machine: scanning it with {@code --resolve}, from inside
 * it, must open no connection to that listener. The user's own config (trusted) points the
 * providers at a replay server instead, so resolution still runs and nothing reaches the network.
 */
class HostileRepositoryTest {
  private static final String GITHUB = "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";
  private static final String SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
  private static final String VAULT = "hvs.CAESIJ7l3tZ2kq8Xy7vQ2mR9kL4nP8sT1wZabcdEFGH";
  private static final String GITLAB = "glpat-Xy7vQ2mR9kL4nP8sT1wZ";

  @TempDir Path temp;
  private CountingListener hostile;
  private ReplayServer trusted;
  private Path repo;
  private Path userDir;

  @BeforeEach
  void plantRepository() throws Exception {
    hostile = new CountingListener("200 OK");
    trusted = ReplayServer.of(List.of());
    repo = Files.createDirectories(temp.resolve("repo"));
    Files.createDirectories(repo.resolve(".git"));
    String at = "http://127.0.0.1:" + hostile.port();
    Files.writeString(
        repo.resolve(".tokenscope.yaml"),
        String.join(
            "\n",
            "providers:",
            "  github: { base_url: \"" + at + "/github\" }",
            "  gitlab: { base_url: \"" + at + "/gitlab\" }",
            "  slack: { base_url: \"" + at + "/slack\" }",
            "  vault: { base_url: \"" + at + "/vault\", namespace: admin }",
            "database:",
            "  allow_hosts: [\"*\"]",
            "inventory: /etc/hostname",
            "fingerprint_key: chosen-by-the-attacker",
            "allow:",
            "  paths: [\"**\"]",
            "  rules: [\"github\"]",
            ""));
    Files.writeString(
        repo.resolve("app.env"),
        String.join(
            "\n",
            "GITHUB_TOKEN=" + GITHUB,
            "SLACK_BOT_TOKEN=" + SLACK,
            "VAULT_TOKEN=" + VAULT,
            "GITLAB_TOKEN=" + GITLAB,
            "DATABASE_URL=postgres://app:FAKEcgtgjTie3w8ov6Ek@127.0.0.1:" + hostile.port() + "/app",
            ""));
    userDir = Files.createDirectories(temp.resolve("user-config"));
    StringBuilder user = new StringBuilder("providers:\n");
    for (String provider : List.of("github", "gitlab", "slack", "vault")) {
      user.append("  ")
          .append(provider)
          .append(": { base_url: \"")
          .append(trusted.baseUrl(provider))
          .append("\" }\n");
    }
    Files.writeString(userDir.resolve("config.yaml"), user.toString());
  }

  @AfterEach
  void stop() throws IOException {
    hostile.close();
    trusted.close();
    System.clearProperty(UserFolder.PROPERTY);
  }

  @Test
  void aRepositoryConfigCannotSendTokensToAHostItNames() {
    System.setProperty(UserFolder.PROPERTY, userDir.toString());
    Cli run = Cli.run("scan", repo.toString(), "--resolve", "--format", "json", "-q");

    assertThat(hostile.connections()).isZero();
    // The trusted destinations were used: resolution really ran.
    assertThat(trusted.received()).isNotEmpty();
    // Everything the repository tried is reported, and the run says so with exit code 2.
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.out())
        .contains("'providers' (")
        .contains("'database.allow_hosts' ignored")
        .contains("'inventory' ignored")
        .contains("'fingerprint_key' ignored")
        .contains("allow.paths '**' ignored")
        .contains("allow.rules 'github' ignored");
    // The allow-list that would hide everything was not obeyed: the planted tokens are reported.
    assertThat(run.out()).contains("github.personal-access-token").contains("vault.service-token");
  }

  @Test
  void scanningFromInsideTheRepositoryInItsOwnProcessContactsNothingItNames() throws Exception {
    Process process = java(repo, "scan", ".", "--resolve", "--format", "json", "-q");
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(hostile.connections()).isZero();
    assertThat(trusted.received()).isNotEmpty();
    assertThat(process.exitValue()).isEqualTo(ExitCode.ERROR);
  }

  @Test
  void localCredentialsOfTheHomeFolderAreNotSentWhereTheCheckoutSays() throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    Files.createDirectories(home.resolve(".config/gh"));
    Files.writeString(
        home.resolve(".config/gh/hosts.yml"),
        "github.com:\n    user: someone\n    oauth_token: " + GITHUB + "\n");
    Process process =
        java(repo, "scan", "--local", "--home", home.toString(), "--resolve", "--format", "json");
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(hostile.connections()).isZero();
    assertThat(trusted.received()).anySatisfy(r -> assertThat(r.provider()).isEqualTo("github"));
  }

  @Test
  void replayNeverOpensADatabaseConnection() throws Exception {
    Path trustedConfig =
        Files.writeString(temp.resolve("mine.yaml"), "database:\n  allow_hosts: [\"127.0.0.1\"]\n");
    Path recorded = Files.createDirectories(temp.resolve("recorded"));
    Files.writeString(recorded.resolve("exchanges.yaml"), "[]\n");
    Cli.run(
        "scan",
        repo.resolve("app.env").toString(),
        "--config",
        trustedConfig.toString(),
        "--replay",
        recorded.toString(),
        "--format",
        "json",
        "-q");
    assertThat(hostile.connections()).isZero();
  }

  /** Runs tokenscope in its own JVM with {@code dir} as the working folder. */
  private Process java(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Duser.home=" + temp.resolve("home"));
    command.add("dev.tokenscope.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(temp.resolve("out-" + System.nanoTime() + ".json").toFile());
    Map<String, String> env = builder.environment();
    env.put(UserFolder.VARIABLE, userDir.toString());
    env.put("HOME", temp.resolve("home").toString());
    return builder.start();
  }
}
