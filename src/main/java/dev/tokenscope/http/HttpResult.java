package dev.tokenscope.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A provider's answer: status, headers (names compared case-insensitively) and body text. */
public record HttpResult(int status, Map<String, List<String>> headers, String body) {

  public HttpResult {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = copy;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** True when the body is JSON (by content type, or by its first character when none is set). */
  public boolean isJson() {
    String type = header("content-type");
    if (type != null) {
      return type.toLowerCase(Locale.ROOT).contains("json");
    }
    String trimmed = body.stripLeading();
    return trimmed.startsWith("{") || trimmed.startsWith("[");
  }
}
