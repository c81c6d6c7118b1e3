package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<Rule> rules;
  private final List<RuleProblem> problems;

  private RuleSet(List<Rule> rules, List<RuleProblem> problems) {
    this.rules = List.copyOf(rules);
    this.problems = List.copyOf(problems);
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<RuleProblem> problems() {
    return problems;
  }

  /** The rules bundled in the jar (or, when run from the source tree, in {@code rules/}). */
  public static RuleSet bundled() {
    return load(bundledDirectory("rules/detectors"));
  }

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

  /** Loads every {@code *.yaml} / {@code *.yml} file under a directory, or one file. */
  public static RuleSet load(Path path) {
    List<Rule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        files =
            walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .sorted()
                .toList();
      } catch (IOException | UncheckedIOException e) {
        return new RuleSet(List.of(), List.of(new RuleProblem(path.toString(), null, "cannot list: " + e.getMessage())));
      }
    } else if (Files.isRegularFile(path)) {
      files = List.of(path);
    } else {
      return new RuleSet(List.of(), List.of(new RuleProblem(path.toString(), null, "no such file or directory")));
    }
    Set<String> ids = new HashSet<>();
    for (Path file : files) {
      loadFile(file, rules, problems, ids);
    }
    return new RuleSet(rules, problems);
  }

  private static void loadFile(Path file, List<Rule> rules, List<RuleProblem> problems, Set<String> ids) {
    String name = file.toString();
    JsonNode root;
    try {
      root = YAML.readTree(Files.newInputStream(file));
    } catch (IOException e) {
      problems.add(new RuleProblem(name, null, "not valid YAML: " + firstLine(e.getMessage())));
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
        Rule rule = parse(node, fileProvider, name);
        if (!ids.add(rule.id())) {
          throw new IllegalArgumentException("duplicate rule id");
        }
        rules.add(rule);
      } catch (IllegalArgumentException e) {
        problems.add(new RuleProblem(name, id, e.getMessage()));
      }
    }
  }

  private static Rule parse(JsonNode node, String fileProvider, String file) {
    String id = required(node, "id");
    String name = required(node, "name");
    String provider = node.path("provider").asText(fileProvider);
    if (provider == null) {
      throw new IllegalArgumentException("missing field 'provider' (on the rule or the file)");
    }
    String regex = required(node, "pattern");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("pattern does not compile: " + firstLine(e.getMessage()));
    }
    JsonNode pair = node.path("pair");
    return new Rule(
        id,
        name,
        provider,
        strings(node.path("keywords")),
        pattern,
        node.path("entropy").asDouble(0),
        node.path("checksum").asText(null),
        pair.path("rule").asText(null),
        pair.path("within_lines").asInt(5),
        pair.path("as").asText("id"),
        node.path("resolver").asText(null),
        node.path("severity").asText("high"),
        strings(node.path("examples")),
        strings(node.path("negative_examples")),
        file);
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
