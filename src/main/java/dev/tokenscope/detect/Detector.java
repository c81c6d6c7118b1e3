package dev.tokenscope.detect;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Turns chunks of text into credentials. For each rule: a keyword prefilter over the chunk, the
 * regex only where a keyword occurs, then the entropy filter. Thread-safe: one detector serves
 * every scanning thread.
 */
public final class Detector {
  private final List<Rule> rules;
  private final Map<String, List<String>> groupNames = new HashMap<>();

  public Detector(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    for (Rule rule : this.rules) {
      groupNames.put(rule.id(), rule.groupNames());
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Every credential in the chunk, one per rule and secret, with every place it occurs. */
  public List<Credential> detect(Chunk chunk) {
    String text = chunk.text();
    String lower = text.toLowerCase(Locale.ROOT);
    Map<String, Credential> found = new LinkedHashMap<>();
    LineIndex lines = new LineIndex(text);
    for (Rule rule : rules) {
      if (!keywordHit(rule, lower)) {
        continue;
      }
      Matcher m = rule.pattern().matcher(text);
      while (m.find()) {
        List<String> names = groupNames.get(rule.id());
        String value = names.contains("secret") ? m.group("secret") : m.group(m.groupCount() >= 1 ? 1 : 0);
        int offset = names.contains("secret") ? m.start("secret") : m.start(m.groupCount() >= 1 ? 1 : 0);
        if (value == null || value.isEmpty()) {
          continue;
        }
        if (rule.entropy() > 0 && Entropy.of(value) < rule.entropy()) {
          continue;
        }
        int line = lines.lineOf(offset);
        int column = offset - lines.startOf(line) + 1;
        List<Location> where = new ArrayList<>();
        for (Location origin : chunk.origins()) {
          where.add(origin.at(line, column));
        }
        String key = rule.id() + "\0" + value;
        Credential previous = found.get(key);
        if (previous == null) {
          found.put(key, Credential.found(rule.id(), rule.provider(), new Secret(value), attributes(names, m), where));
        } else {
          List<Location> merged = new ArrayList<>(previous.locations());
          merged.addAll(where);
          found.put(key, previous.withLocations(merged));
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  /** True when the rule's secret group matches somewhere in the text (used by rule tests). */
  public static boolean matches(Rule rule, String text) {
    return !new Detector(List.of(rule)).detect(Chunk.of(text, Location.file("example"))).isEmpty();
  }

  private static boolean keywordHit(Rule rule, String lower) {
    if (rule.keywords().isEmpty()) {
      return true;
    }
    for (String keyword : rule.keywords()) {
      if (lower.contains(keyword.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> attributes(List<String> names, Matcher m) {
    Map<String, String> out = new HashMap<>();
    for (String name : names) {
      if (!name.equals("secret") && m.group(name) != null) {
        out.put(name, m.group(name));
      }
    }
    return out;
  }

  /** Maps character offsets to 1-based line numbers. */
  static final class LineIndex {
    private final int[] starts;

    LineIndex(String text) {
      List<Integer> list = new ArrayList<>();
      list.add(0);
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          list.add(i + 1);
        }
      }
      starts = list.stream().mapToInt(Integer::intValue).toArray();
    }

    int lineOf(int offset) {
      int index = java.util.Arrays.binarySearch(starts, offset);
      return (index >= 0 ? index : -index - 2) + 1;
    }

    int startOf(int line) {
      return starts[line - 1];
    }
  }
}
