package dev.tokenscope.report;

/**
 * The output formats; {@code text} is for people, {@code json} for programs, {@code sarif} for code
 * scanning.
 */
public enum Format {
  TEXT,
  JSON,
  SARIF,
  /** One self-contained HTML page for an audit: summary, sortable table, no external resources. */
  HTML;

  public Report report(boolean colour) {
    return switch (this) {
      case TEXT -> new TextReport(colour);
      case JSON -> new JsonReport();
      case SARIF -> new SarifReport();
      case HTML -> new HtmlReport(java.util.Map.of());
    };
  }
}
