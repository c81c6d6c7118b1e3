package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.ReplayServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void localScanReportsMachineCredentialsWithoutPrintingThem() throws Exception {
    int code = run("scan", "--local", "--home", "src/test/resources/stores/home", "--env-root", "src/test/resources/stores/envroot", "--format", "json");

    assertThat(code).as(err).isEqualTo(ExitCode.FINDINGS);
    JsonNode report = new ObjectMapper().readTree(out);
    assertThat(report.findValuesAsText("rule")).contains("generic.store-credential", "aws.access-key-id");
    assertThat(locations(report)).anySatisfy(l -> assertThat(l.path("path").asText()).endsWith(".aws/credentials"));
    assertThat(locations(report)).anySatisfy(l -> assertThat(l.path("path").asText()).endsWith("api/.env"));
    assertThat(out).doesNotContain("kT9vR2xL5mQ8wZ1pN4bC7dF0gH3jK6sA9uE2yW5o", "Pg5ecr3tV4lu3Qx9", "R3g1stryP4ssw0rdQx7");
  }

  @Test
  void vaultScanReportsStorePathsAndVersions(@TempDir Path tmp) throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, "hvs.CAESIJ7kq2Vb9xYt3mNp5Rz8Lw4Qd6Fh1Gj0\n");
    try (ReplayServer vault = ReplayServer.fromDirectory(Path.of("src/test/resources/stores/vault"))) {
      int code = run("scan", "--vault", vault.baseUrl("vault").toString(), "--vault-token-file", tokenFile.toString(), "--vault-mount", "secret", "--format", "json");

      // A denied folder is a problem: reported, and the exit code says the scan is incomplete.
      assertThat(code).as(err).isEqualTo(ExitCode.ERROR);
      assertThat(err).contains("vault://secret/metadata/denied: cannot list (HTTP 403: permission denied)");
      assertThat(vault.received()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }
    JsonNode report = new ObjectMapper().readTree(out);
    assertThat(locations(report)).anySatisfy(l -> {
      assertThat(l.path("source").asText()).isEqualTo("vault");
      assertThat(l.path("path").asText()).isEqualTo("secret/data/payments/stripe");
      assertThat(l.path("version").asText()).isEqualTo("3");
      assertThat(l.has("line")).as("a store value has no line").isFalse();
    });
    assertThat(out + err).doesNotContain("sk_live_51HbQ2kLmN8pR4tV6wX9yZ1aB3cD5eF7gH", "Xk9vQ2pL7mR4tW8z");
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

    assertThat(run("scan", "--vault", "vault.internal:8200", "--vault-token-file", tokenFile.toString())).isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("is not an http(s) URL", "https://");
    assertThat(run("scan", "--vault", "https://vault.internal:8200", "--vault-token-file", tmp.resolve("missing").toString())).isEqualTo(ExitCode.ERROR);
    assertThat(err).contains("cannot read --vault-token-file");
  }

  @Test
  void helpListsTheStoreOptions() {
    assertThat(run("scan", "--help")).isEqualTo(ExitCode.CLEAN);
    assertThat(out).contains("--vault", "--aws-secrets", "--aws-ssm", "--gcp-secrets", "--k8s", "--local", "--env-root", "--store-max-value-size");
  }
}
