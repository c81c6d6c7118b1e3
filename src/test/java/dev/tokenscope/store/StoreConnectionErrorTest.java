package dev.tokenscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A store that cannot be reached is one sentence naming who connected and what to do next. */
class StoreConnectionErrorTest {
  private static final String URL = "jdbc:postgresql://db.example/history";

  @Test
  void anUnsetUserIsSaidAsSuchNotAsUserNull() {
    String sentence =
        StoreConnectionError.sentence(
            URL,
            null,
            new SQLException("FATAL: password authentication failed for user \"root\"", "28P01"),
            false);
    assertThat(sentence)
        .startsWith("cannot connect to the scan store " + URL)
        .contains("TOKENSCOPE_STORE_USER is not set")
        .contains("password authentication failed")
        .endsWith(
            "set TOKENSCOPE_STORE_USER and TOKENSCOPE_STORE_PASSWORD to a user of that database who may create tables")
        .doesNotContain("null");
  }

  @Test
  void aRefusedConnectionNamesTheUserAndPointsAtHostAndPort() {
    String sentence =
        StoreConnectionError.sentence(
            URL,
            "scanner",
            new SQLException(
                "Connection to db.example:5432 refused. Check that the hostname and port are correct.",
                "08001"),
            false);
    assertThat(sentence)
        .isEqualTo(
            "cannot connect to the scan store "
                + URL
                + " as user scanner: Connection to db.example:5432 refused;"
                + " check the host and port in --store, and that the database server is running");
  }

  @Test
  void aMissingDatabaseSaysToCreateIt() {
    assertThat(
            StoreConnectionError.sentence(
                URL,
                "scanner",
                new SQLException("FATAL: database \"history\" does not exist", "3D000"),
                false))
        .endsWith("create the database first (createdb), or name an existing one in --store");
  }

  @Test
  void anEmbeddedStoreThatCannotBeCreatedSaysWhereToLookWithoutAnyUser() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("not-a-folder", "");
    String url = StoreUrls.embedded(file.resolve("store"));
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    System.setErr(new java.io.PrintStream(err, true));
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScanStore.open(url))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("cannot open the scan store " + url)
          .hasMessageEndingWith(
              "check that its folder exists or can be created, and that you may write there")
          .hasMessageNotContaining("TOKENSCOPE_STORE_USER")
          .hasMessageNotContaining("TRACE_LEVEL");
    } finally {
      System.setErr(old);
      java.nio.file.Files.delete(file);
    }
    assertThat(err.toString())
        .as("no stack trace from H2 on standard error")
        .doesNotContain("\tat ");
  }

  @Test
  void theDriverErrorIsFoundUnderTheLibrarysWrapping() {
    SQLException driver = new SQLException("refused", "08001");
    assertThat((Object) StoreConnectionError.driverError(new RuntimeException("wrapped", driver)))
        .isSameAs(driver);
    assertThat((Object) StoreConnectionError.driverError(new RuntimeException("no driver error")))
        .isNull();
  }
}
