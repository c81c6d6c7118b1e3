package dev.tokenscope.http;

import java.time.Duration;

/**
 * Timeouts, retries and the rate limit for one provider. Retries apply to 429 and 5xx answers and
 * to network failures, with exponential backoff that honours {@code Retry-After} up to {@code
 * maxBackoff}.
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration firstBackoff,
    Duration maxBackoff,
    double requestsPerSecond) {

  public static HttpSettings defaults() {
    return new HttpSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        4,
        Duration.ofMillis(250),
        Duration.ofSeconds(10),
        5.0);
  }

  /** Short timeouts and backoff, for tests against a local server. */
  public static HttpSettings fast() {
    return new HttpSettings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(5),
        Duration.ofMillis(50),
        1000.0);
  }
}
