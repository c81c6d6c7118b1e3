package dev.tokenscope.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line on which each key of a YAML document is written, by JSON pointer. Jackson reports an
 * error where it stopped reading, which for a key whose value is a mapping or a list is a later
 * line; a person needs the line of the key itself.
 */
final class KeyLines {
  private final Map<String, Integer> lines;

  private KeyLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  static KeyLines of(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          continue; // its key (or list index) was recorded with the token before it
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    } catch (IOException | RuntimeException e) {
      // What was read before the damage still has lines; the caller falls back to Jackson's own.
    }
    return new KeyLines(lines);
  }

  /**
   * The line of the key at a Jackson error's path, else of the nearest enclosing key, else where.
   */
  int line(List<JsonMappingException.Reference> path, JsonLocation fallback) {
    StringBuilder pointer = new StringBuilder();
    Integer best = null;
    for (JsonMappingException.Reference ref : path) {
      pointer
          .append('/')
          .append(
              ref.getFieldName() == null
                  ? String.valueOf(ref.getIndex())
                  : ref.getFieldName().replace("~", "~0").replace("/", "~1"));
      Integer line = lines.get(pointer.toString());
      if (line != null) {
        best = line;
      }
    }
    if (best != null) {
      return best;
    }
    return fallback == null ? 0 : fallback.getLineNr();
  }
}
