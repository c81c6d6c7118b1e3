package dev.tokenscope.report;

import dev.tokenscope.Version;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One self-contained HTML page for an audit: counts by severity and by kind, then a sortable table
 * with one row per token (provider, identity, reach with destructive/backup/escalation badges,
 * where it was found, when first seen). Styles and the sorting script are inline, and the page
 * loads nothing from anywhere, so it can be mailed or attached to a ticket. Only redacted secrets
 * appear.
 */
public final class HtmlReport implements Report {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final int SHOWN_LOCATIONS = 5;

  private final Map<String, Instant> firstSeen;
  private final Header header;

  /**
   * What the page's header says besides the counts: what was scanned, when, and with how many
   * detector rules (0: not said).
   */
  public record Header(List<String> targets, Instant generated, int ruleCount) {
    public Header {
      targets = List.copyOf(targets);
    }
  }

  /**
   * @param firstSeen when each credential (by fingerprint) was first seen, from the scan history;
   *     may be empty
   */
  public HtmlReport(Map<String, Instant> firstSeen) {
    this(firstSeen, new Header(List.of(), Instant.now(), 0));
  }

  public HtmlReport(Map<String, Instant> firstSeen, Header header) {
    this.firstSeen = Map.copyOf(firstSeen);
    this.header = header;
  }

  /** A token's findings, merged into one row. */
  private static final class Row {
    final Finding first;
    Severity severity;
    final Set<FindingKind> kinds = new TreeSet<>();
    final List<String> reasons = new ArrayList<>();
    Grant grant;

    Row(Finding finding) {
      first = finding;
      severity = finding.severity();
    }
  }

  @Override
  public void write(ScanResult result, Writer out) throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    Map<FindingKind, Integer> byKind = new EnumMap<>(FindingKind.class);
    List<CredentialEntry> entries = CredentialEntry.group(result.findings());
    entries.forEach(e -> bySeverity.merge(e.severity(), 1, Integer::sum));
    for (Finding f : result.findings()) {
      byKind.merge(f.kind(), 1, Integer::sum);
      Row row = rows.computeIfAbsent(f.credential().fingerprint(), k -> new Row(f));
      if (f.severity().compareTo(row.severity) > 0) {
        row.severity = f.severity();
      }
      row.kinds.add(f.kind());
      row.reasons.add(f.reason());
      if (row.grant == null) {
        row.grant = f.grant();
      }
    }
    out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.write(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    out.write(
        "<title>tokenscope report</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
    out.write("<h1>tokenscope report</h1>\n");
    ScanResult.Stats s = result.stats();
    writeHeader(entries, out);
    out.write(
        String.format(
            Locale.ROOT,
            "<p class=\"meta\">%s &middot; %d files, %d blobs, %.1f MB scanned &middot; %d error%s</p>\n",
            esc(ScanSummary.line(result, entries)),
            s.files(),
            s.blobs(),
            s.bytes() / 1e6,
            result.problems().size(),
            result.problems().size() == 1 ? "" : "s"));
    var warning = ScanSummary.resolveWarningOf(entries);
    if (warning.isPresent()) {
      out.write("<p class=\"warning\">warning: " + esc(warning.get()) + "</p>\n");
    }
    out.write(
        "<section class=\"summary\">\n<table id=\"by-severity\"><caption>By severity</caption>\n");
    for (int i = Severity.values().length - 1; i >= 0; i--) {
      Severity severity = Severity.values()[i];
      out.write(
          "<tr><th><span class=\"sev sev-"
              + lower(severity.name())
              + "\">"
              + lower(severity.name())
              + "</span></th><td data-severity=\""
              + lower(severity.name())
              + "\">"
              + bySeverity.getOrDefault(severity, 0)
              + "</td></tr>\n");
    }
    out.write("</table>\n<table id=\"by-kind\"><caption>By kind</caption>\n");
    for (Map.Entry<FindingKind, Integer> e : byKind.entrySet()) {
      out.write(
          "<tr><th>"
              + esc(kindLabel(e.getKey()))
              + "</th><td data-kind=\""
              + e.getKey().name()
              + "\">"
              + e.getValue()
              + "</td></tr>\n");
    }
    if (byKind.isEmpty()) {
      out.write("<tr><td>no findings</td></tr>\n");
    }
    out.write("</table>\n</section>\n");
    out.write("<table id=\"tokens\" class=\"sortable\">\n<thead><tr>");
    String[] headers = {
      "Severity", "Provider", "Token", "Identity", "Reach", "Found at", "First seen"
    };
    for (int i = 0; i < headers.length; i++) {
      out.write(
          "<th data-column=\""
              + i
              + "\" tabindex=\"0\" aria-sort=\""
              + (i == 0 ? "descending" : "none")
              + "\">"
              + headers[i]
              + "</th>");
    }
    out.write("</tr></thead>\n<tbody>\n");
    for (Row row : rows.values()) {
      writeRow(row, out);
    }
    out.write("</tbody>\n</table>\n");
    if (!entries.isEmpty()) {
      out.write("<h2>Credentials</h2>\n");
    }
    for (CredentialEntry entry : entries) {
      writeCard(entry, out);
    }
    if (rows.isEmpty()) {
      out.write("<p class=\"empty\">No credentials found.</p>\n");
    }
    if (!result.problems().isEmpty()) {
      out.write("<h2>Inputs that could not be read</h2>\n<ul class=\"errors\">\n");
      for (Problem p : result.problems()) {
        out.write("<li><code>" + esc(p.where()) + "</code>: " + esc(p.message()) + "</li>\n");
      }
      out.write("</ul>\n");
    }
    out.write("<script>\n" + SCRIPT + "</script>\n</body>\n</html>\n");
  }

  private void writeRow(Row row, Writer out) throws IOException {
    Finding f = row.first;
    Grant grant = row.grant;
    out.write("<tr data-fingerprint=\"" + esc(f.credential().fingerprint()) + "\">");
    out.write(
        "<td data-v=\""
            + row.severity.ordinal()
            + "\"><span class=\"sev sev-"
            + lower(row.severity.name())
            + "\">"
            + lower(row.severity.name())
            + "</span></td>");
    out.write(
        "<td data-v=\""
            + esc(f.credential().provider())
            + "\">"
            + esc(f.credential().provider())
            + "<div class=\"rule\">"
            + esc(f.credential().ruleId())
            + "</div></td>");
    out.write(
        "<td data-v=\""
            + esc(f.credential().redacted())
            + "\"><code>"
            + esc(f.credential().redacted())
            + "</code><div class=\"rule\">"
            + esc(f.credential().fingerprint())
            + "</div></td>");
    String identity = identity(grant);
    out.write(
        "<td data-v=\""
            + esc(identity)
            + "\">"
            + (identity.isEmpty() ? "<span class=\"none\">not resolved</span>" : esc(identity))
            + status(grant)
            + "</td>");
    StringBuilder reach = new StringBuilder();
    if (grant != null) {
      for (String environment : grant.environments()) {
        reach
            .append("<span class=\"env")
            .append(environment.toLowerCase(Locale.ROOT).startsWith("prod") ? " prod" : "")
            .append("\">")
            .append(esc(environment))
            .append("</span> ");
      }
    }
    for (String badge : badges(row)) {
      reach
          .append("<span class=\"badge badge-")
          .append(badge)
          .append("\">")
          .append(badge)
          .append("</span> ");
    }
    out.write(
        "<td data-v=\""
            + badges(row).size()
            + "\">"
            + reach
            + "<div class=\"more\"><a href=\"#c-"
            + esc(f.credential().fingerprint().replace(':', '-'))
            + "\">"
            + ScanSummary.count(row.kinds.size(), "risk")
            + "</a></div></td>");
    List<Location> locations = f.credential().locations();
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < Math.min(SHOWN_LOCATIONS, locations.size()); i++) {
      where.append("<div><code>").append(esc(locations.get(i).display())).append("</code></div>");
    }
    if (locations.size() > SHOWN_LOCATIONS) {
      where
          .append("<div class=\"more\">and ")
          .append(locations.size() - SHOWN_LOCATIONS)
          .append(" more</div>");
    }
    out.write(
        "<td data-v=\""
            + esc(locations.isEmpty() ? "" : locations.get(0).display())
            + "\">"
            + where
            + "</td>");
    Instant first = firstSeen(f);
    out.write(
        "<td data-v=\""
            + (first == null ? "" : first.toString())
            + "\">"
            + (first == null ? "<span class=\"none\">&mdash;</span>" : esc(DAY.format(first)))
            + "</td>");
    out.write("</tr>\n");
  }

  private void writeHeader(List<CredentialEntry> entries, Writer out) throws IOException {
    Set<String> accounts = new TreeSet<>();
    for (CredentialEntry e : entries) {
      if (e.identity() != null && e.identity().account() != null) {
        accounts.add(e.identity().provider() + " " + e.identity().account());
      }
    }
    out.write("<dl class=\"header\">\n");
    out.write("<dt>Date</dt><dd>" + esc(DAY.format(header.generated())) + "</dd>\n");
    out.write(
        "<dt>Target"
            + (header.targets().size() == 1 ? "" : "s")
            + "</dt><dd>"
            + (header.targets().isEmpty()
                ? "<span class=\"none\">not recorded</span>"
                : codes(header.targets()))
            + "</dd>\n");
    out.write(
        "<dt>Account"
            + (accounts.size() == 1 ? "" : "s")
            + "</dt><dd>"
            + (accounts.isEmpty()
                ? "<span class=\"none\">none resolved</span>"
                : esc(String.join(", ", accounts)))
            + "</dd>\n");
    out.write(
        "<dt>tokenscope</dt><dd>"
            + esc(Version.VALUE)
            + (header.ruleCount() > 0 ? ", " + header.ruleCount() + " detector rules" : "")
            + "</dd>\n");
    out.write("</dl>\n");
  }

  private static String codes(List<String> items) {
    StringBuilder out = new StringBuilder();
    for (String item : items) {
      out.append(out.length() == 0 ? "" : " ").append("<code>").append(esc(item)).append("</code>");
    }
    return out.toString();
  }

  /**
   * A card per credential: severity, provider, rule and redacted secret; who it is and where it was
   * found; its risks as a table (severity, kind, what it can do, why); one line of what to do.
   */
  private void writeCard(CredentialEntry entry, Writer out) throws IOException {
    String severity = lower(entry.severity().name());
    out.write(
        "<article class=\"card card-"
            + severity
            + "\" id=\"c-"
            + esc(entry.credential().fingerprint().replace(':', '-'))
            + "\">\n<h3><span class=\"sev sev-"
            + severity
            + "\">"
            + severity
            + "</span> "
            + esc(entry.credential().provider())
            + " <span class=\"rule\">"
            + esc(entry.credential().ruleId())
            + "</span> <code>"
            + esc(entry.credential().redacted())
            + "</code></h3>\n<dl>\n");
    out.write(
        "<dt>Fingerprint</dt><dd><code>"
            + esc(entry.credential().fingerprint())
            + "</code></dd>\n");
    if (!entry.who().isEmpty()) {
      out.write("<dt>Identity</dt><dd>" + esc(entry.who()) + "</dd>\n");
    }
    if (entry.grant() != null && !entry.grant().environments().isEmpty()) {
      out.write(
          "<dt>Environments</dt><dd>"
              + esc(String.join(", ", entry.grant().environments()))
              + "</dd>\n");
    }
    if (!entry.status().isEmpty()) {
      out.write("<dt>Status</dt><dd>" + esc(entry.status()) + "</dd>\n");
    }
    List<Location> locations = entry.locations();
    if (!locations.isEmpty()) {
      StringBuilder where = new StringBuilder();
      for (int i = 0; i < Math.min(SHOWN_LOCATIONS, locations.size()); i++) {
        where.append("<div><code>").append(esc(locations.get(i).display())).append("</code></div>");
      }
      if (locations.size() > SHOWN_LOCATIONS) {
        where
            .append("<div class=\"more\">and ")
            .append(locations.size() - SHOWN_LOCATIONS)
            .append(" more</div>");
      }
      out.write("<dt>Found at</dt><dd>" + where + "</dd>\n");
    }
    out.write(
        "</dl>\n<table class=\"risks\">\n<thead><tr><th>Severity</th><th>Risk</th><th>What it can do</th><th>Why</th></tr></thead>\n<tbody>\n");
    for (Finding risk : entry.risks()) {
      String sev = lower(risk.severity().name());
      out.write(
          "<tr><td><span class=\"sev sev-"
              + sev
              + "\">"
              + sev
              + "</span></td><td class=\"kind\">"
              + esc(kindLabel(risk.kind()))
              + "</td><td>"
              + esc(entry.gist(risk))
              + "</td><td class=\"why\">"
              + prose(risk.reason())
              + "</td></tr>\n");
    }
    out.write("</tbody>\n</table>\n");
    String fix = entry.fix();
    if (!fix.isEmpty()) {
      out.write("<p class=\"fix\"><strong>Fix:</strong> " + esc(fix) + "</p>\n");
    }
    out.write("</article>\n");
  }

  /**
   * A self-contained page showing {@code text} as it is (a listing made for the terminal), escaped,
   * under {@code title}: for commands whose output is no findings report.
   */
  public static String preformatted(String title, String text) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        + "<title>"
        + esc(title)
        + "</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}"
        + "pre{font:12px ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap}</style>\n"
        + "</head>\n<body>\n<h1>"
        + esc(title)
        + "</h1>\n<p class=\"meta\">"
        + esc(DAY.format(Instant.now()))
        + " &middot; tokenscope "
        + esc(Version.VALUE)
        + "</p>\n<pre>"
        + escLines(text)
        + "</pre>\n</body>\n</html>\n";
  }

  private static String escLines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      out.append(esc(line)).append('\n');
    }
    return out.toString();
  }

  /** Escaped text whose {@code `backticked`} parts, as reasons write them, render as code. */
  static String prose(String text) {
    return esc(text).replaceAll("`([^`]+)`", "<code>$1</code>");
  }

  /** From the scan history when recorded; otherwise the earliest commit date it was found in. */
  private Instant firstSeen(Finding f) {
    Instant recorded = firstSeen.get(f.credential().fingerprint());
    if (recorded != null) {
      return recorded;
    }
    Instant earliest = null;
    for (Location l : f.credential().locations()) {
      if (l.date() != null && (earliest == null || l.date().isBefore(earliest))) {
        earliest = l.date();
      }
    }
    return earliest;
  }

  private static List<String> badges(Row row) {
    List<String> badges = new ArrayList<>();
    String text = String.join(" ", row.reasons).toLowerCase(Locale.ROOT);
    if (row.kinds.contains(FindingKind.DESTRUCTIVE)) {
      badges.add("destructive");
    }
    if (row.kinds.contains(FindingKind.DESTRUCTIVE) && text.contains("backup")) {
      badges.add("backup");
    }
    if (row.kinds.contains(FindingKind.PRIVILEGE_ESCALATION)) {
      badges.add("escalation");
    }
    if (row.kinds.contains(FindingKind.ADMIN_EQUIVALENT)) {
      badges.add("admin");
    }
    if (row.kinds.contains(FindingKind.CROSS_ENVIRONMENT)) {
      badges.add("cross-environment");
    }
    if (row.kinds.contains(FindingKind.UNKNOWN_TOKEN)) {
      badges.add("unknown");
    }
    if (row.kinds.contains(FindingKind.OVER_PRIVILEGED)) {
      badges.add("over-privileged");
    }
    return badges;
  }

  private static String identity(Grant grant) {
    if (grant == null || grant.identity() == null) {
      return "";
    }
    Identity id = grant.identity();
    List<String> parts = new ArrayList<>();
    if (id.principal() != null) {
      parts.add(id.principal());
    }
    if (id.account() != null) {
      parts.add("in " + id.account());
    }
    if (id.tokenType() != null) {
      parts.add("(" + id.tokenType() + ")");
    }
    return String.join(" ", parts);
  }

  private static String status(Grant grant) {
    if (grant == null) {
      return "";
    }
    String reason = grant.statusReason() == null ? "" : ": " + grant.statusReason();
    return "<div class=\"status status-"
        + lower(grant.status().name())
        + "\">"
        + lower(grant.status().name())
        + esc(reason)
        + "</div>";
  }

  private static String kindLabel(FindingKind kind) {
    return lower(kind.name()).replace('_', ' ');
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** HTML-escaped, with control and direction characters shown as escapes ({@link SafeText}). */
  static String esc(String raw) {
    if (raw == null) {
      return "";
    }
    String s = SafeText.of(raw);
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#1d1d1f}
      h1{margin:0 0 .2em}
      .meta{color:#555}
      .summary{display:flex;gap:2em;margin:1em 0 2em}
      .summary table{border-collapse:collapse}
      .summary caption{text-align:left;font-weight:600;margin-bottom:.3em}
      .summary th{text-align:left;padding:.2em 1em .2em 0;font-weight:normal}
      .summary td{text-align:right;font-variant-numeric:tabular-nums}
      table.sortable{border-collapse:collapse;width:100%;table-layout:auto}
      table.sortable td:nth-child(6){min-width:16em}
      table.sortable td:nth-child(4){min-width:12em}
      code{overflow-wrap:anywhere}
      .header{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.5em 0}
      .header dt{font-weight:600}.header dd{margin:0}
      .warning{background:#fff4e0;border-left:4px solid #e37400;padding:.4em .8em}
      .card{border:1px solid #ddd;border-left:6px solid #777;border-radius:4px;padding:.6em 1em;margin:1em 0;max-width:100%;box-sizing:border-box}
      .card-critical{border-left-color:#8b0000}.card-high{border-left-color:#d93025}.card-medium{border-left-color:#e37400}.card-low{border-left-color:#1a73e8}
      .card h3{margin:.2em 0 .5em;font-size:16px}
      .card dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0 0 .6em}
      .card dt{color:#555}.card dd{margin:0;min-width:0}
      table.risks{border-collapse:collapse;width:100%}
      table.risks th{text-align:left;background:#f7f7f9;padding:.3em .5em}
      table.risks td{padding:.3em .5em;border-top:1px solid #eee;vertical-align:top}
      table.risks td:nth-child(1){width:6em}table.risks td:nth-child(2){width:11em}table.risks td:nth-child(3){width:28%}
      .why{color:#444}
      .fix{margin:.6em 0 .2em}
      table.sortable th{background:#f2f2f4;text-align:left;padding:.5em;cursor:pointer;user-select:none;border-bottom:2px solid #ccc}
      table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
      table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
      table.sortable td{padding:.5em;border-bottom:1px solid #e5e5e5;vertical-align:top}
      code{font:12px ui-monospace,Menlo,Consolas,monospace}
      .rule,.more{color:#666;font-size:12px}
      .none{color:#999}
      .sev{display:inline-block;padding:.1em .5em;border-radius:3px;color:#fff;font-size:12px;text-transform:uppercase}
      .sev-critical{background:#8b0000}.sev-high{background:#d93025}.sev-medium{background:#e37400}.sev-low{background:#1a73e8}.sev-info{background:#777}
      .badge{display:inline-block;padding:.1em .45em;border-radius:10px;font-size:12px;border:1px solid}
      .badge-destructive,.badge-backup{color:#8b0000;border-color:#8b0000;background:#fde8e8}
      .badge-escalation,.badge-admin{color:#6a1b9a;border-color:#6a1b9a;background:#f3e5f5}
      .badge-unknown,.badge-over-privileged,.badge-cross-environment{color:#8a5300;border-color:#8a5300;background:#fff4e0}
      .env{display:inline-block;padding:.1em .45em;border-radius:3px;background:#e8f0fe;font-size:12px}
      .env.prod{background:#fde8e8;font-weight:600}
      .status{font-size:12px;color:#666}
      .errors code{color:#a00}
      """;

  private static final String SCRIPT =
      """
      (function () {
        var table = document.getElementById('tokens');
        var headers = table.tHead.rows[0].cells;
        function value(row, column) { return row.cells[column].getAttribute('data-v') || ''; }
        function sort(column, direction) {
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var numeric = rows.every(function (r) { var v = value(r, column); return v !== '' && !isNaN(v); });
          rows.sort(function (a, b) {
            var x = value(a, column), y = value(b, column);
            var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
            return direction === 'ascending' ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
          for (var i = 0; i < headers.length; i++) {
            headers[i].setAttribute('aria-sort', i === column ? direction : 'none');
          }
        }
        for (var i = 0; i < headers.length; i++) {
          (function (column) {
            var header = headers[column];
            function toggle() {
              sort(column, header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
            }
            header.addEventListener('click', toggle);
            header.addEventListener('keydown', function (e) { if (e.key === 'Enter') { toggle(); } });
          })(i);
        }
        sort(0, 'descending');
      })();
      """;
}
