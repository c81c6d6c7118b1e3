package dev.tokenscope.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick reader and Jackson's binding agree: whatever the reader decides, the binding reads to
 * an equal config; whatever the binding refuses, the reader leaves undecided, so every error
 * message still comes from the binding.
 */
class ConfigReaderTest {

  /** What the binding makes of the text: its config, or empty when it refuses it. */
  private static Optional<Config> bound(String text) {
    try {
      return Optional.of(Config.bind(text, "test.yaml"));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  private static void agree(String text) {
    Optional<Config> read = ConfigReader.read(text);
    if (read.isPresent()) {
      assertThat(bound(text)).as(text).contains(read.get());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".tokenscope.yaml",
        "examples/leaky-repo/.tokenscope.yaml",
        "examples/incident/repo/.tokenscope.yaml",
        "examples/incident/config.yaml"
      })
  void theConfigsShippedHereAreReadWithoutTheBindingAndAsItReadsThem(String file)
      throws IOException {
    String text = Files.readString(Path.of(file));

    assertThat(ConfigReader.read(text)).as(file).isPresent();
    agree(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "allow: {paths: ['a/**']}\nunknown: 1\n",
        "allow:\n  path: ['a/**']\n",
        "allow: {paths: 'a/**'}\n",
        "allow: {paths: [a, ~]}\n",
        "fail_on: 5\n",
        "assess: {stale_days: '30'}\n",
        "assess: {stale_days: 3000000000}\n",
        "assess: {severities: {STALE: ~}}\n",
        "providers: {github: ~}\n",
        "providers: {github: {base_url: https://x.example, token: y}}\n",
        "fail_on: high\nfail_on: low\n",
        "- a\n- b\n",
        "just text\n",
        "",
        "~\n",
        "allow: [\n"
      })
  void whatTheReaderDoesNotTakeIsLeftToTheBinding(String text) {
    assertThat(ConfigReader.read(text)).as(text).isEmpty();
  }

  @Test
  void everyKeyAndKindTheReaderTakesIsReadAsTheBindingReadsIt() {
    String text =
        """
        allow:
          paths: ["src/test/**", 'fixtures/*.env']
          fingerprints: [fp:0123456789abcdef0123456789abcdef]
          rules: []
        fail_on: high
        providers:
          gitlab: {base_url: "https://gitlab.example.com"}
          vault: {base_url: https://vault.example.com:8200, namespace: team/a}
          github: {}
        database: {allow_hosts: ["db.*.internal"]}
        inventory: tokens.yaml
        assess:
          stale_days: 30
          max_age_days: 180
          severities: {UNKNOWN_TOKEN: high}
        fingerprint_key: team-key
        """;

    assertThat(ConfigReader.read(text)).isPresent();
    agree(text);
  }

  static List<String> generated() {
    // Random configs from the keys the config knows and some it does not, with values of every
    // kind YAML has: the two readers must never disagree on any of them.
    Random random = new Random(20261207);
    String[] keys = {
      "allow", "fail_on", "providers", "database", "inventory", "assess", "fingerprint_key", "extra"
    };
    String[] inner = {
      "paths",
      "fingerprints",
      "rules",
      "allow_hosts",
      "stale_days",
      "max_age_days",
      "severities",
      "base_url",
      "namespace",
      "github",
      "UNKNOWN_TOKEN",
      "other"
    };
    String[] scalars = {
      "~",
      "high",
      "'quoted'",
      "12",
      "-3",
      "3000000000",
      "1.5",
      "true",
      "no",
      "''",
      "https://h.example"
    };
    List<String> texts = new ArrayList<>();
    for (int n = 0; n < 1500; n++) {
      StringBuilder text = new StringBuilder();
      int count = 1 + random.nextInt(4);
      for (int k = 0; k < count; k++) {
        String key = keys[random.nextInt(keys.length)];
        text.append(key).append(": ");
        // Mostly a value of the kind the key takes (so that many are valid), else anything.
        String value = random.nextInt(4) > 0 ? typed(random, key) : null;
        text.append(value != null ? value : value(random, inner, scalars, 0)).append('\n');
      }
      texts.add(text.toString());
    }
    return texts;
  }

  /** A value of the kind the key takes, or null for a key the config does not know. */
  private static String typed(Random random, String key) {
    String[] texts = {"high", "'src/**'", "\"a b\"", "~", "https://h.example"};
    String text = texts[random.nextInt(texts.length)];
    String list = random.nextBoolean() ? "[" + text + ", x]" : "[]";
    return switch (key) {
      case "allow" -> "{paths: " + list + ", rules: [r1]}";
      case "fail_on", "inventory", "fingerprint_key" -> text;
      case "providers" -> "{gitlab: {base_url: " + text + "}, vault: {}}";
      case "database" -> "{allow_hosts: " + list + "}";
      case "assess" ->
          "{stale_days: " + (random.nextBoolean() ? "30" : text) + ", severities: {STALE: high}}";
      default -> null;
    };
  }

  private static String value(Random random, String[] inner, String[] scalars, int depth) {
    int kind = depth > 2 ? 0 : random.nextInt(4);
    switch (kind) {
      case 1 -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          items.add(value(random, inner, scalars, depth + 1));
        }
        return "[" + String.join(", ", items) + "]";
      }
      case 2, 3 -> {
        List<String> fields = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          fields.add(
              inner[random.nextInt(inner.length)]
                  + ": "
                  + value(random, inner, scalars, depth + 1));
        }
        return "{" + String.join(", ", fields) + "}";
      }
      default -> {
        return scalars[random.nextInt(scalars.length)];
      }
    }
  }

  @Test
  void theGeneratedConfigsExerciseBothReaders() {
    // Else the comparison below could pass by the reader deciding nothing.
    List<String> texts = generated();
    long decided = texts.stream().filter(t -> ConfigReader.read(t).isPresent()).count();
    long refused = texts.stream().filter(t -> bound(t).isEmpty()).count();

    assertThat(decided).isGreaterThan(100);
    assertThat(refused).isGreaterThan(100);
  }

  @ParameterizedTest
  @MethodSource("generated")
  void generatedConfigsAreReadAlikeOrLeftToTheBinding(String text) {
    agree(text);
  }

  /**
   * Every key the binding knows, found from {@link Config}'s records, is read here too, to the same
   * config: a key added to {@code Config} but not to {@code ConfigReader} would send every file
   * that uses it to the slower binding, silently.
   */
  @Test
  void everyKeyOfConfigIsReadWithoutTheBinding() {
    List<String> documents = new ArrayList<>();
    documents(Config.class, "", "", documents);

    assertThat(documents).hasSizeGreaterThan(10);
    for (String yaml : documents) {
      assertThat(ConfigReader.read(yaml)).as(yaml).isPresent();
      assertThat(bound(yaml)).as(yaml).isEqualTo(ConfigReader.read(yaml));
    }
  }

  /** A YAML document setting each leaf key of the record type, with a value of its kind. */
  private static void documents(
      Class<?> type, String prefix, String indent, List<String> documents) {
    for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
      com.fasterxml.jackson.annotation.JsonProperty property =
          component
              .getAccessor()
              .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      if (property == null) {
        property = fieldAnnotation(type, component.getName());
      }
      assertThat(property).as(type.getSimpleName() + "." + component.getName()).isNotNull();
      String key = property.value();
      Class<?> kind = component.getType();
      java.lang.reflect.Type generic = component.getGenericType();
      String head = prefix + indent + key + ":";
      if (kind.isRecord()) {
        documents(kind, head + "\n", indent + "  ", documents);
      } else if (kind == String.class) {
        documents.add(head + " 'x1'\n");
      } else if (kind == Integer.class || kind == int.class) {
        documents.add(head + " 7\n");
      } else if (kind == List.class) {
        documents.add(head + " ['a/**', 'b']\n");
      } else if (kind == java.util.Map.class
          && generic instanceof java.lang.reflect.ParameterizedType map
          && map.getActualTypeArguments()[1] instanceof Class<?> value
          && value.isRecord()) {
        documents(value, head + "\n" + indent + "  github:\n", indent + "    ", documents);
      } else if (kind == java.util.Map.class) {
        documents.add(head + "\n" + indent + "  github.pat: low\n");
      } else {
        throw new AssertionError("a Config key of a kind this test does not know: " + head);
      }
    }
  }

  private static com.fasterxml.jackson.annotation.JsonProperty fieldAnnotation(
      Class<?> type, String name) {
    try {
      return type.getDeclaredField(name)
          .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }
}
