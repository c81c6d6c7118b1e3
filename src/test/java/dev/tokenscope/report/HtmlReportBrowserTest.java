package dev.tokenscope.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless Chromium: its script sorts the table on load and on a click.
 * Needs Debian's {@code chromium} package; skipped (with the command to install it) when absent.
 * {@code scripts/check-html-report.sh} runs the same check after installing it.
 */
class HtmlReportBrowserTest {
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Pattern PROVIDER_CELL =
      Pattern.compile(
          "<tr data-fingerprint=\"[^\"]+\"><td data-v=\"(\\d)\">.*?</td><td data-v=\"([^\"]+)\">");

  @TempDir Path dir;

  private String dumpDom(String extraScript) throws Exception {
    return dumpDom(extraScript, HtmlFixtures.result());
  }

  private String dumpDom(String extraScript, dev.tokenscope.pipeline.ScanResult result)
      throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at "
            + CHROMIUM
            + ": install it with 'apt-get install -y chromium' or run scripts/check-html-report.sh");
    StringWriter out = new StringWriter();
    new HtmlReport(Map.of()).write(result, out);
    String html = out.toString();
    if (extraScript != null) {
      html = html.replace("</body>", "<script>" + extraScript + "</script>\n</body>");
    }
    Path page = dir.resolve("report.html");
    Files.writeString(page, html, StandardCharsets.UTF_8);
    Path profile = Files.createDirectories(dir.resolve("profile"));
    Process chromium =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1400,900",
                "--dump-dom",
                page.toUri().toString())
            .redirectError(dir.resolve("chromium.log").toFile())
            .start();
    byte[] dom = chromium.getInputStream().readAllBytes();
    assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(dom, StandardCharsets.UTF_8);
  }

  private static List<String> column(String dom, int group) {
    List<String> values = new ArrayList<>();
    Matcher m = PROVIDER_CELL.matcher(dom);
    while (m.find()) {
      values.add(m.group(group));
    }
    return values;
  }

  @Test
  void theBrowserShowsTheMostSevereTokenFirst() throws Exception {
    String dom = dumpDom(null);
    assertThat(column(dom, 1)).containsExactly("4", "3", "2");
    assertThat(dom).contains("aria-sort=\"descending\"");
  }

  @Test
  void clickingTheProviderHeaderSortsTheTableByProvider() throws Exception {
    String dom = dumpDom("document.querySelector('th[data-column=\"1\"]').click();");
    assertThat(column(dom, 2)).containsExactly("aws", "github", "railway");
    String clickedTwice =
        dumpDom("var h = document.querySelector('th[data-column=\"1\"]'); h.click(); h.click();");
    assertThat(column(clickedTwice, 2)).containsExactly("railway", "github", "aws");
  }

  /**
   * Lays the page out at 1400 px, the width of a laptop browser, and records every cell or card
   * whose text spills out of its box and every column squeezed narrower than a word (the "Found at"
   * column once wrapped one word per line).
   */
  private static final String LAYOUT_CHECK =
      """
      (function () {
        var problems = [];
        if (document.documentElement.scrollWidth > window.innerWidth + 1) {
          problems.push('page wider than the window: ' + document.documentElement.scrollWidth);
        }
        document.querySelectorAll('td, th, .card, .card dd, .header dd').forEach(function (el) {
          if (el.scrollWidth > el.clientWidth + 1) {
            problems.push('overflow in ' + el.tagName + ': ' + el.textContent.slice(0, 60));
          }
        });
        document.querySelectorAll('#tokens td, table.risks td').forEach(function (el) {
          if (el.textContent.trim() !== '' && el.getBoundingClientRect().width < 60) {
            problems.push('collapsed column ' + el.cellIndex + ': ' + el.getBoundingClientRect().width);
          }
        });
        document.body.setAttribute('data-width', String(window.innerWidth));
        document.body.setAttribute('data-layout', problems.length ? problems.join(' | ') : 'ok');
      })();
      """;

  private static String layout(String dom) {
    Matcher m = Pattern.compile("data-layout=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : "no layout result";
  }

  @Test
  void atFourteenHundredPixelsNoTextOverflowsAndNoColumnCollapses() throws Exception {
    String dom = dumpDom(LAYOUT_CHECK, HtmlFixtures.crowded());
    assertThat(dom).contains("data-width=\"1400\"");
    assertThat(layout(dom)).isEqualTo("ok");
  }

  @Test
  void theLayoutCheckNoticesAColumnSqueezedToNothing() throws Exception {
    String squeeze =
        "var st = document.createElement('style');"
            + "st.textContent = '#tokens td:nth-child(6){width:1px;max-width:1px;min-width:0}"
            + " #tokens td:nth-child(6) code{overflow-wrap:normal}';"
            + "document.head.appendChild(st);";
    String dom = dumpDom(squeeze + LAYOUT_CHECK, HtmlFixtures.crowded());
    assertThat(layout(dom)).isNotEqualTo("ok");
  }
}
