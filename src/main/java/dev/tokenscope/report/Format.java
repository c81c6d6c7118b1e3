package dev.tokenscope.report;

/** The output formats; {@code text} is for people, {@code json} for programs, {@code sarif} for code scanning. */
public enum Format {
  TEXT,
  JSON,
  SARIF;

  public Report report(boolean colour) {
    return switch (this) {
      case TEXT -> new TextReport(colour);
      case JSON -> new JsonReport();
      case SARIF -> new SarifReport();
    };
  }
}
