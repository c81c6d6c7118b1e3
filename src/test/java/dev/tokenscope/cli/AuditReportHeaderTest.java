package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit's HTML report says in its header what was audited and which account: a reader of a saved
 * report must not have to guess which snapshot or project it describes.
 */
class AuditReportHeaderTest {
  @TempDir Path dir;

  private String html(String... args) throws Exception {
    Path report = dir.resolve("report.html");
    String[] all = new String[args.length + 5];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {"--format", "html", "-o", report.toString(), "-q"}, 0, all, args.length, 5);
    Cli run = Cli.run(all);
    assertThat(run.exit()).as(run.err()).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    String html = Files.readString(report);
    return html.substring(html.indexOf("<dl class=\"header\">"), html.indexOf("</dl>"));
  }

  @Test
  void awsAuditNamesTheSnapshotAndTheAccount() throws Exception {
    String header = html("audit", "aws", "--aws-snapshot", "examples/aws-snapshot-audit/snapshot");
    assertThat(header)
        .contains(
            "<dt>Target</dt><dd><code>aws snapshot examples/aws-snapshot-audit/snapshot</code>")
        .contains("<dt>Account</dt><dd>aws 111122223333</dd>")
        .doesNotContain("not recorded");
  }

  @Test
  void gcpAuditNamesTheSnapshotAndTheProject() throws Exception {
    String header = html("audit", "gcp", "--snapshot", "examples/gcp-snapshot-audit/snapshot");
    assertThat(header)
        .contains("<code>gcp snapshot examples/gcp-snapshot-audit/snapshot</code>")
        .contains("gcp projects/shop-prod")
        .doesNotContain("not recorded");
  }

  @Test
  void accountAuditNamesTheRecordedAnswersNotTheReplayServersAddress() throws Exception {
    String header = html("audit", "railway", "--replay", "examples/incident/recorded-account");
    assertThat(header)
        .contains("<code>railway answers recorded in examples/incident/recorded-account</code>")
        .contains("railway acme")
        .doesNotContain("127.0.0.1")
        .doesNotContain("not recorded");
  }

  @Test
  void theAwsListingAsHtmlIsAnHtmlPage() throws Exception {
    Path report = dir.resolve("list.html");
    Cli run =
        Cli.run(
            "audit",
            "aws",
            "--aws-snapshot",
            "examples/aws-snapshot-audit/snapshot",
            "--list",
            "--format",
            "html",
            "-o",
            report.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("</html>");
  }
}
