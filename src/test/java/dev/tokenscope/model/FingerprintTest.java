package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final String SECRET = "tsk_q8v2m4k7x1z9c3b6n5h0";

  @Test
  void theSameRuleAndSecretGiveTheSameFingerprintOnEveryThread() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 2_000)
        .parallel()
        .forEach(i -> seen.add(Fingerprint.of("k", "fixture.token", SECRET)));
    assertThat(seen).hasSize(1);
    assertThat(seen.iterator().next()).matches("fp:[0-9a-f]{32}").doesNotContain(SECRET);
  }

  @Test
  void theRuleTheSecretAndTheKeyEachChangeTheFingerprint() {
    String base = Fingerprint.of("k", "fixture.token", SECRET);
    List<String> others =
        List.of(
            Fingerprint.of("k", "other.rule", SECRET),
            Fingerprint.of("k", "fixture.token", SECRET + "x"),
            Fingerprint.of("another key", "fixture.token", SECRET));
    assertThat(others).doesNotContain(base).doesNotHaveDuplicates();
    // Back to the first key on the same thread: the cached MAC is re-keyed, not reused.
    assertThat(Fingerprint.of("k", "fixture.token", SECRET)).isEqualTo(base);
  }

  /** Rule id and secret are separated, so moving characters between them changes the result. */
  @Test
  void theBoundaryBetweenRuleAndSecretCounts() {
    assertThat(Fingerprint.of("k", "ab", "c")).isNotEqualTo(Fingerprint.of("k", "a", "bc"));
  }
}
