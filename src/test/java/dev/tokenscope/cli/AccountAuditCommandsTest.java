package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.resolve.account.RecordedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit railway|github|gitlab|vault}, run as a user runs them, offline. */
class AccountAuditCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Function<String, String> REAL_ENVIRONMENT = AuditorCredential.environment;

  @AfterEach
  void restoreEnvironment() {
    AuditorCredential.environment = REAL_ENVIRONMENT;
  }

  private static String dir(String resource) {
    return RecordedAccount.resource(resource).toString();
  }

  private static List<String> kinds(String json) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(json).path("findings").forEach(f -> out.add(f.path("kind").asText()));
    return out;
  }

  @Test
  void everyAccountAuditHasHelpNamingItsOfflineModesAndExitCodes() {
    for (String provider : List.of("railway", "github", "gitlab", "vault")) {
      Cli run = Cli.run("audit", provider, "--help");
      assertThat(run.exit()).as(provider).isZero();
      assertThat(run.out())
          .as(provider)
          .contains("--snapshot", "--replay", "--inventory", "--fail-on", "--format", "-q")
          .contains("Exit codes:");
    }
    assertThat(Cli.run("audit", "--help").out()).contains("railway", "github", "gitlab", "vault");
  }

  @Test
  void railwayAuditOfTheIncidentAccountFindsTheUndeclaredDestructiveToken() throws Exception {
    Cli run =
        Cli.run(
            "audit",
            "railway",
            "--replay",
            "examples/incident/recorded-account",
            "--inventory",
            "examples/incident/tokens.yaml",
            "--format",
            "json",
            "--now",
            "2026-11-25");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    List<JsonNode> domains = new ArrayList<>();
    JSON.readTree(run.out())
        .path("findings")
        .forEach(
            f -> {
              if (f.toString().contains("shop-domains")) {
                domains.add(f);
              }
            });
    assertThat(domains)
        .extracting(f -> f.path("kind").asText())
        .contains("UNKNOWN_TOKEN", "DESTRUCTIVE");
    assertThat(domains)
        .filteredOn(f -> f.path("kind").asText().equals("DESTRUCTIVE"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("severity").asText()).isEqualTo("critical");
              assertThat(f.path("reason").asText())
                  .contains("can delete volumes")
                  .contains("and their backups");
            });
    assertThat(run.err()).contains("3 credentials listed");
  }

  @Test
  void failOnCriticalPassesWhenOnlyLesserFindingsRemain() {
    Cli run =
        Cli.run(
            "audit",
            "gitlab",
            "--group",
            "acme",
            "--replay",
            dir("accounts/gitlab"),
            "--fail-on",
            "critical",
            "--format",
            "json",
            "-q");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aPartialListingExitsTwoAndNamesWhatWasNotListed() throws Exception {
    Cli run =
        Cli.run(
            "audit",
            "github",
            "--org",
            "acme",
            "--replay",
            dir("accounts/github-partial"),
            "--format",
            "json");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("fine-grained tokens not listed").contains("HTTP 403");
    assertThat(kinds(run.out())).contains("UNKNOWN_TOKEN", "DESTRUCTIVE");
  }

  @Test
  void githubAuditWritesSarifToAFile(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("report.sarif");
    Cli run =
        Cli.run(
            "audit",
            "github",
            "--org",
            "acme",
            "--replay",
            dir("accounts/github"),
            "--inventory",
            dir("accounts/github") + "/tokens.yaml",
            "--format",
            "sarif",
            "-o",
            out.toString(),
            "--now",
            "2026-11-25");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    JsonNode sarif = JSON.readTree(out.toFile());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    // Listed credentials have no file to point at: SARIF leaves them out and says how many.
    assertThat(sarif.at("/runs/0/results")).isEmpty();
    assertThat(sarif.at("/runs/0/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .contains("credentials found in provider accounts or secret stores are not in this SARIF");
    assertThat(sarif.toString()).doesNotContain("AAAAC3NzaC1lZDI1NTE5");
  }

  @Test
  void vaultAuditReadsASnapshotFolder(@TempDir Path snapshot) throws Exception {
    Path v1 = Files.createDirectories(snapshot.resolve("v1/auth/token/lookup-accessor"));
    Files.writeString(
        snapshot.resolve("v1/auth/token/accessors.json"),
        "{\"data\":{\"keys\":[\"8609694a-cdbc-db9b-d345-e782dbb562ed\"]}}");
    Files.writeString(
        v1.resolve("8609694a-cdbc-db9b-d345-e782dbb562ed.json"),
        "{\"data\":{\"accessor\":\"8609694a-cdbc-db9b-d345-e782dbb562ed\",\"creation_time\":1523979354,\"display_name\":\"root\",\"expire_time\":null,\"id\":\"\",\"orphan\":true,\"policies\":[\"root\"],\"ttl\":0,\"type\":\"service\"}}");
    Files.createDirectories(snapshot.resolve("v1/sys"));
    Files.writeString(snapshot.resolve("v1/sys/mounts.json"), "{\"data\":{}}");

    Cli run = Cli.run("audit", "vault", "--snapshot", snapshot.toString(), "--format", "json");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(kinds(run.out())).contains("ADMIN_EQUIVALENT", "UNKNOWN_TOKEN");
  }

  @Test
  void liveAuditWithoutTheAuditorsCredentialSaysWhereToPutIt(@TempDir Path home) {
    AuditorCredential.environment = Map.of("HOME", home.toString())::get;

    Cli run = Cli.run("audit", "railway", "--format", "json");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err())
        .contains("RAILWAY_API_TOKEN")
        .contains(home.resolve(".config/tokenscope/credentials.yaml").toString());
  }

  @Test
  void theAuditorsCredentialComesFromTheUserConfigNotTheCurrentFolder(@TempDir Path home)
      throws Exception {
    Path config = Files.createDirectories(home.resolve("tokenscope"));
    Files.writeString(config.resolve("credentials.yaml"), "github: ghp_auditorFromUserConfig\n");
    AuditorCredential.environment = Map.of("XDG_CONFIG_HOME", home.toString())::get;

    assertThat(AuditorCredential.token("github", List.of("GITHUB_TOKEN")))
        .isEqualTo("ghp_auditorFromUserConfig");
  }

  @Test
  void badOptionsAreClearErrors() {
    assertThat(
            Cli.run("audit", "github", "--org", "../evil", "--replay", dir("accounts/github"))
                .err())
        .contains("not a GitHub organisation name");
    assertThat(Cli.run("audit", "gitlab", "--replay", dir("accounts/gitlab")).err())
        .contains("nothing to audit");
    Cli both =
        Cli.run(
            "audit",
            "vault",
            "--snapshot",
            dir("accounts/vault"),
            "--replay",
            dir("accounts/vault"));
    assertThat(both.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(both.err()).contains("not both");
    assertThat(Cli.run("audit", "github", "--replay", dir("accounts/github")).exit())
        .isEqualTo(ExitCode.ERROR);
  }

  @Test
  void aClassicTokenFoundInAFileAndListedByTheOrganisationIsOneEntryWithBothSources(
      @TempDir Path tree) throws Exception {
    // A fake classic token (valid checksum) whose last eight characters are the ones the recorded
    // SAML credential authorization of bob names.
    Files.writeString(
        tree.resolve("ci.env"), "GITHUB_TOKEN=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\n");

    Cli run =
        Cli.run(
            "audit",
            "github",
            "--org",
            "acme",
            "--replay",
            dir("accounts/github"),
            "--scan",
            tree.toString(),
            "--format",
            "json",
            "--now",
            "2026-11-25");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    List<JsonNode> bob = new ArrayList<>();
    JSON.readTree(run.out())
        .path("findings")
        .forEach(
            f -> {
              if (f.toString().contains("ci.env")) {
                bob.add(f);
              }
            });
    assertThat(bob)
        .extracting(f -> f.path("kind").asText())
        .contains("EXPOSED", "ADMIN_EQUIVALENT", "LONG_LIVED");
    assertThat(bob.stream().map(f -> f.path("fingerprint").asText()).distinct()).hasSize(1);
    assertThat(bob.get(0).toString())
        .contains("provider-account")
        .contains("authorised for acme SSO");
    assertThat(run.out()).doesNotContain("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");
  }
}
