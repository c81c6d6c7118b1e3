package dev.tokenscope.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a config file in the common case without Jackson's data binding: a mapping whose every key
 * is known and every value of the kind expected, or null. Setting the binding up (an ObjectMapper,
 * whose date formats load the locale data, and the records' introspection) cost a commit hook's
 * short scan about 0.08 CPU-seconds, more than reading its files. Everything else (an unknown key,
 * a value of another kind, a duplicate key, a number where text is expected) is left undecided for
 * the binding, which says what is wrong and where. So this reader never makes an error message, and
 * what it accepts, the binding reads to an equal {@link Config} (ConfigReaderTest compares the
 * two): it reads the same token stream, from the same YAML parser.
 */
final class ConfigReader {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final int MAX_DEPTH = 8;

  /** Thrown to leave a file to the binding; carries no stack trace, since it is not an error. */
  private static final class Undecided extends Exception {
    private static final long serialVersionUID = 1L;

    Undecided() {
      super(null, null, false, false);
    }
  }

  private ConfigReader() {}

  /** The config, or empty when the binding must read it. */
  static Optional<Config> read(String text) {
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      Object root = value(parser, first, 0);
      if (parser.nextToken() != null) {
        return Optional.empty();
      }
      return Optional.of(config(mapping(root, ROOT)));
    } catch (IOException | RuntimeException | Undecided e) {
      return Optional.empty();
    }
  }

  private static final Set<String> ROOT =
      Set.of("allow", "fail_on", "providers", "database", "inventory", "assess", "fingerprint_key");

  private static Config config(Map<String, Object> root) throws Undecided {
    Map<String, Object> allow =
        mapping(root.get("allow"), Set.of("paths", "fingerprints", "rules"));
    Map<String, Object> database = mapping(root.get("database"), Set.of("allow_hosts"));
    Map<String, Object> assess =
        mapping(root.get("assess"), Set.of("stale_days", "max_age_days", "severities"));
    return new Config(
        allow == null
            ? null
            : new Config.Allow(
                strings(allow.get("paths")),
                strings(allow.get("fingerprints")),
                strings(allow.get("rules"))),
        text(root.get("fail_on")),
        providers(root.get("providers")),
        database == null ? null : new Config.Database(strings(database.get("allow_hosts"))),
        text(root.get("inventory")),
        assess == null
            ? null
            : new Config.Assess(
                whole(assess.get("stale_days")),
                whole(assess.get("max_age_days")),
                texts(assess.get("severities"))),
        text(root.get("fingerprint_key")));
  }

  private static Map<String, Config.ProviderSettings> providers(Object value) throws Undecided {
    Map<String, Object> all = mapping(value, null);
    if (all == null) {
      return null;
    }
    Map<String, Config.ProviderSettings> providers = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : all.entrySet()) {
      Map<String, Object> settings = mapping(entry.getValue(), Set.of("base_url", "namespace"));
      if (settings == null) {
        throw new Undecided(); // a provider with no settings: the binding's to judge
      }
      providers.put(
          entry.getKey(),
          new Config.ProviderSettings(
              text(settings.get("base_url")), text(settings.get("namespace"))));
    }
    return providers;
  }

  /** Null, or a mapping whose keys are all known ({@code known} null: any key). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(Object value, Set<String> known) throws Undecided {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw new Undecided();
    }
    Map<String, Object> map = (Map<String, Object>) value;
    if (known != null && !known.containsAll(map.keySet())) {
      throw new Undecided();
    }
    return map;
  }

  private static String text(Object value) throws Undecided {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new Undecided();
  }

  private static Integer whole(Object value) throws Undecided {
    if (value == null || value instanceof Integer) {
      return (Integer) value;
    }
    throw new Undecided();
  }

  private static List<String> strings(Object value) throws Undecided {
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      throw new Undecided();
    }
    List<String> out = new ArrayList<>();
    for (Object element : list) {
      if (!(element instanceof String string)) {
        throw new Undecided();
      }
      out.add(string);
    }
    return out;
  }

  private static Map<String, String> texts(Object value) throws Undecided {
    Map<String, Object> map = mapping(value, null);
    if (map == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      if (!(entry.getValue() instanceof String string)) {
        throw new Undecided();
      }
      out.put(entry.getKey(), string);
    }
    return out;
  }

  /** The value starting at the current token: a map, a list, a string, an int or null. */
  private static Object value(JsonParser parser, JsonToken token, int depth)
      throws IOException, Undecided {
    if (depth > MAX_DEPTH) {
      throw new Undecided();
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken next;
        while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          Object value = value(parser, parser.nextToken(), depth + 1);
          if (map.containsKey(key)) {
            throw new Undecided();
          }
          map.put(key, value);
        }
        if (next != JsonToken.END_OBJECT) {
          throw new Undecided();
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (next == null) {
            throw new Undecided();
          }
          list.add(value(parser, next, depth + 1));
        }
        return list;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT -> {
        if (parser.getNumberType() != JsonParser.NumberType.INT) {
          throw new Undecided();
        }
        return parser.getIntValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new Undecided();
    }
  }
}
