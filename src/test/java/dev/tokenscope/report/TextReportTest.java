package dev.tokenscope.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextReportTest {
  static final String TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";

  private static Credential credential(int places, String path) {
    List<Location> where = new ArrayList<>();
    for (int i = 0; i < places; i++) {
      where.add(
          new Location(
              "git",
              path == null ? "f" + i + ".env" : path,
              2,
              7,
              "c" + i + "0123456789abcdef",
              "Ann <ann@example.com>",
              Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
              null));
    }
    return Credential.found("fixture.token", "fixture", new Secret(TOKEN), Map.of(), where);
  }

  private static String render(boolean colour, int width, ScanResult result) throws Exception {
    StringWriter out = new StringWriter();
    new TextReport(colour, width).write(result, out);
    return out.toString();
  }

  private static ScanResult result(List<Finding> findings) {
    return new ScanResult(findings, new ScanResult.Stats(0, 1, 100, 0, 0.5), List.of());
  }

  private static Finding exposed(Credential c, Severity severity) {
    return Finding.of(
        FindingKind.EXPOSED, severity, c, null, "Plaintext fixture credential.", List.of());
  }

  @Test
  void aCredentialShowsRuleRedactedSecretFingerprintFirstPlaceCommitAuthorAndDate()
      throws Exception {
    String text = render(false, 120, result(List.of(exposed(credential(1, null), Severity.HIGH))));
    assertThat(text)
        .contains("!  HIGH  fixture.token (fixture)")
        .containsPattern("secret    tsk_q8…\\(24 chars\\) · fp:[0-9a-f]{32}")
        .contains(
            "found at  f0.env:2 @ c00123456789 by Ann <ann@example.com> on 2024-01-01T00:00:00Z")
        .contains("risks     !  high      exposed  plaintext in 1 place")
        .contains(
            "fix:      rotate it at fixture; remove it from f0.env:2 @ c00123456789 and the git history")
        .contains("1 credential (1 finding): 1 high; by kind: 1 exposed")
        .doesNotContain(TOKEN)
        .doesNotContain("\u001b[");
  }

  @Test
  void oneCredentialWithManyRisksIsOneBlockAtItsHighestSeverity() throws Exception {
    Credential c = credential(1, null);
    List<Finding> findings =
        List.of(
            Finding.of(FindingKind.LONG_LIVED, Severity.LOW, c, null, "Never expires.", List.of()),
            Finding.of(
                FindingKind.DESTRUCTIVE,
                Severity.CRITICAL,
                c,
                null,
                "Can delete things; its declared purpose needs only read.",
                List.of("DESTRUCTIVE: dbDelete, volumeDelete, backupDelete, projectDelete, x")),
            exposed(c, Severity.HIGH));
    String text = render(false, 120, result(findings));
    assertThat(text.split("fixture.token \\(fixture\\)", -1)).hasSize(2);
    assertThat(text)
        .startsWith("!! CRITICAL  fixture.token")
        .contains("!! critical  destructive  can dbDelete, volumeDelete, backupDelete +2 more")
        .containsPattern("narrow the new one to\\s+read")
        .contains("give it an expiry")
        .contains("1 credential (3 findings): 1 critical");
    assertThat(text.indexOf("destructive")).isLessThan(text.indexOf("exposed"));
    assertThat(text.indexOf("exposed")).isLessThan(text.indexOf("long lived"));
  }

  @Test
  void criticalAndHighAreColouredDifferentlyOnlyWhenAsked() throws Exception {
    Credential a = credential(1, "a.env");
    Credential b = credential(1, "b.env");
    ScanResult r =
        result(
            List.of(
                exposed(a, Severity.CRITICAL),
                Finding.of(FindingKind.EXPOSED, Severity.HIGH, b, null, "x", List.of())));
    // Two different credentials need different secrets for different fingerprints.
    String coloured = render(true, 100, r);
    assertThat(coloured).contains("\u001b[1;97;41m!! CRITICAL\u001b[0m");
    assertThat(render(false, 100, r)).doesNotContain("\u001b[");
  }

  @Test
  void aLongListOfPlacesShowsTheFirstAndACount() throws Exception {
    String text = render(false, 120, result(List.of(exposed(credential(13, null), Severity.HIGH))));
    assertThat(text)
        .contains("found at  f0.env:2")
        .doesNotContain("f1.env")
        .contains("and 12 more (all in --format json)");
  }

  @Test
  void linesWrapToTheGivenWidthWithAHangingIndent() throws Exception {
    Credential c = credential(1, "deploy/" + "very-long-folder-name/".repeat(6) + "app.env");
    String text = render(false, 60, result(List.of(exposed(c, Severity.MEDIUM))));
    for (String line : text.split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(60);
    }
    assertThat(text).contains("\n             ");
  }

  @Test
  void controlCharactersFromScannedPathsAreShownEscapedNotSentToTheTerminal() throws Exception {
    Credential c = credential(1, "evil\u001b]0;owned\u0007\nCRITICAL fake.env");
    String text = render(false, 200, result(List.of(exposed(c, Severity.HIGH))));
    assertThat(text)
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .contains("evil\\x1b]0;owned\\x07\\nCRITICAL fake.env");
    assertThat(text.lines().filter(l -> l.startsWith("CRITICAL"))).isEmpty();
  }

  @Test
  void theSummarySaysWhatTheAllowListAndBaselineHid() throws Exception {
    ScanResult r =
        result(List.of(exposed(credential(1, null), Severity.LOW)))
            .withHidden(new ScanResult.Hidden(2, 1));
    assertThat(render(false, 200, r)).contains("hidden: 2 by the allow-list, 1 by the baseline");
  }

  @Test
  void unreachableProvidersGiveOneWarningLine() throws Exception {
    String reason = "fixture did not answer GET /me after 3 attempts: ConnectException";
    String text = render(false, 200, result(unresolved(List.of(reason, reason, reason))));
    assertThat(text.lines().filter(l -> l.startsWith("warning")).toList())
        .containsExactly("warning: 3 of 3 credentials could not be resolved: network unreachable");
  }

  @Test
  void aRefusalToConnectIsNotCalledANetworkFailure() throws Exception {
    // What the database resolvers say when scanned content names a host they will not reach.
    List<String> reasons =
        List.of(
            "the connection string has no host, so there is nothing to check",
            "host '%2Fvar%2Frun%2Fpostgresql' is not a plain host name or address; not connecting");
    String warning =
        render(false, 200, result(unresolved(reasons)))
            .lines()
            .filter(l -> l.startsWith("warning"))
            .findFirst()
            .orElseThrow();
    assertThat(warning)
        .startsWith("warning: 2 of 2 credentials could not be resolved: ")
        .doesNotContain("network unreachable");
  }

  /** One exposed credential per reason, each with a grant left unknown for that reason. */
  private static List<Finding> unresolved(List<String> reasons) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < reasons.size(); i++) {
      Credential c =
          Credential.found(
              "fixture.token",
              "fixture",
              new Secret(TOKEN + i),
              Map.of(),
              List.of(Location.file("f" + i + ".env")));
      Grant unknown = Grant.unresolved(null, GrantStatus.UNKNOWN, reasons.get(i));
      findings.add(Finding.of(FindingKind.EXPOSED, Severity.HIGH, c, unknown, "x", List.of()));
    }
    return findings;
  }
}
