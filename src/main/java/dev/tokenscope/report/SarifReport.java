package dev.tokenscope.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.Version;
import dev.tokenscope.detect.Rule;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: one {@code tool.driver.rules} entry per detector
 * rule (with the {@code security-severity} of its most severe credential, so GitHub ranks it), one
 * result per credential and place (paths relative to the current folder, line and column) at the
 * credential's highest severity with all its risks in the message, and the credential's fingerprint
 * and file as {@code partialFingerprints}, so an alert stays the same alert when the secret moves
 * within its file. Credentials found in provider accounts or secret stores have no file to point
 * at: they are left out, and a notification says how many. Inputs that could not be read become
 * tool execution notifications, and the invocation is marked unsuccessful.
 */
public final class SarifReport implements Report {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String INFORMATION_URI = "https://github.com/tokenscope/tokenscope";
  static final String FINGERPRINT_KEY = "tokenscope/v1";

  private final Function<String, String> ruleNames;
  private final Path base;

  /**
   * A report naming rules after the bundled detector rules, with paths relative to the current
   * folder.
   */
  public SarifReport() {
    this(bundledRuleNames(), Path.of("").toAbsolutePath());
  }

  /**
   * @param rules the detector rules, for their names; @param base the folder paths are made
   *     relative to
   */
  public SarifReport(List<Rule> rules, Path base) {
    this(names(rules)::get, base);
  }

  private SarifReport(Function<String, String> ruleNames, Path base) {
    this.ruleNames = ruleNames;
    this.base = base.toAbsolutePath().normalize();
  }

  private static Map<String, String> names(List<Rule> rules) {
    return rules.stream().collect(Collectors.toMap(Rule::id, Rule::name, (a, b) -> a));
  }

  private static Function<String, String> bundledRuleNames() {
    // Loaded on first use: a report without findings needs no rule names.
    java.util.concurrent.atomic.AtomicReference<Map<String, String>> cache =
        new java.util.concurrent.atomic.AtomicReference<>();
    return id ->
        cache
            .updateAndGet(loaded -> loaded != null ? loaded : names(RuleSet.bundled().rules()))
            .get(id);
  }

  @Override
  public void write(ScanResult result, Writer out) throws IOException {
    ObjectNode root = JsonReport.JSON.objectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "tokenscope");
    driver.put("version", Version.VALUE);
    driver.put("semanticVersion", Version.VALUE);
    driver.put("informationUri", INFORMATION_URI);
    ArrayNode rules = driver.putArray("rules");
    List<CredentialEntry> entries = CredentialEntry.group(result.findings());
    // A rule's severity is its most severe credential's: GitHub ranks alerts by the rule's.
    Map<String, CredentialEntry> worstPerRule = new LinkedHashMap<>();
    for (CredentialEntry entry : entries) {
      worstPerRule.merge(
          entry.credential().ruleId(),
          entry,
          (a, b) -> a.severity().compareTo(b.severity()) >= 0 ? a : b);
    }
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode results = run.putArray("results");
    int leftOut = 0;
    for (CredentialEntry entry : entries) {
      List<Location> files = entry.locations().stream().filter(SarifReport::inFiles).toList();
      if (files.isEmpty()) {
        leftOut++;
        continue;
      }
      String id = entry.credential().ruleId();
      Integer index = ruleIndex.get(id);
      if (index == null) {
        index = rules.size();
        ruleIndex.put(id, index);
        rules.add(rule(id, worstPerRule.get(id)));
      }
      for (Location location : files) {
        results.add(result(entry, location, id, index));
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", result.problems().isEmpty());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (Problem problem : result.problems()) {
      ObjectNode n = notifications.addObject();
      n.put("level", "error");
      n.putObject("message").put("text", SafeText.of(problem.where() + ": " + problem.message()));
    }
    if (leftOut > 0) {
      ObjectNode n = notifications.addObject();
      n.put("level", "note");
      n.putObject("message")
          .put(
              "text",
              ScanSummary.count(leftOut, "credential")
                  + " found in provider accounts or secret stores "
                  + (leftOut == 1 ? "is" : "are")
                  + " not in this SARIF: "
                  + (leftOut == 1 ? "it has" : "they have")
                  + " no file to point at; see --format json or html.");
    }
    ScanSummary.resolveWarningOf(entries)
        .ifPresent(
            w -> {
              ObjectNode n = notifications.addObject();
              n.put("level", "warning");
              n.putObject("message").put("text", w);
            });
    run.put("columnKind", "utf16CodeUnits");
    JsonReport.writeTree(root, out);
  }

  /** Places a code-scanning alert can point at: files and paths in git history. */
  static boolean inFiles(Location location) {
    return ("file".equals(location.source()) || "git".equals(location.source()))
        && location.path() != null
        && !location.path().isEmpty();
  }

  private ObjectNode rule(String id, CredentialEntry worst) {
    String detectorName = ruleNames.apply(id);
    String name = detectorName != null ? detectorName : id;
    String title = name + " found";
    ObjectNode rule = JsonReport.JSON.objectNode();
    rule.put("id", id);
    rule.put("name", camel(id));
    rule.putObject("shortDescription").put("text", title);
    rule.putObject("fullDescription")
        .put(
            "text",
            title
                + " (provider "
                + worst.credential().provider()
                + ", detector rule "
                + id
                + "); each alert lists the credential's risks.");
    rule.putObject("help")
        .put(
            "text",
            "Revoke or rotate the credential at its provider, then remove it from the source and its history; keep secrets in a secret store.");
    rule.putObject("defaultConfiguration").put("level", level(worst.severity()));
    ObjectNode properties = rule.putObject("properties");
    ArrayNode tags = properties.putArray("tags");
    tags.add("security").add("secret").add(worst.credential().provider());
    properties.put("precision", "high");
    properties.put("security-severity", securitySeverity(worst.severity()));
    return rule;
  }

  private ObjectNode result(CredentialEntry entry, Location where, String id, int index) {
    ObjectNode node = JsonReport.JSON.objectNode();
    node.put("ruleId", id);
    node.put("ruleIndex", index);
    node.put("level", level(entry.severity()));
    node.putObject("message").put("text", message(entry));
    node.putArray("locations").add(location(where));
    // Per credential and file, without the line: moving the secret within a file keeps the alert.
    node.putObject("partialFingerprints")
        .put(FINGERPRINT_KEY, entry.credential().fingerprint() + ":" + uri(where));
    ObjectNode properties = node.putObject("properties");
    properties.put("severity", entry.severity().name().toLowerCase(Locale.ROOT));
    properties.put("provider", entry.credential().provider());
    properties.put("fingerprint", entry.credential().fingerprint());
    ArrayNode kinds = properties.putArray("kinds");
    entry.risks().forEach(r -> kinds.add(r.kind().name()));
    return node;
  }

  /**
   * The credential, who it is, every risk (severity, kind, what it can do) and what to do, in one
   * message: GitHub shows one alert per result.
   */
  static String message(CredentialEntry entry) {
    StringBuilder text = new StringBuilder();
    text.append(entry.severity().name())
        .append(": ")
        .append(entry.credential().provider())
        .append(" credential ")
        .append(entry.credential().redacted())
        .append(" (")
        .append(entry.credential().fingerprint())
        .append(")");
    if (!entry.who().isEmpty()) {
      text.append(", ").append(SafeText.of(entry.who()));
    }
    text.append(". Risks:");
    for (Finding risk : entry.risks()) {
      text.append("\n- ")
          .append(risk.severity().name().toLowerCase(Locale.ROOT))
          .append(" ")
          .append(ScanSummary.kindLabel(risk.kind()))
          .append(": ")
          .append(SafeText.of(entry.gist(risk)));
    }
    String fix = entry.fix();
    if (!fix.isEmpty()) {
      text.append("\nFix: ").append(SafeText.of(fix)).append('.');
    }
    return text.toString();
  }

  private ObjectNode location(Location location) {
    ObjectNode node = JsonReport.JSON.objectNode();
    ObjectNode physical = node.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri(location));
    if (location.line() > 0) {
      ObjectNode region = physical.putObject("region");
      region.put("startLine", location.line());
      if (location.column() > 0) {
        region.put("startColumn", location.column());
      }
    }
    if (location.commit() != null) {
      String where =
          "commit "
              + location.commit()
              + (location.author() == null ? "" : " by " + location.author())
              + (location.date() == null ? "" : " on " + location.date());
      node.putObject("message").put("text", where);
      ObjectNode properties = node.putObject("properties");
      properties.put("commit", location.commit());
      properties.put("author", location.author());
      properties.put("date", location.date() == null ? null : location.date().toString());
    }
    return node;
  }

  /**
   * The location as a relative URI reference: file paths relative to the base folder (git paths
   * already are), forward slashes, special characters escaped; a store location keeps its path.
   */
  String uri(Location location) {
    String path =
        location.path() == null || location.path().isEmpty() ? location.source() : location.path();
    if ("file".equals(location.source())) {
      Path p = Path.of(path);
      Path absolute = p.toAbsolutePath().normalize();
      p = absolute.startsWith(base) ? base.relativize(absolute) : p.normalize();
      path = p.toString().replace('\\', '/');
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    try {
      return new URI(null, null, path, null).getRawPath();
    } catch (URISyntaxException e) {
      return path.replace(" ", "%20");
    }
  }

  static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub's scale: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
  static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.0";
    };
  }

  /** {@code github.classic-pat} becomes {@code GithubClassicPat}, the form SARIF viewers show. */
  private static String camel(String id) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : id.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return out.toString();
  }
}
