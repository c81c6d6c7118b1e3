package dev.tokenscope.detect;

import java.util.Arrays;

/**
 * The per-character part of detecting in one text: every keyword hit, in the order a scan reports
 * them, and every candidate base64 run: about two thirds of detection's time on code. The rest of
 * detection (the rules' regexes near the hits, decoding the runs) depends on nothing else.
 *
 * <p>Kept for a text that other texts derive from (git's deltas), it lets {@link #derived} give a
 * derived text's scan from the base's plus a scan of only the bytes that are new or near a seam
 * between copied ranges: in a typical history, where a commit changes a few lines of a file, that
 * is a few hundred bytes per version instead of the whole file. The result is exactly what {@link
 * #of} gives for the same text, which the tests check on random texts and edits.
 */
final class KeywordScan {
  /** Copies shorter than this (beyond the margins a seam needs) are scanned like new text. */
  private static final int MIN_REUSED = 64;

  final KeywordIndex index;
  final int length;

  /** (keyword, start, end) triples, ordered by end, then start, then keyword. */
  private final int[] hits;

  /** (start, end) pairs, in text order. */
  private final int[] runs;

  /** How many characters were taken over from a base's scan instead of scanned. */
  final int reused;

  private KeywordScan(KeywordIndex index, int length, int[] hits, int[] runs, int reused) {
    this.index = index;
    this.length = length;
    this.hits = hits;
    this.runs = runs;
    this.reused = reused;
  }

  /** The scan of a whole text. */
  static KeywordScan of(KeywordIndex index, byte[] text) {
    Ints hits = new Ints();
    Ints runs = new Ints();
    index.scan(
        text, (k, start, end) -> hits.add(k, start, end), (start, end) -> runs.add(start, end));
    return new KeywordScan(index, text.length, hits.toArray(), runs.toArray(), 0);
  }

  /**
   * The scan of {@code text}, derived from the scan of the text it copies from.
   *
   * <p>Why it is exact. A hit is at most {@code L} (the longest keyword) characters long and
   * depends on nothing but its characters; a run is maximal, so it depends on its characters and
   * the two that bound it. Let each long copied range keep an interior, {@code L - 1} characters in
   * from either end. A hit wholly inside a copied range is a hit of the base, moved; any other hit
   * overlaps new text or a seam, so it cannot reach an interior and lies wholly inside a gap
   * between interiors, where the automaton finds it. A run whose bounding characters are both
   * inside one copied range is a run of the base, moved; any other run touches a gap, where it is
   * measured.
   *
   * @param copies (offset here, offset in the base, length) triples, in order, not overlapping
   */
  static KeywordScan derived(KeywordIndex index, byte[] text, KeywordScan base, int[] copies) {
    int margin = Math.max(index.longest() - 1, 1);
    Ints kept = new Ints();
    int previousEnd = 0;
    for (int c = 0; c + 2 < copies.length; c += 3) {
      int at = copies[c];
      int from = copies[c + 1];
      int length = copies[c + 2];
      boolean inBounds =
          at >= 0
              && from >= 0
              && length > 0
              && at + length <= text.length
              && from + length <= base.length
              && at >= previousEnd;
      if (!inBounds) {
        return of(index, text); // not a delta of that base: no shortcut
      }
      previousEnd = at + length;
      if (length > 2 * margin + MIN_REUSED) {
        kept.add(at, from, length);
      }
    }
    if (kept.size == 0 || index.longest() >= 4096 || index.size() >= 1 << 20) {
      return of(index, text);
    }
    Ints hits = new Ints();
    Ints runs = new Ints();
    int gapStart = 0;
    int resume = 0;
    int reused = 0;
    for (int c = 0; c <= kept.size; c += 3) {
      boolean last = c == kept.size;
      int gapEnd = last ? text.length : kept.get(c) + margin;
      // The copies either side of the gap: what lies wholly in them comes from the base.
      int beforeStart = c == 0 ? -1 : kept.get(c - 3);
      int beforeEnd = c == 0 ? -1 : beforeStart + kept.get(c - 1);
      int afterStart = last ? Integer.MAX_VALUE : kept.get(c);
      int afterEnd = last ? Integer.MAX_VALUE : afterStart + kept.get(c + 2);
      index.scanRange(
          text,
          gapStart,
          gapEnd,
          (k, start, end) -> {
            boolean copied =
                (start >= beforeStart && end <= beforeEnd)
                    || (start >= afterStart && end <= afterEnd);
            if (!copied) {
              hits.add(k, start, end);
            }
          });
      resume =
          KeywordIndex.runsOverlapping(
              text,
              gapStart,
              gapEnd,
              resume,
              (start, end) -> {
                boolean copied =
                    (start > beforeStart && end < beforeEnd)
                        || (start > afterStart && end < afterEnd);
                if (!copied) {
                  runs.add(start, end);
                }
              });
      if (!last) {
        int at = kept.get(c);
        int from = kept.get(c + 1);
        int length = kept.get(c + 2);
        base.copyHits(from, length, at - from, hits);
        base.copyRuns(from, length, at - from, runs);
        gapStart = at + length - margin;
        reused += length - 2 * margin;
      }
    }
    return new KeywordScan(
        index, text.length, sortHits(hits.toArray()), sortRuns(runs.toArray()), reused);
  }

  /** Adds the hits wholly inside [from, from + length), moved by {@code shift}. */
  private void copyHits(int from, int length, int shift, Ints out) {
    // Hits are ordered by end: find the first that ends after from.
    int lo = 0;
    int hi = hits.length / 3;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hits[mid * 3 + 2] <= from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int h = lo * 3; h < hits.length && hits[h + 2] <= from + length; h += 3) {
      if (hits[h + 1] >= from) {
        out.add(hits[h], hits[h + 1] + shift, hits[h + 2] + shift);
      }
    }
  }

  /** Adds the runs bounded on both sides inside [from, from + length), moved by {@code shift}. */
  private void copyRuns(int from, int length, int shift, Ints out) {
    int lo = 0;
    int hi = runs.length / 2;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (runs[mid * 2] <= from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int r = lo * 2; r < runs.length && runs[r] < from + length; r += 2) {
      if (runs[r + 1] < from + length) {
        out.add(runs[r] + shift, runs[r + 1] + shift);
      }
    }
  }

  /** Sorts (keyword, start, end) triples by end, then start, then keyword: a scan's own order. */
  private static int[] sortHits(int[] triples) {
    long[] keys = new long[triples.length / 3];
    for (int h = 0; h < keys.length; h++) {
      int k = triples[h * 3];
      int start = triples[h * 3 + 1];
      int end = triples[h * 3 + 2];
      keys[h] = ((long) end << 32) | ((long) (4095 - (end - start)) << 20) | k;
    }
    Arrays.sort(keys);
    int[] out = new int[triples.length];
    for (int h = 0; h < keys.length; h++) {
      int end = (int) (keys[h] >>> 32);
      int k = (int) (keys[h] & 0xfffff);
      out[h * 3] = k;
      out[h * 3 + 1] = end - (4095 - (int) ((keys[h] >>> 20) & 0xfff));
      out[h * 3 + 2] = end;
    }
    return out;
  }

  /** Sorts (start, end) pairs by start; they never overlap. */
  private static int[] sortRuns(int[] pairs) {
    long[] keys = new long[pairs.length / 2];
    for (int r = 0; r < keys.length; r++) {
      keys[r] = ((long) pairs[r * 2] << 32) | pairs[r * 2 + 1];
    }
    Arrays.sort(keys);
    int[] out = new int[pairs.length];
    for (int r = 0; r < keys.length; r++) {
      out[r * 2] = (int) (keys[r] >>> 32);
      out[r * 2 + 1] = (int) keys[r];
    }
    return out;
  }

  /** Hands the hits and runs on, in the order a scan of the text would. */
  void replay(KeywordIndex.Hits hitsOut, KeywordIndex.Runs runsOut) {
    for (int h = 0; h < hits.length; h += 3) {
      hitsOut.hit(hits[h], hits[h + 1], hits[h + 2]);
    }
    for (int r = 0; r < runs.length; r += 2) {
      runsOut.run(runs[r], runs[r + 1]);
    }
  }

  /** A growable int array. */
  private static final class Ints {
    private int[] values = new int[48];
    int size;

    void add(int a, int b) {
      grow(2);
      values[size++] = a;
      values[size++] = b;
    }

    void add(int a, int b, int c) {
      grow(3);
      values[size++] = a;
      values[size++] = b;
      values[size++] = c;
    }

    int get(int i) {
      return values[i];
    }

    private void grow(int more) {
      if (size + more > values.length) {
        values = Arrays.copyOf(values, Math.max(values.length * 2, size + more));
      }
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
