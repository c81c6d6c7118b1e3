package dev.tokenscope.resolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.HttpResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a provider's answer as JSON. Anything else (an HTML error page from a proxy or a captive
 * portal, an empty body, broken JSON) becomes an {@link UnexpectedAnswerException} whose message
 * says what came back, instead of a parser stack trace.
 */
public final class JsonAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonAnswer() {}

  /** The body of {@code result} as JSON; {@code request} names the call for the message. */
  public static JsonNode read(HttpResult result, String provider, String request)
      throws UnexpectedAnswerException {
    String body = result.body() == null ? "" : result.body();
    String head = body.stripLeading();
    if (head.isEmpty()) {
      throw new UnexpectedAnswerException(
          provider
              + " answered "
              + request
              + " with HTTP "
              + result.status()
              + " and an empty body");
    }
    if (!result.isJson() || head.startsWith("<")) {
      throw new UnexpectedAnswerException(
          provider
              + " answered "
              + request
              + " with HTTP "
              + result.status()
              + " and "
              + describe(result, head)
              + " instead of JSON: a proxy, firewall or the wrong base URL is in the way; check providers."
              + provider
              + ".base_url");
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UnexpectedAnswerException(
          provider
              + " answered "
              + request
              + " with HTTP "
              + result.status()
              + " and malformed JSON ("
              + e.getOriginalMessage()
              + ")");
    }
  }

  /** An ISO-8601 timestamp, a plain date (start of day, UTC) or null. Unparseable text is null. */
  public static Instant instant(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isNumber()) {
      return Instant.ofEpochSecond(node.asLong());
    }
    return instant(node.asText());
  }

  /** Like {@link #instant(JsonNode)} for text. */
  public static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String describe(HttpResult result, String head) {
    String type = result.header("content-type");
    if (head.toLowerCase(Locale.ROOT).startsWith("<!doctype html")
        || head.toLowerCase(Locale.ROOT).startsWith("<html")) {
      String title = between(head, "<title>", "</title>");
      return "an HTML page" + (title == null ? "" : " titled \"" + title.strip() + "\"");
    }
    return "content of type " + (type == null ? "unknown" : type);
  }

  private static String between(String text, String open, String close) {
    int start = text.toLowerCase(Locale.ROOT).indexOf(open);
    if (start < 0) {
      return null;
    }
    int end = text.toLowerCase(Locale.ROOT).indexOf(close, start);
    if (end < 0) {
      return null;
    }
    String inner = text.substring(start + open.length(), end);
    return inner.length() > 80 ? inner.substring(0, 80) : inner;
  }
}
