package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredStringsTest {
  private static final byte[] UTF8 = "abc€dé".getBytes(StandardCharsets.UTF_8);
  private static final int[] ENDS = {3, 3, 6, 9}; // "abc", "", "€", "dé"

  @Test
  void eachStringIsItsShareOfTheStoreAndTheListEqualsAPlainOne() {
    assertThat(new StoredStrings(UTF8, ENDS, 0, 4)).containsExactly("abc", "", "€", "dé");
    assertThat(new StoredStrings(UTF8, ENDS, 2, 2)).isEqualTo(List.of("€", "dé"));
    assertThat(new StoredStrings(UTF8, ENDS, 4, 0)).isEmpty();
  }

  @Test
  void aRangeOutsideTheStoreAndAnIndexOutsideTheRangeAreRefused() {
    assertThatThrownBy(() -> new StoredStrings(UTF8, ENDS, 3, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoredStrings(UTF8, ENDS, 1, 2).get(2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void itCannotBeChanged() {
    assertThatThrownBy(() -> new StoredStrings(UTF8, ENDS, 0, 4).add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theBundledRulesKeepTheirExamplesStoredUntilAskedFor() {
    Rule rule = CompiledRules.bundled().rules().get(0);
    assertThat(rule.examples()).isInstanceOf(StoredStrings.class).isNotEmpty();
    assertThat(rule.negativeExamples()).isInstanceOf(StoredStrings.class);
  }
}
