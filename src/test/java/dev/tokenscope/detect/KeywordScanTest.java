package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A scan derived from a base's scan and a delta must be exactly the scan of the derived text. */
class KeywordScanTest {
  static final List<String> KEYWORDS =
      List.of(
          "ab",
          "xox",
          "token",
          "password",
          "ghp_",
          "-----begin rsa private key",
          "hooks.slack.com/services/",
          "sword",
          "b+");
  static final KeywordIndex INDEX = new KeywordIndex(KEYWORDS);
  static final String ALPHABET = "abpswordghxtkenABP_+/=019 \n.,{*\u00e9";

  /** A delta: the derived text, and its (offset here, offset in base, length) copies. */
  record Delta(byte[] text, int[] copies) {}

  private static String piece(Random random, int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      switch (random.nextInt(6)) {
        case 0 -> out.append(KEYWORDS.get(random.nextInt(KEYWORDS.size())));
        case 1 ->
            out.append("Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5QUJD".substring(0, 8 + random.nextInt(24)));
        default -> out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return out.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Copies of the base, mostly in order as an edit makes them, sometimes from anywhere; between
   * them new text, sometimes none (two copies meeting at a seam).
   */
  private static Delta edit(Random random, byte[] base) {
    StringBuilder text = new StringBuilder();
    List<Integer> copies = new ArrayList<>();
    int cursor = 0;
    while (cursor < base.length && text.length() < base.length * 2) {
      if (random.nextInt(3) > 0) {
        text.append(piece(random, random.nextInt(40)));
      }
      int from = random.nextInt(8) == 0 ? random.nextInt(base.length) : cursor;
      int length =
          Math.min(base.length - from, 1 + random.nextInt(random.nextBoolean() ? 60 : 900));
      copies.add(text.length());
      copies.add(from);
      copies.add(length);
      text.append(new String(base, from, length, StandardCharsets.ISO_8859_1));
      cursor = from + length + random.nextInt(20);
    }
    return new Delta(bytes(text.toString()), copies.stream().mapToInt(Integer::intValue).toArray());
  }

  private static List<String> replayed(KeywordScan scan) {
    List<String> out = new ArrayList<>();
    scan.replay(
        (k, start, end) -> out.add("hit " + KEYWORDS.get(k) + " " + start + "-" + end),
        (start, end) -> out.add("run " + start + "-" + end));
    return out;
  }

  @Test
  void aDerivedScanIsTheScanOfTheDerivedText() {
    Random random = new Random(11);
    int reused = 0;
    for (int trial = 0; trial < 400; trial++) {
      byte[] base = bytes(piece(random, 500 + random.nextInt(4000)));
      Delta delta = edit(random, base);
      KeywordScan derived =
          KeywordScan.derived(INDEX, delta.text(), KeywordScan.of(INDEX, base), delta.copies());
      assertThat(replayed(derived))
          .as("trial %d", trial)
          .containsExactlyElementsOf(replayed(KeywordScan.of(INDEX, delta.text())));
      reused += derived.reused;
    }
    assertThat(reused).as("bytes taken from base scans, not scanned again").isGreaterThan(100_000);
  }

  @Test
  void aChainOfDeltasStaysExact() {
    Random random = new Random(5);
    byte[] text = bytes(piece(random, 6000));
    KeywordScan scan = KeywordScan.of(INDEX, text);
    for (int version = 0; version < 60; version++) {
      Delta delta = edit(random, text);
      scan = KeywordScan.derived(INDEX, delta.text(), scan, delta.copies());
      text = delta.text();
      assertThat(replayed(scan))
          .as("version %d", version)
          .containsExactlyElementsOf(replayed(KeywordScan.of(INDEX, text)));
    }
  }

  @Test
  void copiesThatDoNotFitTheTextsAreNotTrusted() {
    byte[] base = bytes("token " + "a".repeat(300) + " password " + "b".repeat(300));
    byte[] text = bytes("xox " + "a".repeat(300) + " ghp_ " + "b".repeat(300));
    KeywordScan baseScan = KeywordScan.of(INDEX, base);
    List<String> truth = replayed(KeywordScan.of(INDEX, text));
    int[][] wrong = {
      {0, 0, text.length + 1}, // past the end of the text
      {0, 200, 500}, // past the end of the base
      {0, 0, 300, 100, 0, 300}, // overlapping
      {-1, 0, 200},
    };
    for (int[] copies : wrong) {
      KeywordScan derived = KeywordScan.derived(INDEX, text, baseScan, copies);
      assertThat(replayed(derived)).containsExactlyElementsOf(truth);
      assertThat(derived.reused).isZero();
    }
  }
}
