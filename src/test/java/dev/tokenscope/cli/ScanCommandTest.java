package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  static final String RULES = "src/test/resources/scan/rules";
  static final String TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";
  static final String OTHER = "tsk_m3n8b1v6c4x9z2l7k5j0";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aFolderWithASecretExitsOneAndTheJsonReportHasTheDocumentedShape() throws Exception {
    Files.writeString(dir.resolve("app.env"), "# settings\nTOKEN=" + TOKEN + "\n");
    Cli cli = Cli.run("scan", "--rules", RULES, "--format", "json", dir.toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.FINDINGS);
    JsonNode report = JSON.readTree(cli.out());
    assertThat(report.path("tool").path("name").asText()).isEqualTo("tokenscope");
    assertThat(report.path("errors")).isEmpty();
    JsonNode finding = report.path("findings").get(0);
    assertThat(finding.path("kind").asText()).isEqualTo("EXPOSED");
    assertThat(finding.path("rule").asText()).isEqualTo("fixture.token");
    assertThat(finding.path("fingerprint").asText()).matches("fp:[0-9a-f]{32}");
    assertThat(finding.path("secret").asText()).startsWith("tsk_q8").doesNotContain(TOKEN);
    assertThat(finding.path("grant").isNull()).isTrue();
    JsonNode location = finding.path("locations").get(0);
    assertThat(location.path("path").asText()).isEqualTo(dir.resolve("app.env").toString());
    assertThat(location.path("line").asInt()).isEqualTo(2);
    assertThat(location.path("column").asInt()).isEqualTo(7);
    assertThat(report.path("stats").path("files").asLong()).isEqualTo(1);
    assertThat(cli.out()).doesNotContain(TOKEN);
  }

  /** --redact is the default and there is no way to turn it off: no format shows the secret. */
  @Test
  void redactIsAcceptedAndNoFormatEverShowsTheWholeSecret() throws Exception {
    Files.writeString(dir.resolve("app.env"), "TOKEN=" + TOKEN + "\n");
    for (String format : new String[] {"text", "json", "sarif", "html"}) {
      Cli cli = Cli.run("scan", "--redact", "--rules", RULES, "--format", format, dir.toString());
      assertThat(cli.exit()).as(format + ": " + cli.err()).isEqualTo(ExitCode.FINDINGS);
      assertThat(cli.out()).as(format).contains("tsk_q8").doesNotContain(TOKEN);
      assertThat(cli.err()).as(format).doesNotContain(TOKEN);
    }
    Cli unredacted = Cli.run("scan", "--no-redact", "--rules", RULES, dir.toString());
    assertThat(unredacted.exit()).isEqualTo(ExitCode.ERROR);
  }

  @Test
  void aCleanFolderExitsZero() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "nothing secret\n");
    assertThat(Cli.run("scan", "--rules", RULES, "--format", "json", dir.toString()).exit())
        .isEqualTo(ExitCode.CLEAN);
  }

  @Test
  void findingsBelowFailOnDoNotFailTheRun() throws Exception {
    Files.writeString(dir.resolve("app.env"), TOKEN + "\n");
    Cli cli =
        Cli.run(
            "scan", "--rules", RULES, "--format", "json", "--fail-on", "critical", dir.toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.CLEAN);
    assertThat(JSON.readTree(cli.out()).path("findings")).hasSize(1);
  }

  @Test
  void standardInputIsScannedWithDash() {
    Cli cli =
        Cli.runWithInput(
            "export TOKEN=" + TOKEN + "\n", "scan", "--rules", RULES, "--format", "json", "-");
    assertThat(cli.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(cli.out()).contains("\"path\" : \"-\"");
  }

  @Test
  void aBrokenRuleIsReportedByFileAndRuleWhileTheOtherRulesStillRun() throws Exception {
    Files.writeString(dir.resolve("app.env"), TOKEN + "\n");
    Cli cli =
        Cli.run(
            "scan",
            "--rules",
            "src/test/resources/scan/broken-rules",
            "--format",
            "json",
            dir.toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode report = JSON.readTree(cli.out());
    assertThat(report.path("findings")).hasSize(1);
    assertThat(report.path("errors").findValuesAsText("where"))
        .containsExactlyInAnyOrder(
            "src/test/resources/scan/broken-rules/broken.yaml (rule fixture.bad-regex)",
            "src/test/resources/scan/broken-rules/broken.yaml (rule fixture.no-pattern)");
    assertThat(report.path("errors").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).startsWith("pattern does not compile"))
        .anySatisfy(m -> assertThat(m).isEqualTo("missing field 'pattern'"));
    assertThat(cli.err()).contains("broken.yaml (rule fixture.bad-regex)");
  }

  @Test
  void gitHistoryFindingsNameTheIntroducingCommitFirst() throws Exception {
    Path repo = dir.resolve("repo");
    RevCommit first;
    RevCommit second;
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(repo.resolve("a.env"), "TOKEN=" + TOKEN + "\n");
      git.add().addFilepattern("a.env").call();
      first =
          git.commit()
              .setMessage("one")
              .setAuthor(ident("Ann", "2024-03-01T00:00:00Z"))
              .setCommitter(ident("Ann", "2024-03-01T00:00:00Z"))
              .setSign(false)
              .call();
      Files.writeString(repo.resolve("b.env"), "X=1\nTOKEN=" + TOKEN + "\n");
      git.add().addFilepattern("b.env").call();
      git.rm().addFilepattern("a.env").call();
      second =
          git.commit()
              .setMessage("two")
              .setAuthor(ident("Bob", "2024-03-02T00:00:00Z"))
              .setCommitter(ident("Bob", "2024-03-02T00:00:00Z"))
              .setSign(false)
              .call();
    }
    Cli cli = Cli.run("scan", "--rules", RULES, "--format", "json", "--git", repo.toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.FINDINGS);
    JsonNode locations = JSON.readTree(cli.out()).path("findings").get(0).path("locations");
    assertThat(locations).hasSize(2);
    assertThat(locations.get(0).path("commit").asText()).isEqualTo(first.name());
    assertThat(locations.get(0).path("path").asText()).isEqualTo("a.env");
    assertThat(locations.get(0).path("author").asText()).isEqualTo("Ann <ann@example.com>");
    assertThat(locations.get(0).path("date").asText()).isEqualTo("2024-03-01T00:00:00Z");
    assertThat(locations.get(1).path("commit").asText()).isEqualTo(second.name());
    assertThat(locations.get(1).path("line").asInt()).isEqualTo(2);

    Cli since =
        Cli.run(
            "scan",
            "--rules",
            RULES,
            "--format",
            "json",
            "--git",
            repo.toString(),
            "--since",
            first.name());
    JsonNode onlyNew = JSON.readTree(since.out()).path("findings").get(0).path("locations");
    assertThat(onlyNew).hasSize(1);
    assertThat(onlyNew.get(0).path("commit").asText()).isEqualTo(second.name());
  }

  @Test
  void aFolderThatIsNoRepositoryExitsTwoWithAClearMessage() {
    Cli cli = Cli.run("scan", "--rules", RULES, "--format", "json", "--git", dir.toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(cli.err()).contains(dir + ": not a git repository");
  }

  @Test
  void sinceWithoutGitIsAUsageError() {
    Cli cli = Cli.run("scan", "--since", "main", ".");
    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(cli.err()).contains("--since needs --git");
  }

  @Test
  void maxFileSizeTakesUnits() throws Exception {
    Files.writeString(dir.resolve("big.txt"), "x".repeat(3000) + TOKEN + "\n");
    Cli cli =
        Cli.run(
            "scan", "--rules", RULES, "--format", "json", "--max-file-size", "2K", dir.toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode report = JSON.readTree(cli.out());
    assertThat(report.path("findings")).isEmpty();
    assertThat(report.path("errors").get(0).path("message").asText())
        .contains("over the --max-file-size limit");
    assertThat(Cli.run("scan", "--max-file-size", "lots", ".").err())
        .contains("'lots' is not a size");
  }

  @Test
  void sarifAndTextReportsGoToTheOutputFile() throws Exception {
    Files.writeString(dir.resolve("app.env"), TOKEN + "\n");
    Path sarif = dir.resolve("out.sarif");
    Cli cli =
        Cli.run(
            "scan",
            "--rules",
            RULES,
            "--format",
            "sarif",
            "--output",
            sarif.toString(),
            dir.resolve("app.env").toString());
    assertThat(cli.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(cli.out()).isEmpty();
    JsonNode report = JSON.readTree(sarif.toFile());
    assertThat(report.path("version").asText()).isEqualTo("2.1.0");
    assertThat(report.at("/runs/0/results/0/ruleId").asText()).isEqualTo("fixture.token");

    Path text = dir.resolve("out.txt");
    Cli.run(
        "scan",
        "--rules",
        RULES,
        "--format",
        "text",
        "--output",
        text.toString(),
        dir.resolve("app.env").toString());
    assertThat(Files.readString(text))
        .contains("fixture.token")
        .contains("found at")
        .doesNotContain("\u001b[")
        .doesNotContain(TOKEN);
  }

  @Test
  void helpDocumentsTheExitCodesAndTheSourceOptions() {
    Cli cli = Cli.run("scan", "--help");
    assertThat(cli.exit()).isEqualTo(0);
    assertThat(cli.out())
        .contains(
            "--git",
            "--since",
            "--no-ignore",
            "--max-file-size",
            "--format",
            "--fail-on",
            "Exit codes:",
            "  2  ");
  }

  @Test
  void secretsInBothFilesAndHistoryAreMergedIntoOneFindingPerSecret() throws Exception {
    Path repo = dir.resolve("repo");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(repo.resolve("a.env"), OTHER + "\n");
      git.add().addFilepattern("a.env").call();
      git.commit()
          .setMessage("one")
          .setAuthor(ident("Ann", "2024-03-01T00:00:00Z"))
          .setCommitter(ident("Ann", "2024-03-01T00:00:00Z"))
          .setSign(false)
          .call();
    }
    Cli cli =
        Cli.run(
            "scan",
            "--rules",
            RULES,
            "--format",
            "json",
            "--git",
            repo.toString(),
            repo.toString());
    JsonNode findings = JSON.readTree(cli.out()).path("findings");
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).path("locations").findValuesAsText("source"))
        .containsExactly("git", "file");
  }

  /**
   * A value a test names FAKE is information only while every place it is found says so: the same
   * value in a service's configuration makes the one finding a real one, whichever file the scan
   * read first.
   */
  @Test
  void aTestVectorAlsoFoundOutsideTestsIsReportedAtItsRealSeverity() throws Exception {
    String key = "sk_live_" + "lMOXn9DHsV3KX3LxOxAK2ldA";
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/test_billing.py"), "FAKE_STRIPE_KEY = \"" + key + "\"\n");
    Cli onlyTest = Cli.run("scan", "--format", "json", dir.toString());
    assertThat(JSON.readTree(onlyTest.out()).path("findings").findValuesAsText("severity"))
        .containsExactly("info");

    Files.writeString(dir.resolve("billing.env"), "STRIPE_SECRET_KEY=" + key + "\n");
    Cli both = Cli.run("scan", "--format", "json", dir.toString());
    JsonNode findings = JSON.readTree(both.out()).path("findings");
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).path("severity").asText()).isNotEqualTo("info");
    assertThat(findings.get(0).path("locations").findValuesAsText("path")).hasSize(2);
  }

  private static PersonIdent ident(String name, String date) {
    return new PersonIdent(
        name, name.toLowerCase() + "@example.com", Instant.parse(date), ZoneOffset.UTC);
  }
}
