package dev.tokenscope.store;

import java.time.Instant;

/**
 * A credential as the store keeps it for one target: its fingerprint and redacted form (never the
 * secret), the rule and provider, the highest severity and the finding kinds seen, and when it was
 * first and last seen.
 */
public record StoredFinding(
    String target,
    String fingerprint,
    String ruleId,
    String provider,
    String redacted,
    String severity,
    String kinds,
    Instant firstSeen,
    Instant lastSeen) {}
