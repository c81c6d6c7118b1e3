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
            new SQLException("FATAL: password authentication failed for user \"root\"", "28P01"));
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
                "08001"));
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
                new SQLException("FATAL: database \"history\" does not exist", "3D000")))
        .endsWith("create the database first (createdb), or name an existing one in --store");
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
