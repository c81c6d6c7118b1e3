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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcpAuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private ReplayServer server;

  @BeforeEach
  void start() throws Exception {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    server = ReplayServer.fromDirectory(Path.of("src/test/resources/gcp/live"));
  }

  @AfterEach
  void stop() {
    System.setErr(originalErr);
    server.close();
  }

  private Path config() throws Exception {
    Path config = tmp.resolve("tokenscope.yaml");
    Files.writeString(config, "providers:\n  gcp:\n    base_url: " + server.baseUrl("gcp") + "\n");
    return config;
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void snapshotAuditWritesAReportWithoutErrors() throws Exception {
    Path report = tmp.resolve("report.json");

    int code =
        Main.run(
            "audit",
            "gcp",
            "--snapshot",
            "src/test/resources/gcp/snapshot",
            "--format",
            "json",
            "-o",
            report.toString());

    assertThat(code).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    JsonNode root = JSON.readTree(report.toFile());
    assertThat(root.path("errors")).isEmpty();
    assertThat(stderr())
        .contains("4 service-account keys and impersonable accounts audited, 0 problems");
  }

  @Test
  void malformedSnapshotExitsWithErrorNamingTheFile() throws Exception {
    Path report = tmp.resolve("report.json");

    int code =
        Main.run(
            "audit",
            "gcp",
            "--snapshot",
            "src/test/resources/gcp/snapshot-malformed",
            "--format",
            "json",
            "-o",
            report.toString());

    assertThat(code).isEqualTo(ExitCode.ERROR);
    assertThat(stderr())
        .contains("project-iam-policy.json:4: not valid JSON")
        .contains("gcloud projects get-iam-policy");
    assertThat(JSON.readTree(report.toFile()).path("errors")).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void auditWithoutTargetIsAUsageError() {
    int code = Main.run("audit", "gcp");

    assertThat(code).isEqualTo(ExitCode.ERROR);
    assertThat(stderr()).contains("nothing to audit").contains("--snapshot DIR");
  }

  @Test
  void projectIdThatIsNotOneIsAUsageError() {
    int code =
        Main.run("audit", "gcp", "--project", "shop-prod/../x", "--access-token-file", "missing");

    assertThat(code).isEqualTo(ExitCode.ERROR);
    assertThat(stderr()).contains("--project 'shop-prod/../x' is not a project id");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void liveAuditUsesTheTokenFileAgainstTheConfiguredEndpoint() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "ya29.auditor-from-file\n");
    Path report = tmp.resolve("report.json");

    int code =
        Main.run(
            "audit",
            "gcp",
            "--project",
            "shop-prod",
            "--access-token-file",
            token.toString(),
            "--config",
            config().toString(),
            "--format",
            "json",
            "-o",
            report.toString());

    assertThat(code).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    assertThat(JSON.readTree(report.toFile()).path("errors")).isEmpty();
    assertThat(server.received())
        .isNotEmpty()
        .allMatch(
            r -> r.headers().get("Authorization").get(0).equals("Bearer ya29.auditor-from-file"));
    assertThat(stderr()).contains("2 service-account keys");
  }

  @Test
  void scanResolveReportsTheGrantOfAFoundKey() throws Exception {
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    Files.writeString(
        repo.resolve("deploy-key.json"), dev.tokenscope.resolve.gcp.FakeKeyForCli.json());
    Path report = tmp.resolve("report.json");

    int code =
        Main.run(
            "scan",
            repo.toString(),
            "--resolve",
            "--config",
            config().toString(),
            "--format",
            "json",
            "-o",
            report.toString());

    assertThat(code).isEqualTo(ExitCode.FINDINGS);
    JsonNode finding = JSON.readTree(report.toFile()).path("findings").get(0);
    assertThat(finding.path("rule").asText()).isEqualTo("gcp.service-account-key");
    assertThat(finding.path("secret").asText()).doesNotContain("PRIVATE KEY");
    JsonNode grant = finding.path("grant");
    assertThat(grant.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(grant.path("identity").path("principal").asText())
        .isEqualTo("deployer@shop-prod.iam.gserviceaccount.com");
    // roles/editor holds over 10,000 permissions: the report lists the most powerful, counts all.
    assertThat(grant.path("identity").path("details").path("basic_roles").asText())
        .isEqualTo("roles/editor");
    assertThat(grant.path("permission_count").asInt()).isGreaterThan(10_000);
    assertThat(grant.path("permissions").findValuesAsText("action"))
        .contains("iam.serviceAccountKeys.create");
    assertThat(Files.readString(report)).doesNotContain("BEGIN PRIVATE KEY");
  }
}
