package dev.tokenscope.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs, attempts, failures and retention in the embedded (H2) store. */
class EmbeddedRunHistoryTest extends RunHistoryContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return StoreUrls.embedded(dir.resolve(".tokenscope"));
  }

  /** SHUTDOWN closes the database under every connection, as a crash of the file's owner would. */
  @Override
  void dropConnections() throws Exception {
    execute("SHUTDOWN");
  }
}
