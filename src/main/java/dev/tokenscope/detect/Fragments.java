package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Messages;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named pieces of regex that many rules share, loaded from {@code rules/detectors/_fragments.yaml}:
 * a rule's pattern writes {@code {{name-to-value}}} and the loader puts the piece in before
 * compiling. Seven hundred keyword-anchored rules share the same way from a provider's name to its
 * value and the same guards around the value; written once, a fix to them is made once. A rules
 * folder may carry its own {@code _fragments.yaml}; without one, the bundled pieces are used.
 */
final class Fragments {
  static final String FILE_NAME = "_fragments.yaml";

  /** {@code {{name}}}, not escaped as {@code \{\{}: a regex never holds an unescaped pair. */
  private static final Pattern REFERENCE = Pattern.compile("(?<!\\\\)\\{\\{([a-z][a-z0-9-]*)}}");

  private static volatile Fragments bundled;

  private final Map<String, String> pieces;

  private Fragments(Map<String, String> pieces) {
    this.pieces = Map.copyOf(pieces);
  }

  static Fragments none() {
    return new Fragments(Map.of());
  }

  /** The pieces shipped with tokenscope. */
  static Fragments bundled() {
    Fragments result = bundled;
    if (result == null) {
      try {
        result = parse(BundledFiles.tree(FILE_NAME));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("bundled " + FILE_NAME + " is invalid: " + e.getMessage());
      }
      bundled = result;
    }
    return result;
  }

  /** The folder's own {@code _fragments.yaml}, else the bundled pieces. */
  static Fragments forFolder(Path dir, List<RuleProblem> problems) {
    Path file = dir == null ? null : dir.resolve(FILE_NAME);
    if (file == null || !Files.isRegularFile(file)) {
      return bundled();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(YamlTrees.mapper().readTree(in));
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          new RuleProblem(
              file.toString(),
              null,
              "cannot read fragments: " + Messages.firstLine(e.getMessage(), "unknown error")));
      return none();
    }
  }

  private static Fragments parse(JsonNode root) {
    Map<String, String> pieces = new LinkedHashMap<>();
    JsonNode list = root == null ? null : root.get("fragments");
    if (list == null || !list.isObject()) {
      throw new IllegalArgumentException("expected a top-level 'fragments:' map of name: regex");
    }
    list.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()
                  || !REFERENCE.matcher("{{" + e.getKey() + "}}").matches()) {
                throw new IllegalArgumentException(
                    "fragment '" + e.getKey() + "': a lower-case name and a regex string");
              }
              pieces.put(e.getKey(), e.getValue().asText());
            });
    return new Fragments(pieces);
  }

  /** The regex with every {@code {{name}}} replaced by its piece. */
  String expand(String regex) {
    if (regex.indexOf("{{") < 0) {
      return regex;
    }
    Matcher m = REFERENCE.matcher(regex);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String piece = pieces.get(m.group(1));
      if (piece == null) {
        throw new IllegalArgumentException(
            "unknown fragment {{"
                + m.group(1)
                + "}}: known are "
                + new java.util.TreeSet<>(pieces.keySet())
                + " ("
                + FILE_NAME
                + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(piece));
    }
    m.appendTail(out);
    return out.toString();
  }
}
