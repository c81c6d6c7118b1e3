package dev.tokenscope.store;

import dev.tokenscope.Version;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FingerprintKey;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Messages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The scan history: an embedded H2 file by default, or a shared PostgreSQL database. It keeps
 * fingerprints, redacted forms and locations, never a secret. Writes are idempotent upserts keyed
 * by target, fingerprint and location, so shards writing into one PostgreSQL store at the same time
 * neither duplicate nor lose rows, and re-recording a scan changes nothing but its sightings. The
 * schema is created and upgraded by Flyway migrations in {@code db/migration} (add a {@code
 * V<n>__what.sql} file to change it; Flyway applies it once to every store, embedded or shared).
 *
 * <p>Scans are grouped by run and attempt (see {@link Attempt}): what is "new" for a target is
 * decided against its last scan by a completed attempt of an earlier run, never by the order in
 * which attempts happened to write, so retries and reruns report the same new credentials.
 */
public final class ScanStore implements AutoCloseable {
  /**
   * Environment variables for a shared store's credentials, so no password sits in a URL or a CI
   * log.
   */
  public static final String USER_ENV = "TOKENSCOPE_STORE_USER";

  public static final String PASSWORD_ENV = "TOKENSCOPE_STORE_PASSWORD";

  /** How many times a transaction is tried when writers deadlock or the connection drops. */
  private static final int MAX_TRIES = 6;

  /**
   * The waits before trying again after a lost connection: doubling, bounded, about 8 seconds in
   * all, enough for a database failover or a restarted pod. Replaceable in tests.
   */
  static List<Duration> backoff =
      List.of(
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(4));

  private static final String SCAN_COLUMNS =
      "s.id, s.target, s.started_at, s.finished_at, s.tool_version, s.shard, s.finding_count,"
          + " s.complete, s.run_id, s.attempt_id, s.failure";
  private static final String ATTEMPT_COLUMNS =
      "id, run_id, shard, state, started_at, finished_at, reason";
  private static final int MAX_REASON = 1000;

  private final String url;
  private final String connectUrl;
  private final Dialect dialect;
  private final Properties properties;
  private Connection connection;

  private ScanStore(
      String url,
      String connectUrl,
      Dialect dialect,
      Properties properties,
      Connection connection) {
    this.url = url;
    this.connectUrl = connectUrl;
    this.dialect = dialect;
    this.properties = properties;
    this.connection = connection;
  }

  /** Opens (creating or upgrading the schema when needed) the store at a JDBC URL. */
  public static ScanStore open(String url) {
    return open(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
  }

  public static ScanStore open(String url, String user, String password) {
    Dialect dialect = Dialect.of(url);
    String shown = StoreUrls.redact(url);
    String connectUrl = h2Settings(url, dialect);
    try {
      Flyway.configure()
          .dataSource(connectUrl, user, password)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      SQLException driver = StoreConnectionError.driverError(e);
      if (driver != null && inUseHint(e).isEmpty()) {
        throw new StoreException(
            StoreConnectionError.sentence(shown, user, driver, dialect == Dialect.H2), e);
      }
      throw new StoreException(
          "cannot prepare the scan store "
              + shown
              + ": "
              + firstLine(e.getMessage())
              + inUseHint(e),
          e);
    }
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    try {
      Connection connection = connect(connectUrl, properties);
      checkKey(connection, FingerprintKey.current(), shown);
      return new ScanStore(url, connectUrl, dialect, properties, connection);
    } catch (SQLException e) {
      if (inUseHint(e).isEmpty()) {
        throw new StoreException(
            StoreConnectionError.sentence(shown, user, e, dialect == Dialect.H2), e);
      }
      throw new StoreException(
          "cannot connect to the scan store "
              + shown
              + ": "
              + firstLine(e.getMessage())
              + inUseHint(e),
          e);
    }
  }

  /**
   * The URL to connect with. For H2, unless the URL sets them itself:
   *
   * <ul>
   *   <li>no trace file, whose own write errors H2 prints as a stack trace on standard error (a
   *       store in a folder that cannot be created); the error itself still reaches us and is said
   *       in one sentence;
   *   <li>{@code WRITE_DELAY=0}: each commit is written to the file when it is made. H2 otherwise
   *       writes commits up to half a second later, and a shard killed in that time loses what it
   *       had recorded (its attempt, the repositories it finished), so its rerun cannot tell what
   *       the killed one did.
   * </ul>
   */
  static String h2Settings(String url, Dialect dialect) {
    if (dialect != Dialect.H2) {
      return url;
    }
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    String settings = upper.contains("TRACE_LEVEL_FILE") ? "" : ";TRACE_LEVEL_FILE=0";
    return url + settings + (upper.contains("WRITE_DELAY") ? "" : ";WRITE_DELAY=0");
  }

  private static Connection connect(String url, Properties properties) throws SQLException {
    Connection connection = DriverManager.getConnection(url, properties);
    connection.setAutoCommit(false);
    return connection;
  }

  /**
   * Records the fingerprint key's id in a new store, and refuses a store written with another key:
   * its fingerprints would match none of this run's.
   */
  static void checkKey(Connection connection, FingerprintKey key, String shown)
      throws SQLException {
    String stored = storedKeyId(connection);
    if (stored == null) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO fingerprint_key (id, key_id) VALUES (1, ?)")) {
        insert.setString(1, key.id());
        insert.executeUpdate();
        connection.commit();
        return;
      } catch (SQLException raced) {
        connection.rollback(); // another shard recorded it first: compare with theirs
        stored = storedKeyId(connection);
      }
    }
    if (stored != null && !stored.equals(key.id())) {
      connection.close();
      throw new StoreException(
          "the scan store "
              + shown
              + " was written with fingerprint key "
              + stored
              + ", this run uses "
              + key.id()
              + " ("
              + key.origin()
              + "): its fingerprints would match none of this run's. Set "
              + FingerprintKey.VARIABLE
              + " to the key the store was written with (the team key), or use another store",
          null);
    }
  }

  private static String storedKeyId(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT key_id FROM fingerprint_key WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      String id = rows.next() ? rows.getString(1) : null;
      connection.commit();
      return id;
    }
  }

  /** The store URL, with any password hidden. */
  public String describe() {
    return StoreUrls.redact(url);
  }

  // ---- runs and attempts ----

  /**
   * Starts an attempt at a run: a new row in state {@code running}. Every process (each shard, each
   * retry) starts its own.
   */
  public Attempt beginAttempt(String runId, String shard) {
    Instant now = Instant.now();
    long id =
        transaction(
            "start an attempt of run " + runId,
            c -> {
              try (PreparedStatement insert =
                  c.prepareStatement(
                      "INSERT INTO attempt (run_id, shard, state, started_at, tool_version) VALUES (?, ?, ?, ?, ?)",
                      new String[] {"id"})) {
                insert.setString(1, runId);
                insert.setString(2, shard);
                insert.setString(3, Attempt.State.RUNNING.column());
                insert.setObject(4, time(now));
                insert.setString(5, Version.VALUE);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                  keys.next();
                  return keys.getLong(1);
                }
              }
            });
    return new Attempt(id, runId, shard, Attempt.State.RUNNING, now, null, null);
  }

  /**
   * Ends an attempt: {@code COMPLETE} once its report is written (from then on what it scanned is
   * the baseline of later runs), {@code FAILED} with the reason when it stopped on an error.
   */
  public Attempt finishAttempt(Attempt attempt, Attempt.State state, String reason) {
    Instant now = Instant.now();
    transaction(
        "finish attempt #" + attempt.id() + " of run " + attempt.runId(),
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE attempt SET state = ?, finished_at = ?, reason = ? WHERE id = ?")) {
            update.setString(1, state.column());
            update.setObject(2, time(now));
            update.setString(3, clip(reason));
            update.setLong(4, attempt.id());
            return update.executeUpdate();
          }
        });
    return new Attempt(
        attempt.id(), attempt.runId(), attempt.shard(), state, attempt.startedAt(), now, reason);
  }

  /** A run id for a scan that was not given one: the time and a random part, unique enough. */
  public static String generatedRunId(Instant now) {
    return "run-"
        + now.toString().replace(":", "").replaceAll("\\.\\d+", "")
        + "-"
        + HexFormat.of().toHexDigits((int) (Math.random() * Integer.MAX_VALUE)).substring(2);
  }

  /**
   * Records one scan of one target as a run of its own, completed at once: for callers with no run
   * (and for stores written before runs existed, which the migration turns into such runs).
   */
  public ScanRecord record(
      String target,
      String shard,
      Instant started,
      Instant finished,
      List<Finding> findings,
      boolean complete) {
    Attempt attempt = beginAttempt(generatedRunId(started), shard);
    ScanRecord record = record(attempt, target, started, finished, findings, complete);
    finishAttempt(attempt, Attempt.State.COMPLETE, null);
    return record;
  }

  /**
   * Records one scan of one target by an attempt and the credentials it saw, in one transaction
   * (tried again when concurrent writers deadlock or the connection drops).
   */
  public ScanRecord record(
      Attempt attempt,
      String target,
      Instant started,
      Instant finished,
      List<Finding> findings,
      boolean complete) {
    return write(attempt, target, started, finished, group(findings), complete, null);
  }

  /**
   * Records that a target could not be cloned or read in this attempt, and why: it shows in the
   * run's coverage, and is never a baseline, so its credentials do not look gone.
   */
  public ScanRecord recordFailure(
      Attempt attempt, String target, Instant started, Instant finished, String reason) {
    return write(
        attempt,
        target,
        started,
        finished,
        Map.of(),
        false,
        reason == null || reason.isBlank() ? "no reason given" : reason);
  }

  private ScanRecord write(
      Attempt attempt,
      String target,
      Instant started,
      Instant finished,
      Map<String, Seen> seen,
      boolean complete,
      String failure) {
    return transaction(
        "record the scan of " + target,
        c -> write(c, attempt, target, started, finished, seen, complete, clip(failure)));
  }

  private ScanRecord write(
      Connection c,
      Attempt attempt,
      String target,
      Instant started,
      Instant finished,
      Map<String, Seen> seen,
      boolean complete,
      String failure)
      throws SQLException {
    long id;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO scan (target, started_at, finished_at, tool_version, shard, finding_count, complete, run_id, attempt_id, failure)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      insert.setString(1, target);
      insert.setObject(2, time(started));
      insert.setObject(3, time(finished));
      insert.setString(4, Version.VALUE);
      insert.setString(5, attempt.shard());
      insert.setInt(6, seen.size());
      insert.setBoolean(7, complete);
      insert.setString(8, attempt.runId());
      insert.setLong(9, attempt.id());
      insert.setString(10, failure);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    OffsetDateTime at = time(finished);
    List<Object[]> findingRows = new ArrayList<>();
    List<Object[]> locationRows = new ArrayList<>();
    // Keys are written in sorted order so concurrent writers lock rows in the same order.
    for (Seen s : seen.values()) {
      findingRows.add(
          new Object[] {
            target,
            s.fingerprint,
            s.ruleId,
            s.provider,
            s.redacted,
            s.severity,
            String.join(",", s.kinds),
            at,
            at
          });
      for (Map.Entry<String, Location> entry : s.locations.entrySet()) {
        Location l = entry.getValue();
        locationRows.add(
            new Object[] {
              target,
              s.fingerprint,
              entry.getKey(),
              l.source() == null ? "" : l.source(),
              l.path(),
              l.line(),
              l.commit(),
              l.version(),
              at,
              at
            });
      }
    }
    if (dialect == Dialect.POSTGRESQL) {
      batch(c, dialect.upsertFinding, findingRows);
      batch(c, dialect.upsertLocation, locationRows);
    } else {
      updateOrInsert(
          c,
          Dialect.H2_UPDATE_FINDING,
          Dialect.H2_UPDATE_FINDING_COLUMNS,
          Dialect.H2_INSERT_FINDING,
          findingRows);
      updateOrInsert(
          c,
          Dialect.H2_UPDATE_LOCATION,
          Dialect.H2_UPDATE_LOCATION_COLUMNS,
          Dialect.H2_INSERT_LOCATION,
          locationRows);
    }
    try (PreparedStatement link =
        c.prepareStatement("INSERT INTO scan_finding (scan_id, fingerprint) VALUES (?, ?)")) {
      for (Seen s : seen.values()) {
        link.setLong(1, id);
        link.setString(2, s.fingerprint);
        link.addBatch();
      }
      link.executeBatch();
    }
    return new ScanRecord(
        id,
        target,
        started,
        finished,
        Version.VALUE,
        attempt.shard(),
        seen.size(),
        complete,
        attempt.runId(),
        attempt.id(),
        failure);
  }

  private static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          statement.setObject(i + 1, row[i]);
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /**
   * The embedded store's upsert: update the rows that exist, insert the others. Safe because H2's
   * file lock admits one process. {@code updateColumns} picks, for each parameter of the update,
   * the row value it takes.
   */
  private static void updateOrInsert(
      Connection c, String update, int[] updateColumns, String insert, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int[] updated;
    try (PreparedStatement statement = c.prepareStatement(update)) {
      for (Object[] row : rows) {
        for (int i = 0; i < updateColumns.length; i++) {
          statement.setObject(i + 1, row[updateColumns[i]]);
        }
        statement.addBatch();
      }
      updated = statement.executeBatch();
    }
    List<Object[]> missing = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (updated[i] == 0) {
        missing.add(rows.get(i));
      }
    }
    batch(c, insert, missing);
  }

  // ---- reading ----

  /** The scans recorded, newest first, of one target or (when null) of all. */
  public List<ScanRecord> scans(String target, int limit) {
    String sql =
        "SELECT "
            + SCAN_COLUMNS
            + " FROM scan s"
            + (target == null ? "" : " WHERE s.target = ?")
            + " ORDER BY s.id DESC";
    return query(
        sql,
        statement -> {
          statement.setMaxRows(limit);
          if (target != null) {
            statement.setString(1, target);
          }
        },
        ScanStore::scanRecord);
  }

  /** The targets recorded, in name order. */
  public List<String> targets() {
    return query(
        "SELECT DISTINCT target FROM scan ORDER BY target", s -> {}, rs -> rs.getString(1));
  }

  public Optional<ScanRecord> scan(long id) {
    return query(
            "SELECT " + SCAN_COLUMNS + " FROM scan s WHERE s.id = ?",
            s -> s.setLong(1, id),
            ScanStore::scanRecord)
        .stream()
        .findFirst();
  }

  /**
   * The baseline of a scan: the latest scan of its target that read every input, made by a
   * completed attempt of a run that began before this scan's run. Scans of the same run are never
   * each other's baseline, so every attempt of a run reports the same new credentials; an attempt
   * that was killed or failed before its report was written is never a baseline, so what it saw is
   * reported again by the next run.
   */
  public Optional<ScanRecord> previousComplete(ScanRecord scan) {
    return query(
            "SELECT "
                + SCAN_COLUMNS
                + " FROM scan s JOIN attempt a ON a.id = s.attempt_id"
                + " WHERE s.target = ? AND s.complete = TRUE AND a.state = 'complete' AND s.run_id <> ?"
                + " AND (SELECT MIN(r.id) FROM attempt r WHERE r.run_id = s.run_id)"
                + " < (SELECT MIN(c.id) FROM attempt c WHERE c.run_id = ?)"
                + " ORDER BY s.id DESC",
            s -> {
              s.setMaxRows(1);
              s.setString(1, scan.target());
              s.setString(2, scan.runId());
              s.setString(3, scan.runId());
            },
            ScanStore::scanRecord)
        .stream()
        .findFirst();
  }

  /** The fingerprints a scan saw. */
  public Set<String> fingerprints(long scanId) {
    return new TreeSet<>(
        query(
            "SELECT fingerprint FROM scan_finding WHERE scan_id = ?",
            s -> s.setLong(1, scanId),
            rs -> rs.getString(1)));
  }

  /**
   * The credentials a scan saw, as recorded for its target (what {@code history --fail-on} checks).
   */
  public List<StoredFinding> seen(ScanRecord scan) {
    Set<String> fingerprints = fingerprints(scan.id());
    return findings(scan.target()).values().stream()
        .filter(f -> fingerprints.contains(f.fingerprint()))
        .toList();
  }

  /** What appeared and what went since this scan's baseline (see {@link #previousComplete}). */
  public ScanDiff diff(ScanRecord current) {
    ScanRecord previous = previousComplete(current).orElse(null);
    Set<String> now = fingerprints(current.id());
    Set<String> before = previous == null ? Set.of() : fingerprints(previous.id());
    Map<String, StoredFinding> known = findings(current.target());
    List<StoredFinding> appeared = new ArrayList<>();
    List<StoredFinding> gone = new ArrayList<>();
    for (String fingerprint : now) {
      if (!before.contains(fingerprint) && known.containsKey(fingerprint)) {
        appeared.add(known.get(fingerprint));
      }
    }
    for (String fingerprint : before) {
      if (!now.contains(fingerprint) && known.containsKey(fingerprint)) {
        gone.add(known.get(fingerprint));
      }
    }
    return new ScanDiff(current, previous, appeared, current.complete() ? gone : List.of());
  }

  /** The diff of a target's latest scan, if it has one. */
  public Optional<ScanDiff> latestDiff(String target) {
    return scans(target, 1).stream().findFirst().map(this::diff);
  }

  /** The id of the run with the most recent attempt, if any. */
  public Optional<String> latestRun() {
    return query(
            "SELECT run_id FROM attempt ORDER BY id DESC",
            s -> s.setMaxRows(1),
            rs -> rs.getString(1))
        .stream()
        .findFirst();
  }

  /**
   * The diff of every target a run covered, by its latest scan in the run, in target order: what a
   * run alerts on, whichever attempt wrote it.
   */
  public List<ScanDiff> runDiff(String runId) {
    return latestScans(runId).stream().map(this::diff).toList();
  }

  private List<ScanRecord> latestScans(String runId) {
    return query(
        "SELECT "
            + SCAN_COLUMNS
            + " FROM scan s WHERE s.run_id = ?"
            + " AND s.id = (SELECT MAX(x.id) FROM scan x WHERE x.run_id = s.run_id AND x.target = s.target)"
            + " ORDER BY s.target",
        s -> s.setString(1, runId),
        ScanStore::scanRecord);
  }

  /** A run's attempts and coverage, if it exists. */
  public Optional<RunSummary> run(String runId) {
    List<Attempt> attempts =
        query(
            "SELECT " + ATTEMPT_COLUMNS + " FROM attempt WHERE run_id = ? ORDER BY id",
            s -> s.setString(1, runId),
            ScanStore::attempt);
    if (attempts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RunSummary(runId, attempts.get(0).startedAt(), attempts, latestScans(runId)));
  }

  /** The runs recorded, newest first. */
  public List<RunSummary> runs(int limit) {
    List<String> ids =
        query(
            "SELECT run_id FROM attempt GROUP BY run_id ORDER BY MIN(id) DESC",
            s -> s.setMaxRows(limit),
            rs -> rs.getString(1));
    List<RunSummary> runs = new ArrayList<>();
    for (String id : ids) {
      run(id).ifPresent(runs::add);
    }
    return runs;
  }

  /** Every credential recorded for a target, by fingerprint. */
  public Map<String, StoredFinding> findings(String target) {
    Map<String, StoredFinding> byFingerprint = new LinkedHashMap<>();
    for (StoredFinding f :
        query(
            "SELECT target, fingerprint, rule_id, provider, redacted, severity, kinds, first_seen, last_seen FROM finding"
                + " WHERE target = ? ORDER BY fingerprint",
            s -> s.setString(1, target),
            ScanStore::storedFinding)) {
      byFingerprint.put(f.fingerprint(), f);
    }
    return byFingerprint;
  }

  /** How many location rows a target has (every place every credential was seen). */
  public int locationCount(String target) {
    return query(
            "SELECT COUNT(*) FROM finding_location WHERE target = ?",
            s -> s.setString(1, target),
            rs -> rs.getInt(1))
        .get(0);
  }

  // ---- retention ----

  /**
   * Deletes old runs: those beyond the newest {@code keepRuns} (when given) that also began before
   * {@code olderThan} (when given), with their scans, and the credentials and places no remaining
   * scan saw. Each target's current baseline (its latest scan by a completed attempt) is kept
   * whatever its age, so pruning never makes a known credential look new again.
   */
  public Pruned prune(Integer keepRuns, Instant olderThan) {
    if (keepRuns == null && olderThan == null) {
      throw new IllegalArgumentException("prune needs a number of runs to keep or a cut-off time");
    }
    return transaction(
        "prune " + describe(),
        c -> {
          List<String> candidates = new ArrayList<>();
          try (PreparedStatement runs =
                  c.prepareStatement(
                      "SELECT run_id, MAX(started_at) FROM attempt GROUP BY run_id ORDER BY MIN(id) DESC");
              ResultSet rs = runs.executeQuery()) {
            int position = 0;
            while (rs.next()) {
              position++;
              Instant last = rs.getObject(2, OffsetDateTime.class).toInstant();
              boolean beyond = keepRuns == null || position > keepRuns;
              boolean old = olderThan == null || last.isBefore(olderThan);
              if (beyond && old) {
                candidates.add(rs.getString(1));
              }
            }
          }
          Set<Long> baselines = new TreeSet<>();
          try (PreparedStatement kept =
                  c.prepareStatement(
                      "SELECT MAX(s.id) FROM scan s JOIN attempt a ON a.id = s.attempt_id"
                          + " WHERE s.complete = TRUE AND a.state = 'complete' GROUP BY s.target");
              ResultSet rs = kept.executeQuery()) {
            while (rs.next()) {
              baselines.add(rs.getLong(1));
            }
          }
          List<Long> scans = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement("SELECT id FROM scan WHERE run_id = ?")) {
            for (String run : candidates) {
              select.setString(1, run);
              try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                  if (!baselines.contains(rs.getLong(1))) {
                    scans.add(rs.getLong(1));
                  }
                }
              }
            }
          }
          deleteById(c, "DELETE FROM scan_finding WHERE scan_id = ?", scans);
          deleteById(c, "DELETE FROM scan WHERE id = ?", scans);
          int runsDeleted = 0;
          try (PreparedStatement attempts =
              c.prepareStatement(
                  "DELETE FROM attempt WHERE run_id = ?"
                      + " AND NOT EXISTS (SELECT 1 FROM scan s WHERE s.attempt_id = attempt.id)")) {
            for (String run : candidates) {
              attempts.setString(1, run);
              if (attempts.executeUpdate() > 0) {
                runsDeleted++;
              }
            }
          }
          int findings = 0;
          String unseen =
              " WHERE NOT EXISTS (SELECT 1 FROM scan_finding sf JOIN scan s ON s.id = sf.scan_id"
                  + " WHERE s.target = %1$s.target AND sf.fingerprint = %1$s.fingerprint)";
          try (PreparedStatement locations =
                  c.prepareStatement(
                      "DELETE FROM finding_location" + String.format(unseen, "finding_location"));
              PreparedStatement credentials =
                  c.prepareStatement("DELETE FROM finding" + String.format(unseen, "finding"))) {
            locations.executeUpdate();
            findings = credentials.executeUpdate();
          }
          return new Pruned(runsDeleted, scans.size(), findings);
        });
  }

  /** What {@link #prune} deleted. */
  public record Pruned(int runs, int scans, int credentials) {}

  private static void deleteById(Connection c, String sql, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = c.prepareStatement(sql)) {
      for (Long id : ids) {
        delete.setLong(1, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }

  @Override
  public void close() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot close the scan store " + describe() + ": " + firstLine(e.getMessage()), e);
    }
  }

  // ---- transactions ----

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, Row<T> row) {
    return transaction(
        "read",
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                out.add(row.read(rs));
              }
            }
            return out;
          }
        });
  }

  /**
   * Runs work in one transaction and commits it. A deadlock between concurrent writers is tried
   * again at once; a lost connection (the database restarted, a network blip, a failover) is tried
   * again on a new connection after a bounded, doubling wait. The error that ends it names the
   * cause, never the rollback that followed it.
   */
  private <T> T transaction(String what, Work<T> work) {
    SQLException last = null;
    int tries = 0;
    while (tries < MAX_TRIES) {
      tries++;
      try {
        if (connection == null) {
          connection = connect(connectUrl, properties);
        }
        T out = work.run(connection);
        connection.commit();
        return out;
      } catch (SQLException e) {
        last = e;
        boolean lost = connectionLost(e);
        if (lost) {
          dropConnection(e);
        } else {
          rollback(e);
        }
        if (!lost && !retryable(e)) {
          break;
        }
        if (lost && tries < MAX_TRIES) {
          pause(backoff.get(Math.min(tries - 1, backoff.size() - 1)));
        }
      }
    }
    String message =
        what.equals("read") ? "cannot read the scan store " : "cannot " + what + " in ";
    throw new StoreException(
        message
            + describe()
            + ": "
            + firstLine(last.getMessage())
            + (tries > 1 ? " (tried " + tries + " times)" : ""),
        last);
  }

  /** Rolls back after a failure; a failure to roll back is kept with the cause, not put first. */
  private void rollback(SQLException cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
      dropConnection(cause);
    }
  }

  private void dropConnection(SQLException cause) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    connection = null;
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The connection is gone (SQLSTATE class 08; PostgreSQL's admin shutdown, crash shutdown and
   * cannot-connect-now; H2's database-closed): a new connection may succeed.
   */
  static boolean connectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null
            && (state.startsWith("08")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03")
                || state.equals("90121")
                || state.equals("90098"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static ScanRecord scanRecord(ResultSet rs) throws SQLException {
    return new ScanRecord(
        rs.getLong(1),
        rs.getString(2),
        instant(rs, 3),
        instant(rs, 4),
        rs.getString(5),
        rs.getString(6),
        rs.getInt(7),
        rs.getBoolean(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getString(11));
  }

  private static Attempt attempt(ResultSet rs) throws SQLException {
    return new Attempt(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        Attempt.State.of(rs.getString(4)),
        instant(rs, 5),
        instant(rs, 6),
        rs.getString(7));
  }

  private static StoredFinding storedFinding(ResultSet rs) throws SQLException {
    return new StoredFinding(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        instant(rs, 8),
        instant(rs, 9));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String clip(String text) {
    if (text == null) {
      return null;
    }
    String redacted = StoreUrls.redact(text);
    return redacted.length() <= MAX_REASON ? redacted : redacted.substring(0, MAX_REASON - 1) + "…";
  }

  /** Deadlocks and serialization failures between concurrent shards: try the transaction again. */
  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    for (SQLException next = e.getNextException();
        state == null && next != null;
        next = next.getNextException()) {
      state = next.getSQLState();
    }
    return state != null
        && (state.equals("40001")
            || state.equals("40P01")
            || state.equals("23505")
            || state.equals("HYT00"));
  }

  /** H2 locks its file to one process: say so, and what to do, instead of only H2's wording. */
  private static String inUseHint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
        return " (another tokenscope process is using this embedded store: wait for it to finish, or use a PostgreSQL store with --store for concurrent scans)";
      }
    }
    return "";
  }

  private static String firstLine(String message) {
    return StoreUrls.redact(Messages.firstLine(message, "no detail given"));
  }

  /** A credential's findings in one scan, merged: highest severity, every kind, every location. */
  private static final class Seen {
    final String fingerprint;
    final String ruleId;
    final String provider;
    final String redacted;
    String severity;
    int rank = -1;
    final Set<String> kinds = new TreeSet<>();
    final Map<String, Location> locations = new TreeMap<>();

    Seen(Finding finding) {
      fingerprint = finding.credential().fingerprint();
      ruleId = finding.credential().ruleId();
      provider = finding.credential().provider();
      redacted = finding.credential().redacted();
    }
  }

  private static Map<String, Seen> group(List<Finding> findings) {
    Map<String, Seen> byFingerprint = new TreeMap<>();
    for (Finding finding : findings) {
      Seen seen =
          byFingerprint.computeIfAbsent(finding.credential().fingerprint(), k -> new Seen(finding));
      if (finding.severity().ordinal() > seen.rank) {
        seen.rank = finding.severity().ordinal();
        seen.severity = finding.severity().name();
      }
      seen.kinds.add(finding.kind().name());
      for (Location location : finding.credential().locations()) {
        seen.locations.put(locationKey(location), location);
      }
    }
    return byFingerprint;
  }

  /** A stable key for a place: the same file, line, commit and version always give the same key. */
  static String locationKey(Location l) {
    String text =
        String.join(
            "\u0000",
            String.valueOf(l.source()),
            String.valueOf(l.path()),
            Integer.toString(l.line()),
            String.valueOf(l.commit()),
            String.valueOf(l.version()));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
