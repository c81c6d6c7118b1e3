package dev.tokenscope.store;

import java.util.Locale;

/**
 * The SQL that differs between the embedded store (H2) and a shared PostgreSQL store: the
 * idempotent upserts. PostgreSQL's {@code INSERT … ON CONFLICT} is safe when shards write the same
 * rows at once; H2 has no {@code ON CONFLICT} outside its compatibility modes, and its file lock
 * admits one process, so it updates the rows that exist and inserts the rest. Both keep the
 * earliest first sighting and the latest last sighting, whatever the order in which concurrent
 * writers commit.
 */
enum Dialect {
  /**
   * Upserts by update-then-insert (the H2_ constants): the file lock admits one writing process.
   */
  H2(null, null),
  POSTGRESQL(
      "INSERT INTO finding (target, fingerprint, rule_id, provider, redacted, severity, kinds, first_seen, last_seen)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (target, fingerprint) DO UPDATE SET redacted = EXCLUDED.redacted, severity = EXCLUDED.severity,"
          + " kinds = EXCLUDED.kinds, first_seen = LEAST(finding.first_seen, EXCLUDED.first_seen),"
          + " last_seen = GREATEST(finding.last_seen, EXCLUDED.last_seen)",
      "INSERT INTO finding_location (target, fingerprint, location_key, source, path, line, commit_id, version, first_seen, last_seen)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (target, fingerprint, location_key) DO UPDATE SET"
          + " first_seen = LEAST(finding_location.first_seen, EXCLUDED.first_seen),"
          + " last_seen = GREATEST(finding_location.last_seen, EXCLUDED.last_seen)");

  static final String H2_UPDATE_FINDING =
      "UPDATE finding SET redacted = ?, severity = ?, kinds = ?, first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?)"
          + " WHERE target = ? AND fingerprint = ?";
  static final int[] H2_UPDATE_FINDING_COLUMNS = {4, 5, 6, 7, 8, 0, 1};
  static final String H2_INSERT_FINDING =
      "INSERT INTO finding (target, fingerprint, rule_id, provider, redacted, severity, kinds, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String H2_UPDATE_LOCATION =
      "UPDATE finding_location SET first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?)"
          + " WHERE target = ? AND fingerprint = ? AND location_key = ?";
  static final int[] H2_UPDATE_LOCATION_COLUMNS = {8, 9, 0, 1, 2};
  static final String H2_INSERT_LOCATION =
      "INSERT INTO finding_location (target, fingerprint, location_key, source, path, line, commit_id, version, first_seen, last_seen)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  final String upsertFinding;
  final String upsertLocation;

  Dialect(String upsertFinding, String upsertLocation) {
    this.upsertFinding = upsertFinding;
    this.upsertLocation = upsertLocation;
  }

  /** The dialect of a JDBC URL, or an explanation of which URLs are supported. */
  static Dialect of(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new StoreException(
        "unsupported store '"
            + StoreUrls.redact(jdbcUrl)
            + "': use jdbc:postgresql://HOST/DB or jdbc:h2:file:PATH (the default)",
        null);
  }
}
