package dev.tokenscope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.model.FingerprintKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store says which fingerprint key wrote it, and a run with another key is refused. */
class FingerprintKeyStoreTest {
  @TempDir Path dir;

  @Test
  void aStoreRecordsItsKeyIdAndRefusesAnotherKey() throws Exception {
    String url = StoreUrls.embedded(dir.resolve(".tokenscope"));
    ScanStore.open(url).close(); // creates the schema and records this run's key id
    try (Connection connection = DriverManager.getConnection(url)) {
      connection.setAutoCommit(false);
      // The same key again: accepted.
      ScanStore.checkKey(connection, FingerprintKey.current(), "store");
      var rows = connection.createStatement().executeQuery("SELECT key_id FROM fingerprint_key");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1))
          .isEqualTo(FingerprintKey.current().id())
          .doesNotContain(FingerprintKey.current().value());
      connection.commit();
      FingerprintKey other = new FingerprintKey("someone-elses-key-0123456789", "test");
      assertThatThrownBy(() -> ScanStore.checkKey(connection, other, "store"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("was written with fingerprint key " + FingerprintKey.current().id())
          .hasMessageContaining(FingerprintKey.VARIABLE)
          .hasMessageNotContaining("someone-elses-key");
    }
  }
}
