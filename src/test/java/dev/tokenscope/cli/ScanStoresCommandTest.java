package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.ReplayServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenscope scan} with store options, end to end through the CLI. */
class ScanStoresCommandTest {
  private String out;
  private String err;

  private int run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      return Main.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      out = stdout.toString(StandardCharsets.UTF_8);
      err = stderr.toString(StandardCharsets.UTF_8);
    }
  }

  private static List<JsonNode> locations(JsonNode report) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode finding : report.path("findings")) {
      finding.path("locations").forEach(all::add);
    }
    return all;
  }

  /**
   * A copy of a fixture tree, so it lies outside this repository (whose own config allow-lists its
   * fixtures).
   */
  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  @Test
  void localScanReportsMachineCredentialsWithoutPrintingThem(@TempDir Path tmp) throws Exception {
    Path home = copy(Path.of("src/test/resources/stores/home"), tmp.resolve("home"));
    Path envRoot = copy(Path.of("src/test/resources/stores/envroot"), tmp.resolve("work"));

    int code =
        run(
            "scan",
            "--local",
            "--home",
            home.toString(),
            "--env-root",
            envRoot.toString(),
            "--format",
            "json");

    assertThat(code).as(err).isEqualTo(ExitCode.FINDINGS);
    JsonNode report = new ObjectMapper().readTree(out);
    assertThat(report.findValuesAsText("rule"))
        .contains(
            "generic.store-credential",
            "aws.secret-access-key",
            "github.personal-access-token",
            "stripe.live-secret-key");
    assertThat(locations(report))
        .anySatisfy(l -> assertThat(l.path("path").asText()).endsWith(".aws/credentials"));
    assertThat(locations(report))
        .anySatisfy(l -> assertThat(l.path("path").asText()).endsWith("api/.env"));
    assertThat(out)
        .doesNotContain(
            "kT9vR2xL5mQ8wZ1pN4bC7dF0gH3jK6sA9uE2yW5o", "Pg5ecr3tV4lu3Qx9", "R3g1stryP4ssw0rdQx7");
  }

  @Test
  void aFolderOutsideTheProjectIsNotAllowListedByTheCurrentFoldersConfig(@TempDir Path tmp)
      throws Exception {
    // The tests run in this repository, whose .tokenscope.yaml allow-lists "src/test/resources/**":
    // its globs are relative to the project and must not swallow the same layout elsewhere.
    Path fixtures = Files.createDirectories(tmp.resolve("src/test/resources"));
    Files.copy(
        Path.of("src/test/resources/stores/home/.git-credentials"),
        fixtures.resolve(".git-credentials"));
    assertThat(Path.of(".tokenscope.yaml"))
        .as("this test needs the repository's own config")
        .isRegularFile();

    int code = run("scan", tmp.toString(), "--format", "json");

    assertThat(code).as(err).isEqualTo(ExitCode.FINDINGS);
    assertThat(new ObjectMapper().readTree(out).findValuesAsText("rule"))
        .contains("github.personal-access-token");
  }

  @Test
  void vaultScanReportsStorePathsAndVersions(@TempDir Path tmp) throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, "hvs.CAESIJ7kq2Vb9xYt3mNp5Rz8Lw4Qd6Fh1Gj0\n");
    try (ReplayServer vault =
        ReplayServer.fromDirectory(Path.of("src/test/resources/stores/vault"))) {
      // A secret store is where a token belongs, so it is not EXPOSED there; against an inventory
      // that does not declare them, the tokens found are UNKNOWN_TOKEN findings.
      Path inventory =
          Files.writeString(
              tmp.resolve("tokens.yaml"),
              "version: 1\ntokens:\n  - id: railway-domains\n    provider: railway\n    match:\n      fingerprint: \"fp:5036ea55c4091829c4fad086e4e273d5\"\n");
      int code =
          run(
              "scan",
              "--vault",
              vault.baseUrl("vault").toString(),
              "--vault-token-file",
              tokenFile.toString(),
              "--vault-mount",
              "secret",
              "--inventory",
              inventory.toString(),
              "--format",
              "json");

      // A denied folder is a problem: reported, and the exit code says the scan is incomplete.
      assertThat(code).as(err).isEqualTo(ExitCode.ERROR);
      assertThat(err)
          .contains("vault://secret/metadata/denied: cannot list (HTTP 403: permission denied)");
      assertThat(vault.received()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }
    JsonNode report = new ObjectMapper().readTree(out);
    assertThat(report.findValuesAsText("kind")).containsOnly("UNKNOWN_TOKEN");
    assertThat(report.findValuesAsText("rule"))
        .contains(
            "stripe.live-secret-key", "github.personal-access-token", "generic.store-credential");
    assertThat(locations(report))
        .anySatisfy(
            l -> {
              assertThat(l.path("source").asText()).isEqualTo("vault");
              assertThat(l.path("path").asText()).isEqualTo("secret/data/payments/stripe");
              assertThat(l.path("version").asText()).isEqualTo("3");
              assertThat(l.has("line")).as("a store value has no line").isFalse();
            });
    assertThat(out + err)
        .doesNotContain("sk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3cD5eF7gH", "Xk9vQ2pL7mR4tW8z");
  }

  @Test
  void storeSubOptionsWithoutTheirStoreAreAClearError() {
    assertThat(run("scan", "--vault-mount", "secret")).isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("need --vault ADDR");
    assertThat(run("scan", "--namespace", "prod")).isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("need --k8s");
    assertThat(run("scan", "--gcp-secrets")).isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("--project");
  }

  @Test
  void aVaultAddressThatIsNotAUrlIsAClearError(@TempDir Path tmp) throws Exception {
    Path tokenFile = Files.writeString(tmp.resolve("token"), "hvs.x");

    assertThat(
            run(
                "scan",
                "--vault",
                "vault.internal:8200",
                "--vault-token-file",
                tokenFile.toString()))
        .isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("is not an http(s) URL", "https://");
    assertThat(
            run(
                "scan",
                "--vault",
                "https://vault.internal:8200",
                "--vault-token-file",
                tmp.resolve("missing").toString()))
        .isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("cannot read --vault-token-file");
  }

  @Test
  void helpListsTheStoreOptions() {
    assertThat(run("scan", "--help")).isEqualTo(ExitCode.CLEAN);
    assertThat(out)
        .contains(
            "--vault",
            "--aws-secrets",
            "--aws-ssm",
            "--gcp-secrets",
            "--k8s",
            "--local",
            "--env-root",
            "--store-max-value-size");
  }
}
