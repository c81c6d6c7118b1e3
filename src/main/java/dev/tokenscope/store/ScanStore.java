package dev.tokenscope.store;

import dev.tokenscope.Version;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FingerprintKey;
import dev.tokenscope.model.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * schema is created and upgraded by Flyway migrations in {@code db/migration}.
 */
public final class ScanStore implements AutoCloseable {
  /**
   * Environment variables for a shared store's credentials, so no password sits in a URL or a CI
   * log.
   */
  public static final String USER_ENV = "TOKENSCOPE_STORE_USER";

  public static final String PASSWORD_ENV = "TOKENSCOPE_STORE_PASSWORD";

  private static final int MAX_ATTEMPTS = 5;

  private final String url;
  private final Dialect dialect;
  private final Connection connection;

  private ScanStore(String url, Dialect dialect, Connection connection) {
    this.url = url;
    this.dialect = dialect;
    this.connection = connection;
  }

  /** Opens (creating or upgrading the schema when needed) the store at a JDBC URL. */
  public static ScanStore open(String url) {
    return open(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
  }

  public static ScanStore open(String url, String user, String password) {
    Dialect dialect = Dialect.of(url);
    String shown = StoreUrls.redact(url);
    try {
      Flyway.configure()
          .dataSource(url, user, password)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
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
      Connection connection = DriverManager.getConnection(url, properties);
      connection.setAutoCommit(false);
      checkKey(connection, FingerprintKey.current(), shown);
      return new ScanStore(url, dialect, connection);
    } catch (SQLException e) {
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

  /**
   * Records one scan of one target and the credentials it saw, in one transaction (retried when
   * concurrent writers deadlock).
   */
  public ScanRecord record(
      String target,
      String shard,
      Instant started,
      Instant finished,
      List<Finding> findings,
      boolean complete) {
    Map<String, Seen> seen = group(findings);
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        ScanRecord record = write(target, shard, started, finished, seen, complete);
        connection.commit();
        return record;
      } catch (SQLException e) {
        rollback();
        last = e;
        if (!retryable(e)) {
          break;
        }
      }
    }
    throw new StoreException(
        "cannot record the scan of "
            + target
            + " in "
            + describe()
            + ": "
            + firstLine(last.getMessage()),
        last);
  }

  private ScanRecord write(
      String target,
      String shard,
      Instant started,
      Instant finished,
      Map<String, Seen> seen,
      boolean complete)
      throws SQLException {
    long id;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO scan (target, started_at, finished_at, tool_version, shard, finding_count, complete) VALUES (?, ?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      insert.setString(1, target);
      insert.setObject(2, time(started));
      insert.setObject(3, time(finished));
      insert.setString(4, Version.VALUE);
      insert.setString(5, shard);
      insert.setInt(6, seen.size());
      insert.setBoolean(7, complete);
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
      batch(dialect.upsertFinding, findingRows);
      batch(dialect.upsertLocation, locationRows);
    } else {
      updateOrInsert(
          Dialect.H2_UPDATE_FINDING,
          Dialect.H2_UPDATE_FINDING_COLUMNS,
          Dialect.H2_INSERT_FINDING,
          findingRows);
      updateOrInsert(
          Dialect.H2_UPDATE_LOCATION,
          Dialect.H2_UPDATE_LOCATION_COLUMNS,
          Dialect.H2_INSERT_LOCATION,
          locationRows);
    }
    try (PreparedStatement link =
        connection.prepareStatement(
            "INSERT INTO scan_finding (scan_id, fingerprint) VALUES (?, ?)")) {
      for (Seen s : seen.values()) {
        link.setLong(1, id);
        link.setString(2, s.fingerprint);
        link.addBatch();
      }
      link.executeBatch();
    }
    return new ScanRecord(
        id, target, started, finished, Version.VALUE, shard, seen.size(), complete);
  }

  private void batch(String sql, List<Object[]> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
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
  private void updateOrInsert(
      String update, int[] updateColumns, String insert, List<Object[]> rows) throws SQLException {
    int[] updated;
    try (PreparedStatement statement = connection.prepareStatement(update)) {
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
    batch(insert, missing);
  }

  /** The scans recorded, newest first, of one target or (when null) of all. */
  public List<ScanRecord> scans(String target, int limit) {
    String sql =
        "SELECT id, target, started_at, finished_at, tool_version, shard, finding_count, complete FROM scan"
            + (target == null ? "" : " WHERE target = ?")
            + " ORDER BY id DESC";
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
            "SELECT id, target, started_at, finished_at, tool_version, shard, finding_count, complete FROM scan WHERE id = ?",
            s -> s.setLong(1, id),
            ScanStore::scanRecord)
        .stream()
        .findFirst();
  }

  /** The latest complete scan of a target recorded before a given scan: the baseline of a diff. */
  public Optional<ScanRecord> previousComplete(ScanRecord scan) {
    return query(
            "SELECT id, target, started_at, finished_at, tool_version, shard, finding_count, complete FROM scan"
                + " WHERE target = ? AND id < ? AND complete = TRUE ORDER BY id DESC",
            s -> {
              s.setMaxRows(1);
              s.setString(1, scan.target());
              s.setLong(2, scan.id());
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

  /** What appeared and what went since the complete scan before this one. */
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

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot close the scan store " + describe() + ": " + firstLine(e.getMessage()), e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, Row<T> row) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      connection.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw new StoreException(
          "cannot read the scan store " + describe() + ": " + firstLine(e.getMessage()), e);
    }
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
        rs.getBoolean(8));
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

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot roll back a failed write to " + describe() + ": " + firstLine(e.getMessage()), e);
    }
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
    if (message == null) {
      return "no detail given";
    }
    int newline = message.indexOf('\n');
    return StoreUrls.redact(newline < 0 ? message : message.substring(0, newline));
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
