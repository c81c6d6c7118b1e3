package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolve --provider aws} and {@code audit aws}, run as a user runs them. */
class AwsCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKQ";

  record Run(int exit, String out, String err) {}

  static Run run(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cli = Main.commandLine();
      cli.setErr(new java.io.PrintWriter(System.err, true));
      int exit = cli.execute(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  static String snapshot() {
    try {
      return Path.of(AwsCommandsTest.class.getClassLoader().getResource("aws/snapshot").toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void resolveReadsACredentialsFileBlockFromStdinAndPrintsTheGrantAsJson() throws Exception {
    String block =
        "[default]\naws_access_key_id = AKIAQYLPMN5HERINEEE2\naws_secret_access_key = "
            + SECRET
            + "\n";

    Run run =
        run(block, "resolve", "--provider", "aws", "--snapshot", snapshot(), "--format", "json");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CLEAN);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.at("/credential/attributes/id").asText()).isEqualTo("AKIAQYLPMN5HERINEEE2");
    assertThat(root.at("/grant/status").asText()).isEqualTo("ACTIVE");
    assertThat(root.at("/grant/identity/principal").asText())
        .isEqualTo("arn:aws:iam::111122223333:user/erin");
    // sts:AssumeRole alone is no risk: the escalation is the role its trust policy lets erin
    // assume.
    assertThat(root.at("/risks/PRIVILEGE_ESCALATION").isMissingNode()).isTrue();
    assertThat(run.out()).contains("escalation path: erin → assume deployer");
    assertThat(run.out()).doesNotContain(SECRET);
  }

  @Test
  void resolvePrintsTextWithEscalationPaths() {
    String env = "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HERINEEE2\nAWS_SECRET_ACCESS_KEY=" + SECRET + "\n";

    Run run = run(env, "resolve", "--provider", "aws", "--snapshot", snapshot());

    assertThat(run.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(run.out())
        .contains(
            "status:     ACTIVE",
            "arn:aws:iam::111122223333:user/erin",
            "escalation path: erin → assume deployer (deployer-policy)",
            "arn:aws:iam::111122223333:role/deployer trusts arn:aws:iam::111122223333:root");
    assertThat(run.out()).doesNotContain(SECRET);
  }

  @Test
  void resolveWithNothingOnStdinSaysHowToPipeTheCredential() {
    Run run = run("nothing here\n", "resolve", "--provider", "aws", "--snapshot", snapshot());

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("no aws credential found on standard input");
  }

  @Test
  void resolveRefusesAReportFormatThatDoesNotFitAGrant() {
    Run run = run("", "resolve", "--provider", "aws", "--format", "sarif");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("use text or json");
  }

  @Test
  void auditOfASnapshotRunsThroughThePipelineWithoutErrors() throws Exception {
    Run run = run("", "audit", "aws", "--snapshot", snapshot(), "--format", "json");

    JsonNode root = JSON.readTree(run.out());
    assertThat(root.path("errors")).isEmpty();
    assertThat(run.exit()).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    for (JsonNode finding : root.path("findings")) {
      assertThat(finding.path("provider").asText()).isEqualTo("aws");
      assertThat(finding.at("/locations/0/source").asText()).isEqualTo("provider-account");
    }
  }

  @Test
  void auditListShowsEveryUserWithKeysLastUseEffectivePermissionsAndRisks() throws Exception {
    Run run = run("", "audit", "aws", "--snapshot", snapshot(), "--list", "--format", "json");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CLEAN);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.path("users"))
        .extracting(u -> u.path("user").asText())
        .containsExactly("alice", "bob", "carol", "dave", "erin", "frank", "grace");
    JsonNode alice = root.path("users").get(0);
    assertThat(alice.at("/groups/0").asText()).isEqualTo("admins");
    assertThat(alice.at("/risks/ADMIN_EQUIVALENT"))
        .extracting(JsonNode::asText)
        .containsExactly("*", "iam:*");
    // An administrator's listing is the summary, not every expanded action.
    assertThat(alice.path("permissions"))
        .singleElement()
        .satisfies(p -> assertThat(p.path("action").asText()).isEqualTo("*"));
    assertThat(alice.path("assumable_roles"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            "arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::111122223333:role/auditor");
    JsonNode frankKey = root.path("users").get(5).at("/access_keys/0");
    assertThat(frankKey.path("id").asText()).isEqualTo("AKIAQYLPMN5HFRANKFF2");
    assertThat(frankKey.path("last_used").asText()).isEqualTo("2025-10-21T12:00:00Z");
    assertThat(frankKey.path("last_used_service").asText()).isEqualTo("secretsmanager");
    assertThat(root.path("users").get(6).at("/access_keys/0/status").asText())
        .isEqualTo("Inactive");
    assertThat(root.path("roles"))
        .extracting(r -> r.path("role").asText())
        .containsExactly("deployer", "auditor");
    assertThat(root.path("root_access_keys"))
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.path("active").asBoolean()).isTrue();
              assertThat(k.path("last_used").asText()).isEqualTo("2026-10-01T09:00:00Z");
            });
    assertThat(root.at("/roles/0/risks/DESTRUCTIVE/0").asText()).isEqualTo("rds:DeleteDBInstance");
  }

  @Test
  void auditNamesAMalformedSnapshotFileAndExitsWithError(@TempDir Path dir) throws Exception {
    try (Stream<Path> files = Files.list(Path.of(snapshot()))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(
        dir.resolve("authorization-details-page2.json"), "{ \"UserDetailList\": [ oops ] }");

    Run run = run("", "audit", "aws", "--snapshot", dir.toString(), "--format", "json");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode errors = JSON.readTree(run.out()).path("errors");
    assertThat(errors)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("message").asText())
                    .contains("authorization-details-page2.json", "not valid JSON"));
  }

  @Test
  void auditOfAMissingSnapshotFolderIsAUsageError() {
    Run run = run("", "audit", "aws", "--snapshot", "/no/such/folder");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("/no/such/folder", "not a folder");
  }

  @Test
  void scanResolvesAFoundKeyIdAgainstASnapshot(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("deploy.ini"), "deploy_key_id = AKIAQYLPMN5HFRANKFF2\n");

    Run run =
        run(
            "",
            "scan",
            dir.toString(),
            "--resolve",
            "--aws-snapshot",
            snapshot(),
            "--format",
            "json");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    JsonNode grant = JSON.readTree(run.out()).at("/findings/0/grant");
    assertThat(grant.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(grant.at("/identity/principal").asText())
        .isEqualTo("arn:aws:iam::111122223333:user/frank");
    assertThat(grant.path("last_used").asText()).isEqualTo("2025-10-21T12:00:00Z");
  }

  @Test
  void everyNewCommandHasHelp() {
    assertThat(run("", "audit", "--help").out()).contains("aws");
    assertThat(run("", "audit", "aws", "--help").out())
        .contains("--aws-snapshot", "--aws-profile", "--format");
    assertThat(run("", "resolve", "--help").out()).contains("--provider", "standard input");
    assertThat(run("", "scan", "--help").out()).contains("--aws-snapshot");
  }
}
