package dev.tokenscope.assess;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.config.Config;
import dev.tokenscope.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the assessment needs besides credentials and policies: the severity of each finding kind
 * (and of {@code BACKUP_DESTRUCTIVE}), the stale and maximum-age thresholds, and the clock that
 * says what "now" is. Defaults come from {@code rules/policies/_severities.yaml}; the config's
 * {@code assess:} section overrides them.
 */
public record AssessSettings(
    Map<String, Severity> severities,
    Map<String, Severity> overrides,
    int staleDays,
    int maxAgeDays,
    Clock clock) {
  static final String FILE = "_severities.yaml";
  private static final YAMLFactory YAML = new YAMLFactory();

  public AssessSettings {
    severities = Map.copyOf(severities);
    overrides = Map.copyOf(overrides);
  }

  /**
   * The bundled defaults, with the config's overrides. Throws IllegalArgumentException naming a bad
   * override.
   */
  public static AssessSettings of(Config config, Clock clock) {
    Map<String, Severity> severities = new HashMap<>();
    int stale = 90;
    int maxAge = 365;
    // Read as a resource, not through RuleSet.bundledDirectory: opening the jar as a file system
    // indexes all of its entries, a tenth of a short scan's start-up.
    String resource = "rules/policies/" + FILE;
    try (InputStream in = AssessSettings.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " missing from the classpath");
      }
      // The streaming parser, not a mapper: setting one up would cost a commit hook's short scan
      // more CPU than this file is worth.
      try (JsonParser yaml = YAML.createParser(in)) {
        if (yaml.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("not a mapping");
        }
        while (yaml.nextToken() == JsonToken.FIELD_NAME) {
          String section = yaml.currentName();
          if (yaml.nextToken() != JsonToken.START_OBJECT) {
            yaml.skipChildren();
            continue;
          }
          while (yaml.nextToken() == JsonToken.FIELD_NAME) {
            String key = yaml.currentName();
            yaml.nextToken();
            switch (section) {
              case "severities" -> severities.put(key, Severity.parse(yaml.getText()));
              case "thresholds" -> {
                if (key.equals("stale_days")) {
                  stale = yaml.getValueAsInt(stale);
                } else if (key.equals("max_age_days")) {
                  maxAge = yaml.getValueAsInt(maxAge);
                }
              }
              default -> yaml.skipChildren();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bundled " + FILE + " cannot be read", e);
    }
    Config.Assess assess = config.assess();
    Map<String, Severity> overrides = new HashMap<>();
    for (Map.Entry<String, String> e : assess.severities().entrySet()) {
      String kind = e.getKey().toUpperCase(Locale.ROOT);
      if (!severities.containsKey(kind)) {
        throw new IllegalArgumentException(
            "assess.severities: unknown finding kind '"
                + e.getKey()
                + "' (known: "
                + new java.util.TreeSet<>(severities.keySet())
                + ")");
      }
      overrides.put(kind, Severity.parse(e.getValue()));
    }
    return new AssessSettings(
        severities,
        overrides,
        assess.staleDays() == null ? stale : assess.staleDays(),
        assess.maxAgeDays() == null ? maxAge : assess.maxAgeDays(),
        clock);
  }

  /** The severity of a finding kind: the override, else the default. */
  public Severity severity(String kind) {
    return overrides.getOrDefault(kind, severities.getOrDefault(kind, Severity.MEDIUM));
  }

  /** A policy-derived severity, raised to the kind's default floor, unless the config fixes it. */
  public Severity severity(String kind, Severity fromPolicies) {
    if (overrides.containsKey(kind)) {
      return overrides.get(kind);
    }
    Severity floor = severities.getOrDefault(kind, Severity.INFO);
    return fromPolicies == null || floor.atLeast(fromPolicies) ? floor : fromPolicies;
  }
}
