package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The detectors' JSON parser, made when the first value to parse is found (a JWT, a Sentry token, a
 * rule's JSON attributes) rather than by every scan: setting up a mapper costs a short scan of a
 * few files more than the scan itself.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
