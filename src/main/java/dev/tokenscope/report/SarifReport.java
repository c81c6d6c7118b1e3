package dev.tokenscope.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.Version;
import dev.tokenscope.detect.Rule;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
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
 * SARIF 2.1.0, as GitHub code scanning reads it: one {@code tool.driver.rules} entry per rule that
 * produced a finding (with a {@code security-severity} so GitHub ranks it), one result per finding
 * with its every location (paths relative to the current folder, line and column), and the
 * finding's content fingerprint as {@code partialFingerprints}, so an alert stays the same alert
 * when the secret moves. Inputs that could not be read become tool execution notifications, and the
 * invocation is marked unsuccessful.
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
    ObjectNode root = JsonReport.JSON.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "tokenscope");
    driver.put("version", Version.VALUE);
    driver.put("semanticVersion", Version.VALUE);
    driver.put("informationUri", INFORMATION_URI);
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode results = run.putArray("results");
    for (Finding finding : result.findings()) {
      String id = sarifRuleId(finding);
      Integer index = ruleIndex.get(id);
      if (index == null) {
        index = rules.size();
        ruleIndex.put(id, index);
        rules.add(rule(id, finding));
      }
      results.add(result(finding, id, index));
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", result.problems().isEmpty());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (Problem problem : result.problems()) {
      ObjectNode n = notifications.addObject();
      n.put("level", "error");
      n.putObject("message").put("text", problem.where() + ": " + problem.message());
    }
    run.put("columnKind", "utf16CodeUnits");
    JsonReport.JSON.writerWithDefaultPrettyPrinter().writeValue(out, root);
    out.write('\n');
  }

  /**
   * Exposure keeps the detector's rule id; a risk finding is a rule of its own per detector rule.
   */
  static String sarifRuleId(Finding finding) {
    String ruleId = finding.credential().ruleId();
    return finding.kind() == FindingKind.EXPOSED
        ? ruleId
        : finding.kind().name().toLowerCase(Locale.ROOT) + "/" + ruleId;
  }

  private ObjectNode rule(String id, Finding finding) {
    String detectorName = ruleNames.apply(finding.credential().ruleId());
    String name = detectorName != null ? detectorName : finding.credential().ruleId();
    String title =
        switch (finding.kind()) {
          case EXPOSED -> name + " in plaintext";
          default -> name + ": " + finding.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    ObjectNode rule = JsonReport.JSON.createObjectNode();
    rule.put("id", id);
    rule.put("name", camel(id));
    rule.putObject("shortDescription").put("text", title);
    rule.putObject("fullDescription")
        .put(
            "text",
            title
                + " (provider "
                + finding.credential().provider()
                + ", detector rule "
                + finding.credential().ruleId()
                + ").");
    rule.putObject("help")
        .put(
            "text",
            "Revoke or rotate the credential at its provider, then remove it from the source and its history; keep secrets in a secret store.");
    rule.putObject("defaultConfiguration").put("level", level(finding.severity()));
    ObjectNode properties = rule.putObject("properties");
    ArrayNode tags = properties.putArray("tags");
    tags.add("security").add("secret").add(finding.credential().provider());
    properties.put("precision", "high");
    properties.put("security-severity", securitySeverity(finding.severity()));
    return rule;
  }

  private ObjectNode result(Finding finding, String id, int index) {
    ObjectNode node = JsonReport.JSON.createObjectNode();
    node.put("ruleId", id);
    node.put("ruleIndex", index);
    node.put("level", level(finding.severity()));
    node.putObject("message")
        .put(
            "text",
            finding.reason()
                + " Secret "
                + finding.credential().redacted()
                + ", fingerprint "
                + finding.credential().fingerprint()
                + ".");
    ArrayNode locations = node.putArray("locations");
    for (Location location : finding.credential().locations()) {
      locations.add(location(location));
    }
    node.putObject("partialFingerprints").put(FINGERPRINT_KEY, finding.credential().fingerprint());
    ObjectNode properties = node.putObject("properties");
    properties.put("kind", finding.kind().name());
    properties.put("severity", finding.severity().name().toLowerCase(Locale.ROOT));
    properties.put("provider", finding.credential().provider());
    return node;
  }

  private ObjectNode location(Location location) {
    ObjectNode node = JsonReport.JSON.createObjectNode();
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
