package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void aTokenShowsAtMostAQuarterAndNeverMoreThanEightCharacters() {
    assertThat(Redaction.redact("ghp_" + "a".repeat(36))).isEqualTo("ghp_aaaa…(40 chars)");
    assertThat(Redaction.redact("tsk_q8v2m4k7x1z9c3b6n5h0")).isEqualTo("tsk_q8…(24 chars)");
  }

  /** A short value is most likely a password: its first characters would only help a guess. */
  @Test
  void aShortValueShowsOnlyItsLength() {
    assertThat(Redaction.redact("hunter2hunter2")).isEqualTo("…(14 chars)");
    assertThat(Redaction.redact("p4ssw0rd")).isEqualTo("…(8 chars)");
    assertThat(new Secret("p4ssw0rd").toString()).doesNotContain("p4");
  }

  @Test
  void emptyStaysEmpty() {
    assertThat(Redaction.redact("")).isEmpty();
    assertThat(Redaction.redact(null)).isEmpty();
  }
}
