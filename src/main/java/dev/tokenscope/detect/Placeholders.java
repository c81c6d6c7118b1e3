package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The placeholder and stop-word filter, loaded from {@code rules/detectors/_filters.yaml}: values
 * that have the shape of a secret but are documentation, templates or references to a secret kept
 * elsewhere ({@code EXAMPLE}, {@code xxxx}, {@code ${VAR}}, {@code {{ secrets.X }}}, {@code
 * process.env.X}, {@code changeme} …). A found secret that is a stop word or matches a placeholder
 * pattern is dropped, for every rule that does not opt out.
 *
 * <p>A few patterns are {@code stand-in}s instead: a value typed by hand to look like a key ({@code
 * 1234567890}, {@code a1b2c3d4}), which a random key holds about never. Such a value is a
 * placeholder too, but it is still reported, as information only, so that nothing of a secret's
 * shape is dropped unseen: the detector marks it with {@link #ATTRIBUTE} and the assessor lowers it
 * to {@code info}.
 */
public final class Placeholders {
  static final String FILE_NAME = "_filters.yaml";

  /** The attribute a stand-in value carries; its value is the name of the pattern it matched. */
  public static final String ATTRIBUTE = "stand-in";

  /**
   * The stand-in name of a password that repeats its user name ({@code guest:guest}), which the
   * detector marks: a default, not a generated secret.
   */
  public static final String SAME_AS_USER = "same-as-user";

  private static volatile Placeholders bundled;

  /**
   * One placeholder pattern with its own examples (values it must recognise as placeholders) and
   * optional {@code literals}: lower-case strings one of which every match contains. They are a
   * prefilter: a value without any of them is passed over without running the pattern, which on a
   * random-looking token is about ten times cheaper than a regex search through it. A {@code
   * standIn} entry marks a value as a typed stand-in, reported as {@code info}, instead of dropping
   * it.
   */
  record Entry(
      String name, Pattern pattern, List<String> literals, List<String> examples, boolean standIn) {
    /** True when the pattern occurs in the value; {@code lower} is the value in lower case. */
    boolean matches(String value, String lower) {
      if (!literals.isEmpty() && literals.stream().noneMatch(lower::contains)) {
        return false;
      }
      return pattern.matcher(value).find();
    }

    boolean matches(String value) {
      return matches(value, value.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * A value a provider or tool publishes in its documentation or ships as a well-known development
   * default (AWS's documentation keys, Azurite's account key, jwt.io's token): public, so never a
   * leak. {@code source} is the page that publishes it.
   */
  record Published(String value, String what, String source) {}

  private final Set<String> stopWords;
  private final List<Entry> entries;
  private final List<Published> published;
  private final Set<String> publishedValues;

  Placeholders(Set<String> stopWords, List<Entry> entries) {
    this(stopWords, entries, List.of());
  }

  Placeholders(Set<String> stopWords, List<Entry> entries, List<Published> published) {
    this.stopWords = Set.copyOf(stopWords);
    this.entries = List.copyOf(entries);
    this.published = List.copyOf(published);
    Set<String> values = new HashSet<>();
    published.forEach(p -> values.add(p.value()));
    this.publishedValues = Set.copyOf(values);
  }

  static Placeholders none() {
    return new Placeholders(Set.of(), List.of());
  }

  /** The bundled filter, loaded once. */
  static Placeholders bundled() {
    Placeholders result = bundled;
    if (result == null) {
      List<RuleProblem> problems = new ArrayList<>();
      result = parse(BundledFiles.tree(FILE_NAME), FILE_NAME, problems);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("bundled " + FILE_NAME + " is invalid: " + problems);
      }
      bundled = result;
    }
    return result;
  }

  /** Loads a filter file; problems (a bad pattern) are added to the list, the rest still loads. */
  static Placeholders load(Path file, List<RuleProblem> problems) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(YamlTrees.mapper().readTree(in), file.toString(), problems);
    } catch (IOException e) {
      problems.add(
          new RuleProblem(file.toString(), null, "cannot read filters: " + e.getMessage()));
      return none();
    }
  }

  private static Placeholders parse(JsonNode root, String file, List<RuleProblem> problems) {
    Set<String> words = new HashSet<>();
    List<Entry> entries = new ArrayList<>();
    if (root == null) {
      return none();
    }
    root.path("stop_words").forEach(n -> words.add(n.asText().toLowerCase(Locale.ROOT)));
    for (JsonNode node : root.path("placeholders")) {
      String name = node.path("name").asText(null);
      String regex = node.path("pattern").asText(null);
      if (name == null || regex == null) {
        problems.add(new RuleProblem(file, name, "placeholder needs 'name' and 'pattern'"));
        continue;
      }
      try {
        List<String> examples = new ArrayList<>();
        node.path("examples").forEach(n -> examples.add(n.asText()));
        List<String> literals = new ArrayList<>();
        node.path("literals").forEach(n -> literals.add(n.asText().toLowerCase(Locale.ROOT)));
        if (literals.contains("")) {
          problems.add(new RuleProblem(file, name, "literals must not be empty strings"));
          continue;
        }
        String action = node.path("action").asText("drop");
        if (!action.equals("drop") && !action.equals("info")) {
          problems.add(
              new RuleProblem(
                  file, name, "placeholder action must be drop or info, not " + action));
          continue;
        }
        entries.add(
            new Entry(name, Pattern.compile(regex), literals, examples, action.equals("info")));
      } catch (PatternSyntaxException e) {
        problems.add(
            new RuleProblem(
                file, name, "placeholder pattern does not compile: " + e.getDescription()));
      }
    }
    List<Published> published = new ArrayList<>();
    for (JsonNode node : root.path("published")) {
      String value = node.path("value").asText("");
      String source = node.path("source").asText("");
      if (node.has("value") && !node.get("value").isTextual()) {
        // YAML reads an unquoted 0x… or 1234… as a number, which would be compared as its decimal
        // digits: a published key would never match.
        problems.add(
            new RuleProblem(
                file,
                node.path("what").asText(null),
                "published value '" + value + "' is read as a number: put it in quotes"));
        continue;
      }
      if (value.isEmpty() || !source.startsWith("https://")) {
        problems.add(
            new RuleProblem(
                file,
                node.path("what").asText(null),
                "published value needs 'value' and an https 'source' page"));
        continue;
      }
      published.add(new Published(value, node.path("what").asText(""), source));
    }
    return new Placeholders(words, entries, published);
  }

  List<Entry> entries() {
    return entries;
  }

  List<Published> published() {
    return published;
  }

  /**
   * True when the value is exactly one a provider publishes as an example or a well-known
   * development default. Exact only: a real-looking value that merely resembles one is kept.
   */
  boolean isPublished(String value) {
    return publishedValues.contains(value.strip());
  }

  Set<String> stopWords() {
    return stopWords;
  }

  /**
   * True when the value is a placeholder or a stop word rather than a secret, to be dropped. A
   * stand-in is not: see {@link #standIn}.
   */
  boolean isPlaceholder(String value) {
    String trimmed = value.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    return stopWords.contains(lower)
        || publishedValues.contains(trimmed)
        || firstMatch(trimmed, lower, false) != null;
  }

  /**
   * The name of the stand-in pattern the value matches (a typed run such as {@code 1234567890}), or
   * null. Asked only of a value that is not a placeholder.
   */
  String standIn(String value) {
    String trimmed = value.strip();
    Entry entry = firstMatch(trimmed, trimmed.toLowerCase(Locale.ROOT), true);
    return entry == null ? null : entry.name();
  }

  /** The first placeholder pattern of the kind asked for (stand-in or dropped) in the value. */
  private Entry firstMatch(String trimmed, String lower, boolean standIn) {
    for (Entry entry : entries) {
      if (entry.standIn() == standIn && entry.matches(trimmed, lower)) {
        return entry;
      }
    }
    return null;
  }
}
