package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Messages;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The detector rules, loaded from YAML files. A file that does not parse, or a rule with a missing
 * field or a regex that does not compile, becomes a {@link RuleProblem} naming the file and the
 * rule; every other rule still loads.
 */
public final class RuleSet {

  /** Rule fields the loader knows; any other field is reported, as it is likely a typo. */
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "provider",
          "keywords",
          "pattern",
          "entropy",
          "checksum",
          "pair",
          "resolver",
          "severity",
          "examples",
          "negative_examples",
          "window_lines",
          "json_attributes",
          "placeholders",
          "lead",
          "in_tests",
          "files",
          "csv_header",
          "description");

  private static final Set<String> SEVERITIES = Set.of("info", "low", "medium", "high", "critical");

  private final List<Rule> rules;
  private final List<RuleProblem> problems;
  private final Placeholders placeholders;
  private final KeywordIndex keywordIndex;

  RuleSet(List<Rule> rules, List<RuleProblem> problems, Placeholders placeholders) {
    this(rules, problems, placeholders, null);
  }

  /**
   * @param keywordIndex the rules' keyword automaton as the build made it, or null
   */
  RuleSet(
      List<Rule> rules,
      List<RuleProblem> problems,
      Placeholders placeholders,
      KeywordIndex keywordIndex) {
    this.rules = List.copyOf(rules);
    this.problems = List.copyOf(problems);
    this.placeholders = placeholders;
    this.keywordIndex = keywordIndex;
  }

  /** The keyword automaton the build made for these rules, or null (the detector builds one). */
  KeywordIndex keywordIndex() {
    return keywordIndex;
  }

  private RuleSet(List<Rule> rules, List<RuleProblem> problems) {
    this(rules, problems, Placeholders.bundled());
  }

  /** The placeholder filter: the folder's {@code _filters.yaml}, else the bundled one. */
  public Placeholders placeholders() {
    return placeholders;
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<RuleProblem> problems() {
    return problems;
  }

  /** The rules in {@code dir}, or the bundled ones when it is null (a command's --rules). */
  public static RuleSet loadOrBundled(Path dir) {
    return dir == null ? bundled() : load(dir);
  }

  /**
   * The rules bundled in the jar (or, when run from the source tree, in {@code rules/}), loaded
   * once: a rule set is immutable. They come from the form the build compiled them into ({@link
   * CompiledRules}), read in one go, instead of parsing every YAML file on each run; without it (or
   * when it is older than the YAML files beside it) from the YAML files.
   */
  public static RuleSet bundled() {
    return Bundled.RULES;
  }

  private static final class Bundled {
    static final RuleSet RULES = loadBundled();
  }

  private static RuleSet loadBundled() {
    RuleSet compiled = CompiledRules.bundled();
    return compiled != null ? compiled : load(bundledDirectory(DETECTORS));
  }

  static final String DETECTORS = "rules/detectors";

  /**
   * The sub-folder of a user's {@code --rules DIR} that holds liveness declarations instead of
   * detector rules.
   */
  public static final String LIVENESS_FOLDER = "liveness";

  /**
   * A folder of bundled data ({@code rules/detectors}, {@code rules/policies}) as a path, whether
   * the classes run from a jar or from a directory.
   */
  public static Path bundledDirectory(String name) {
    URL url = RuleSet.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("bundled " + name + " missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem jar;
        try {
          jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          jar = FileSystems.newFileSystem(uri, Map.of());
        }
        return jar.getPath(name);
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot open bundled " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code *.yaml} / {@code *.yml} files under a rules or policies folder, sorted; files named
   * {@code _*.yaml} hold settings shared by the others (filters, severities) and are left out.
   */
  public static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().startsWith("_"))
          .sorted()
          .toList();
    }
  }

  /** Loads every {@code *.yaml} / {@code *.yml} file under a directory, or one file. */
  public static RuleSet load(Path path) {
    List<Rule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    List<Path> files;
    Placeholders placeholders = Placeholders.bundled();
    if (Files.isDirectory(path)) {
      Path filters = path.resolve(Placeholders.FILE_NAME);
      if (Files.isRegularFile(filters)) {
        placeholders = Placeholders.load(filters, problems);
      }
      try {
        // DIR/liveness holds the user's liveness checks (docs/liveness.md), not detector rules
        Path liveness = path.resolve(LIVENESS_FOLDER);
        files = yamlFiles(path).stream().filter(f -> !f.startsWith(liveness)).toList();
      } catch (IOException | UncheckedIOException e) {
        return new RuleSet(
            List.of(),
            List.of(new RuleProblem(path.toString(), null, "cannot list: " + e.getMessage())));
      }
    } else if (Files.isRegularFile(path)) {
      files = List.of(path);
    } else {
      return new RuleSet(
          List.of(), List.of(new RuleProblem(path.toString(), null, "no such file or directory")));
    }
    Fragments fragments =
        Fragments.forFolder(Files.isDirectory(path) ? path : path.getParent(), problems);
    Set<String> ids = new HashSet<>();
    for (Path file : files) {
      loadFile(file, fragments, rules, problems, ids);
    }
    return new RuleSet(withKnownPartners(rules, problems), problems, placeholders);
  }

  private static void loadFile(
      Path file,
      Fragments fragments,
      List<Rule> rules,
      List<RuleProblem> problems,
      Set<String> ids) {
    String name = file.toString();
    JsonNode root;
    try {
      root = YamlTrees.mapper().readTree(Files.newInputStream(file));
    } catch (IOException e) {
      problems.add(
          new RuleProblem(
              name,
              null,
              "not valid YAML: " + Messages.firstLine(e.getMessage(), "unknown error")));
      return;
    }
    if (root == null || !root.path("rules").isArray()) {
      problems.add(new RuleProblem(name, null, "expected a top-level 'rules:' list"));
      return;
    }
    String fileProvider = root.path("provider").asText(null);
    for (JsonNode node : root.get("rules")) {
      String id = node.path("id").asText(null);
      try {
        Rule rule = parse(node, fileProvider, name, fragments);
        if (!ids.add(rule.id())) {
          throw new IllegalArgumentException("duplicate rule id");
        }
        rules.add(rule);
      } catch (IllegalArgumentException e) {
        problems.add(new RuleProblem(name, id, e.getMessage()));
      }
    }
  }

  /** Rules pairing with a rule that is not loaded are reported and left out. */
  private static List<Rule> withKnownPartners(List<Rule> rules, List<RuleProblem> problems) {
    Set<String> ids = new HashSet<>();
    rules.forEach(r -> ids.add(r.id()));
    List<Rule> kept = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.pairWith() != null && !ids.contains(rule.pairWith())) {
        problems.add(
            new RuleProblem(
                rule.file(),
                rule.id(),
                "pair.rule '" + rule.pairWith() + "' is not a loaded rule"));
      } else {
        kept.add(rule);
      }
    }
    return kept;
  }

  private static Rule parse(JsonNode node, String fileProvider, String file, Fragments fragments) {
    String id = required(node, "id");
    String name = required(node, "name");
    String provider = node.path("provider").asText(fileProvider);
    if (provider == null) {
      throw new IllegalArgumentException("missing field 'provider' (on the rule or the file)");
    }
    String regex = fragments.expand(required(node, "pattern"));
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "pattern does not compile: " + Messages.firstLine(e.getMessage(), "unknown error"));
    }
    List<String> unknown = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                unknown.add(f);
              }
            });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown field(s) " + unknown + "; see docs/rules.md for the rule format");
    }
    String checksum = node.path("checksum").asText(null);
    if (checksum != null && Checksum.named(checksum) == null) {
      throw new IllegalArgumentException(
          "unknown checksum '"
              + checksum
              + "': use one of "
              + new java.util.TreeSet<>(Checksum.ALL.keySet()));
    }
    String severity = node.path("severity").asText("high");
    if (!SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException(
          "unknown severity '" + severity + "': use one of info, low, medium, high, critical");
    }
    List<String> keywords = strings(node.path("keywords"));
    for (String keyword : keywords) {
      // '?' stands for every non-Latin-1 character in the detector's byte scan (see DecodedText).
      if (keyword.isEmpty() || !keyword.chars().allMatch(c -> c < 128 && c != '?')) {
        throw new IllegalArgumentException(
            "keyword '" + keyword + "' must be non-empty ASCII, without '?'");
      }
    }
    JsonNode pair = node.path("pair");
    if (!pair.isMissingNode() && pair.path("rule").asText("").isBlank()) {
      throw new IllegalArgumentException("pair needs 'rule' (the id of the rule to pair with)");
    }
    if (!pattern.pattern().contains("(?<secret>") && pattern.matcher("").groupCount() > 1) {
      throw new IllegalArgumentException(
          "pattern has several groups: name the secret one (?<secret>...)");
    }
    return new Rule(
        id,
        name,
        provider,
        keywords,
        pattern,
        node.path("entropy").asDouble(0),
        node.path("checksum").asText(null),
        pair.path("rule").asText(null),
        pair.path("within_lines").asInt(5),
        pair.path("as").asText("id"),
        node.path("resolver").asText(null),
        severity,
        strings(node.path("examples")),
        strings(node.path("negative_examples")),
        file,
        node.path("window_lines").asInt(0),
        strings(node.path("json_attributes")),
        node.path("placeholders").asBoolean(true),
        lead(node),
        inTests(node),
        files(node),
        csvHeader(node));
  }

  /**
   * The {@code csv_header} expression, checked to compile; only with {@code files}, which names the
   * tables it reads, and without keywords, since it reads each such file whole.
   */
  private static String csvHeader(JsonNode node) {
    if (node.get("csv_header") != null
        && (node.get("files") == null || node.path("keywords").size() > 0)) {
      throw new IllegalArgumentException("csv_header needs files and no keywords");
    }
    return expression(node, "csv_header");
  }

  /** The {@code files} expression, checked to compile. */
  private static String files(JsonNode node) {
    return expression(node, "files");
  }

  /** A field holding a regular expression, checked to compile; null when the rule has none. */
  private static String expression(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    try {
      Pattern.compile(value.asText());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          field + " does not compile: " + Messages.firstLine(e.getMessage(), "unknown error"));
    }
    return value.asText();
  }

  /** {@code in_tests: info}, the only value: the rule's findings in tests are information. */
  private static boolean inTests(JsonNode node) {
    JsonNode inTests = node.get("in_tests");
    if (inTests == null) {
      return false;
    }
    if (!inTests.asText().equals("info")) {
      throw new IllegalArgumentException("in_tests takes one value: info");
    }
    return true;
  }

  private static int lead(JsonNode node) {
    JsonNode lead = node.get("lead");
    if (lead == null) {
      return -1;
    }
    if (!lead.isInt() || lead.asInt() < 0) {
      throw new IllegalArgumentException("lead must be a number of characters (0 or more)");
    }
    return lead.asInt();
  }

  private static String required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }
}
