package dev.tokenscope.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static String render(Map<String, Instant> firstSeen) throws Exception {
    StringWriter out = new StringWriter();
    new HtmlReport(firstSeen).write(HtmlFixtures.result(), out);
    return out.toString();
  }

  @Test
  void thePageLoadsNothingFromAnywhere() throws Exception {
    String html = render(Map.of());
    assertThat(html).doesNotContainPattern("(?i)<(script|img|link|iframe)[^>]*\\s(src|href)\\s*=");
    assertThat(html).doesNotContainPattern("(?i)url\\(");
    assertThat(html).doesNotContainPattern("(?i)@import");
    assertThat(html).contains("default-src 'none'");
  }

  @Test
  void noWholeSecretAppearsOnlyRedactedForms() throws Exception {
    String html = render(Map.of());
    assertThat(html)
        .doesNotContain(HtmlFixtures.RAILWAY)
        .doesNotContain(HtmlFixtures.GITHUB)
        .doesNotContain(HtmlFixtures.AWS);
    assertThat(html).contains("ghp_R7aQ…(40 chars)");
  }

  @Test
  void scannedContentIsEscapedSoItCannotRunInTheReport() throws Exception {
    String html = render(Map.of());
    assertThat(html)
        .doesNotContain("<script>alert(1)</script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void summaryCountsFindingsBySeverityAndKind() throws Exception {
    String html = render(Map.of());
    assertThat(html)
        .contains("<td data-severity=\"critical\">1</td>")
        .contains("<td data-severity=\"high\">1</td>")
        .contains("<td data-severity=\"medium\">1</td>");
    assertThat(html)
        .contains("<td data-kind=\"EXPOSED\">2</td>")
        .contains("<td data-kind=\"DESTRUCTIVE\">1</td>");
  }

  @Test
  void oneRowPerTokenWithItsReachBadgesIdentityAndFirstSighting() throws Exception {
    String railwayFingerprint = HtmlFixtures.result().findings().get(0).credential().fingerprint();
    String html = render(Map.of(railwayFingerprint, Instant.parse("2026-01-02T03:04:00Z")));
    assertThat(html.split("<tr data-fingerprint=", -1)).hasSize(4);
    assertThat(html)
        .contains("badge-destructive")
        .contains("badge-backup")
        .contains("badge-escalation");
    assertThat(html)
        .contains("<span class=\"env prod\">production</span>")
        .contains("ops@example.com in acme-workspace (account)");
    assertThat(html).contains("2026-01-02 03:04 UTC");
    assertThat(html).contains("2025-03-04 05:06 UTC");
    assertThat(html).contains("vendor/broken.bin");
  }

  @Test
  void eachCredentialIsOneCardWithItsRisksAsRowsNotAParagraph() throws Exception {
    String html = render(Map.of());
    assertThat(html.split("<article class=\"card ", -1)).hasSize(4);
    String railway = html.substring(html.indexOf("<article class=\"card card-critical\""));
    railway = railway.substring(0, railway.indexOf("</article>"));
    assertThat(railway.split("<tr><td><span class=\"sev", -1)).hasSize(3);
    assertThat(railway)
        .contains("ops@example.com in acme-workspace (account)")
        .contains("production, staging")
        .contains("<p class=\"fix\"><strong>Fix:</strong> rotate it at railway");
  }

  @Test
  void backticksInReasonsRenderAsCode() {
    assertThat(HtmlReport.prose("Token in `a<b>.env:3` can delete."))
        .isEqualTo("Token in <code>a&lt;b&gt;.env:3</code> can delete.");
  }

  @Test
  void theHeaderSaysWhenWhatWhichAccountsAndWhichVersion() throws Exception {
    StringWriter out = new StringWriter();
    new HtmlReport(
            Map.of(),
            new HtmlReport.Header(
                List.of("examples/incident/repo"), Instant.parse("2026-12-06T20:00:00Z"), 42))
        .write(HtmlFixtures.result(), out);
    assertThat(out.toString())
        .contains("<dt>Date</dt><dd>2026-12-06 20:00 UTC</dd>")
        .contains("<dt>Target</dt><dd><code>examples/incident/repo</code></dd>")
        .contains("<dt>Accounts</dt><dd>github acme, railway acme-workspace</dd>")
        .contains(", 42 detector rules</dd>");
  }

  @Test
  void controlCharactersAreShownAsEscapes() {
    assertThat(HtmlReport.esc("a\u001b[31m\u202eb\n")).isEqualTo("a\\x1b[31m\\u202eb\\n");
  }

  @Test
  void aListingBecomesAPageNotPlainText() {
    String page = HtmlReport.preformatted("AWS account listing", "user <alice>\n  key AKIA…");
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<pre>user &lt;alice&gt;\n  key AKIA…\n")
        .contains("default-src 'none'");
  }
}
