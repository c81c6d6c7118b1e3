package dev.tokenscope.store;

import java.util.Locale;

/**
 * The SQL that differs between the embedded store (H2) and a shared PostgreSQL store: the
 * idempotent upserts. PostgreSQL's {@code INSERT … ON CONFLICT} is safe when shards write the same
 * rows at once; H2 has no {@code ON CONFLICT} outside its compatibility modes, so it uses {@code
 * MERGE}. Both keep the earliest first sighting and the latest last sighting, whatever the order
 * in which concurrent writers commit.
 */
enum Dialect {
  H2(
      "MERGE INTO finding f USING (VALUES (CAST(? AS VARCHAR(1000)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)),"
          + " CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(400)),"
          + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))"
          + " AS s(target, fingerprint, rule_id, provider, redacted, severity, kinds, first_seen, last_seen)"
          + " ON f.target = s.target AND f.fingerprint = s.fingerprint"
          + " WHEN MATCHED THEN UPDATE SET redacted = s.redacted, severity = s.severity, kinds = s.kinds,"
          + " first_seen = LEAST(f.first_seen, s.first_seen), last_seen = GREATEST(f.last_seen, s.last_seen)"
          + " WHEN NOT MATCHED THEN INSERT (target, fingerprint, rule_id, provider, redacted, severity, kinds, first_seen, last_seen)"
          + " VALUES (s.target, s.fingerprint, s.rule_id, s.provider, s.redacted, s.severity, s.kinds, s.first_seen, s.last_seen)",
      "MERGE INTO finding_location f USING (VALUES (CAST(? AS VARCHAR(1000)), CAST(? AS VARCHAR(64)), CAST(? AS CHAR(64)),"
          + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(2000)), CAST(? AS INTEGER), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)),"
          + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))"
          + " AS s(target, fingerprint, location_key, source, path, line, commit_id, version, first_seen, last_seen)"
          + " ON f.target = s.target AND f.fingerprint = s.fingerprint AND f.location_key = s.location_key"
          + " WHEN MATCHED THEN UPDATE SET first_seen = LEAST(f.first_seen, s.first_seen), last_seen = GREATEST(f.last_seen, s.last_seen)"
          + " WHEN NOT MATCHED THEN INSERT (target, fingerprint, location_key, source, path, line, commit_id, version, first_seen, last_seen)"
          + " VALUES (s.target, s.fingerprint, s.location_key, s.source, s.path, s.line, s.commit_id, s.version, s.first_seen, s.last_seen)"),
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
        "unsupported store '" + StoreUrls.redact(jdbcUrl) + "': use jdbc:postgresql://HOST/DB or jdbc:h2:file:PATH (the default)", null);
  }
}
