package dev.tokenscope.detect;

import dev.tokenscope.model.DecodedText;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An Aho-Corasick automaton over the rules' keywords, matched case-insensitively in one pass over a
 * text, however many keywords there are. Keywords are ASCII (token prefixes and variable names);
 * every other character simply resets the search, so non-ASCII text costs the same as ASCII.
 *
 * <p>The automaton is compiled to a dense transition table (state × character class), which keeps
 * the inner loop to one array read per character. It is immutable and shared by every thread.
 */
final class KeywordIndex {
  /** Receives each keyword occurrence, by the keyword's index and its [start, end) offsets. */
  @FunctionalInterface
  interface Hits {
    void hit(int keyword, int start, int end);
  }

  /** Receives each run of base64-alphabet characters that may be encoded text, as [start, end). */
  @FunctionalInterface
  interface Runs {
    void run(int start, int end);
  }

  /** Runs shorter than this are identifiers and words, not encoded secrets worth decoding. */
  static final int MIN_RUN = 16;

  private static final int UPPER = 1;
  private static final int LOWER = 2;
  private static final int DIGIT = 4;
  private static final int SYMBOL = 8;

  /** For each byte, its class in the base64 and base64url alphabets, or 0 outside them. */
  private static final byte[] RUN_CLASS = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      RUN_CLASS[c] =
          (byte)
              (c >= 'A' && c <= 'Z'
                  ? UPPER
                  : c >= 'a' && c <= 'z'
                      ? LOWER
                      : c >= '0' && c <= '9'
                          ? DIGIT
                          : c == '+' || c == '/' || c == '-' || c == '_' ? SYMBOL : 0);
    }
  }

  /** Texts at least this long are walked as three interleaved thirds, see {@link #keywords}. */
  static final int INTERLEAVED = 384;

  private final String[] keywords;

  /** The length of the longest keyword (at least 1). */
  private final int longest;

  /** Byte (a Latin-1 character) to class; class 0 is "a character no keyword contains". */
  private final byte[] classOf = new byte[256];

  private final int classes;

  /** Transition table, see the constructor's step 3. */
  private final int[] delta;

  /** For each state, the keywords ending there (including via suffix links), or null. */
  private final int[][] output;

  KeywordIndex(List<String> keywordList) {
    keywords = new String[keywordList.size()];
    int nextClass = 1;
    for (int k = 0; k < keywords.length; k++) {
      String keyword = keywordList.get(k).toLowerCase(Locale.ROOT);
      if (keyword.isEmpty() || !ascii(keyword)) {
        throw new IllegalArgumentException(
            "keyword must be non-empty ASCII: '" + keywordList.get(k) + "'");
      }
      keywords[k] = keyword;
      for (char c : keyword.toCharArray()) {
        if (classOf[c] == 0) {
          if (nextClass > 127) {
            throw new IllegalArgumentException("too many distinct keyword characters");
          }
          classOf[c] = (byte) nextClass++;
        }
      }
    }
    // Upper-case letters share the class of their lower-case form: matching is case-insensitive.
    for (char c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[Character.toLowerCase(c)];
    }
    classes = nextClass;
    int most = 1;
    for (String keyword : keywords) {
      most = Math.max(most, keyword.length());
    }
    longest = most;

    // 1. The trie of keywords: a row per state, one entry per character class, 0 for "no child"
    // (no state has the root, state 0, as a child).
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> ends = new ArrayList<>();
    trie.add(new int[classes]);
    ends.add(new ArrayList<>());
    for (int k = 0; k < keywords.length; k++) {
      int state = 0;
      for (char c : keywords[k].toCharArray()) {
        int cls = classOf[c];
        if (trie.get(state)[cls] == 0) {
          trie.get(state)[cls] = trie.size();
          trie.add(new int[classes]);
          ends.add(new ArrayList<>());
        }
        state = trie.get(state)[cls];
      }
      ends.get(state).add(k);
    }

    // 2. Breadth-first: suffix links turn the trie into a complete transition function. A state's
    // row starts as a copy of its suffix link's row (one array copy: this runs once per process,
    // mostly before the JIT has compiled anything), then its own children replace entries.
    int states = trie.size();
    int[] next = new int[states * classes];
    int[] fail = new int[states];
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    System.arraycopy(trie.get(0), 0, next, 0, classes);
    for (int cls = 0; cls < classes; cls++) {
      if (next[cls] > 0) {
        queue[tail++] = next[cls];
      }
    }
    output = new int[states][];
    while (head < tail) {
      int state = queue[head++];
      output[state] = concat(ends.get(state), output[fail[state]]);
      int[] children = trie.get(state);
      int row = state * classes;
      int failRow = fail[state] * classes;
      System.arraycopy(next, failRow, next, row, classes);
      for (int cls = 0; cls < classes; cls++) {
        int child = children[cls];
        if (child > 0) {
          fail[child] = next[failRow + cls];
          next[row + cls] = child;
          queue[tail++] = child;
        }
      }
    }
    // 3. The table the scan uses: entries are next states pre-multiplied by the row width, and
    // negative (bit-inverted) when that state ends a keyword, so the inner loop needs no other
    // lookup for the common case of no match.
    delta = new int[states * classes];
    for (int i = 0; i < next.length; i++) {
      int target = next[i] * classes;
      delta[i] = output[next[i]] == null ? target : ~target;
    }
  }

  private KeywordIndex(
      String[] keywords, int longest, byte[] classOf, int classes, int[] delta, int[][] output) {
    this.keywords = keywords;
    this.longest = longest;
    System.arraycopy(classOf, 0, this.classOf, 0, 256);
    this.classes = classes;
    this.delta = delta;
    this.output = output;
  }

  /** True when this automaton was built for exactly these keywords, in this order. */
  boolean isFor(List<String> keywordList) {
    if (keywordList.size() != keywords.length) {
      return false;
    }
    for (int k = 0; k < keywords.length; k++) {
      if (!keywords[k].equals(keywordList.get(k).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the built automaton for {@link #read}: the build stores the bundled rules' automaton
   * with them ({@link CompiledRules}), since building it cold, in the interpreter, was an eighth of
   * a three-file scan's start-up.
   */
  void write(DataOutputStream out) throws IOException {
    out.writeInt(keywords.length);
    for (String keyword : keywords) {
      out.writeUTF(keyword);
    }
    out.writeInt(longest);
    out.write(classOf);
    out.writeInt(classes);
    CompiledRules.ints(out, delta);
    int[] counts = new int[output.length];
    int total = 0;
    for (int state = 0; state < output.length; state++) {
      counts[state] = output[state] == null ? -1 : output[state].length;
      total += Math.max(0, counts[state]);
    }
    int[] all = new int[total];
    int at = 0;
    for (int[] ends : output) {
      if (ends != null) {
        System.arraycopy(ends, 0, all, at, ends.length);
        at += ends.length;
      }
    }
    CompiledRules.ints(out, counts);
    CompiledRules.ints(out, all);
  }

  /** An automaton {@link #write} wrote; an {@link IOException} when the form does not add up. */
  static KeywordIndex read(DataInputStream in) throws IOException {
    String[] keywords = new String[in.readInt()];
    for (int k = 0; k < keywords.length; k++) {
      keywords[k] = in.readUTF();
    }
    int longest = in.readInt();
    byte[] classOf = in.readNBytes(256);
    int classes = in.readInt();
    int[] delta = CompiledRules.ints(in);
    int[] counts = CompiledRules.ints(in);
    int[] all = CompiledRules.ints(in);
    if (classOf.length != 256
        || classes < 1
        || classes > 128
        || (long) counts.length * classes != delta.length) {
      throw new IOException("the compiled keyword automaton does not add up");
    }
    int[][] output = new int[counts.length][];
    int at = 0;
    for (int state = 0; state < counts.length; state++) {
      if (counts[state] >= 0) {
        if (at + counts[state] > all.length) {
          throw new IOException("the compiled keyword automaton does not add up");
        }
        output[state] = Arrays.copyOfRange(all, at, at + counts[state]);
        at += counts[state];
      }
    }
    return new KeywordIndex(keywords, longest, classOf, classes, delta, output);
  }

  private static boolean ascii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  /** The keywords ending at a state: its own, then its suffix link's; null for none. */
  private static int[] concat(List<Integer> own, int[] inherited) {
    int extra = inherited == null ? 0 : inherited.length;
    if (own.isEmpty() && extra == 0) {
      return null;
    }
    int[] all = new int[own.size() + extra];
    for (int i = 0; i < own.size(); i++) {
      all[i] = own.get(i);
    }
    if (extra > 0) {
      System.arraycopy(inherited, 0, all, own.size(), extra);
    }
    return all;
  }

  int size() {
    return keywords.length;
  }

  /** The length of the longest keyword: no hit is longer. */
  int longest() {
    return longest;
  }

  /**
   * Reports every keyword occurrence that lies wholly inside [from, to), in order of end offsets.
   */
  void scanRange(byte[] text, int from, int to, Hits hits) {
    keywords(text, from, to, hits);
  }

  /** Reports every occurrence of every keyword in the text, in order of their end offsets. */
  void scan(CharSequence text, Hits hits) {
    scan(DecodedText.of(text.toString()), hits);
  }

  /**
   * The same over the text's {@link DecodedText#latin1} bytes (one byte per character, so offsets
   * are the text's): a byte array reads faster than {@code String.charAt} in this hottest loop.
   */
  void scan(byte[] text, Hits hits) {
    scan(text, hits, (start, end) -> {});
  }

  /**
   * Also reports the runs of base64-alphabet characters at least {@link #MIN_RUN} long that mix
   * upper case, lower case and digits (as encoded text nearly always does, and words and
   * identifiers rarely do), for {@link EncodedContent}; runs in text order.
   */
  void scan(byte[] text, Hits hits, Runs runs) {
    keywords(text, 0, text.length, hits);
    runs(text, runs);
  }

  /**
   * Every keyword occurrence, in order of end offsets. Each step of the automaton waits on the
   * table read of the step before, which leaves most of the core idle; so a text of some length is
   * walked as three thirds at once, interleaved in one loop, for nearly twice the throughput of one
   * walk. Each later walk starts a keyword's length before its third, so a keyword across a seam is
   * found; its hits that end by the seam are the earlier walk's, and the others are held back until
   * the earlier walks have reported theirs.
   *
   * <p>The held hits go into small fixed arrays: anything that grows or calls out in this loop
   * costs the JIT a third of its speed. A walk with more hits than fit notes where the first one
   * that did not fit ends, and that part of its third is walked again afterwards.
   */
  private void keywords(byte[] text, int from, int to, Hits hits) {
    int length = to - from;
    int third = length / 3;
    int overlap = longest - 1;
    int startB = from + third - overlap;
    int startC = from + 2 * third - 2 * overlap;
    if (length < INTERLEAVED || startB <= from) {
      walk(text, from, to, 0, hits);
      return;
    }
    int endA = from + third; // walk A reports hits that end by here, B those after
    int endB = startB + third; // B reports hits that end by here, C those after
    int endC = startC + third;
    final byte[] classOf = this.classOf;
    final int[] delta = this.delta;
    final int[] heldA = new int[HELD];
    final int[] heldB = new int[HELD];
    final int[] heldC = new int[HELD];
    int countA = 0;
    int countB = 0;
    int countC = 0;
    int lostA = -1;
    int lostB = -1;
    int lostC = -1;
    int rowA = 0;
    int rowB = 0;
    int rowC = 0;
    for (int n = 0; n < third; n++) {
      int i = from + n;
      int j = startB + n;
      int k = startC + n;
      int nextA = delta[rowA + classOf[text[i] & 0xff]];
      int nextB = delta[rowB + classOf[text[j] & 0xff]];
      int nextC = delta[rowC + classOf[text[k] & 0xff]];
      if ((nextA | nextB | nextC) < 0) {
        if (nextA < 0) {
          nextA = ~nextA;
          if (countA < HELD) {
            heldA[countA] = nextA;
            heldA[countA + 1] = i + 1;
            countA += 2;
          } else if (lostA < 0) {
            lostA = i + 1;
          }
        }
        if (nextB < 0) {
          nextB = ~nextB;
          if (j + 1 > endA) {
            if (countB < HELD) {
              heldB[countB] = nextB;
              heldB[countB + 1] = j + 1;
              countB += 2;
            } else if (lostB < 0) {
              lostB = j + 1;
            }
          }
        }
        if (nextC < 0) {
          nextC = ~nextC;
          if (k + 1 > endB) {
            if (countC < HELD) {
              heldC[countC] = nextC;
              heldC[countC + 1] = k + 1;
              countC += 2;
            } else if (lostC < 0) {
              lostC = k + 1;
            }
          }
        }
      }
      rowA = nextA;
      rowB = nextB;
      rowC = nextC;
    }
    reportHeld(text, from, heldA, countA, lostA, endA, hits);
    reportHeld(text, from, heldB, countB, lostB, endB, hits);
    reportHeld(text, from, heldC, countC, lostC, endC, hits);
    walk(text, endC, to, rowC, hits);
  }

  /** (row, end) pairs a walk holds: room for 64 hits. */
  private static final int HELD = 128;

  /**
   * Reports a walk's held hits, then, when some did not fit (the first of those ending at {@code
   * lost}), every hit from there to the end of its third, {@code to}, by walking that part again: a
   * hit ending at {@code lost} or later starts no earlier than a keyword's length before.
   */
  private void reportHeld(
      byte[] text, int from, int[] held, int count, int lost, int to, Hits hits) {
    for (int h = 0; h < count; h += 2) {
      report(held[h], held[h + 1], hits);
    }
    if (lost >= 0) {
      walk(
          text,
          Math.max(from, lost - longest),
          to,
          0,
          (k, start, end) -> {
            if (end >= lost) {
              hits.hit(k, start, end);
            }
          });
    }
  }

  /** Runs the automaton over [from, to) from the given row, reporting every hit. */
  private void walk(byte[] text, int from, int to, int row, Hits hits) {
    final byte[] classOf = this.classOf;
    final int[] delta = this.delta;
    for (int i = from; i < to; i++) {
      int next = delta[row + classOf[text[i] & 0xff]];
      if (next < 0) {
        next = ~next;
        report(next, i + 1, hits);
      }
      row = next;
    }
  }

  /** Reports the keywords ending at {@code end} in the state whose row starts at {@code row}. */
  private void report(int row, int end, Hits hits) {
    for (int k : output[row / classes]) {
      hits.hit(k, end - keywords[k].length(), end);
    }
  }

  /**
   * The qualifying runs, without looking at every character: a run of {@link #MIN_RUN} or more
   * covers the character {@code MIN_RUN - 1} after its start, so where that one is outside the
   * alphabet no such run starts before it, and the search jumps past it. Elsewhere the run around
   * it is measured. {@code i} is always where a run could start (the text's start, or just after a
   * character outside the alphabet).
   */
  private static void runs(byte[] text, Runs runs) {
    final byte[] runClass = RUN_CLASS;
    int length = text.length;
    int i = 0;
    while (i + MIN_RUN <= length) {
      int probe = i + MIN_RUN - 1;
      if (runClass[text[probe] & 0xff] == 0) {
        i = probe + 1;
        continue;
      }
      // Measure the run around the probe, noting its character classes on the way.
      int classes = runClass[text[probe] & 0xff];
      int start = probe;
      int c;
      while (start > i && (c = runClass[text[start - 1] & 0xff]) != 0) {
        classes |= c;
        start--;
      }
      int end = probe + 1;
      while (end < length && (c = runClass[text[end] & 0xff]) != 0) {
        classes |= c;
        end++;
      }
      if (end - start >= MIN_RUN && (classes & 7) == 7) {
        runs.run(start, end);
      }
      i = end + 1;
    }
  }

  /**
   * Reports the qualifying runs that overlap [from, to), whole (a run may reach far outside), in
   * text order; none that starts before {@code resume}, which is where an earlier call for an
   * earlier range stopped.
   *
   * @return where this call stopped: just past the last run it looked at, or {@code to}
   */
  static int runsOverlapping(byte[] text, int from, int to, int resume, Runs runs) {
    final byte[] runClass = RUN_CLASS;
    int i = Math.max(from, resume);
    if (i == from) {
      while (i > 0
          && i < text.length
          && runClass[text[i] & 0xff] != 0
          && runClass[text[i - 1] & 0xff] != 0) {
        i--; // back to the start of the run that holds from
      }
    }
    while (i < to) {
      if (runClass[text[i] & 0xff] == 0) {
        // A qualifying run starting in the next MIN_RUN characters covers the last of them: when
        // that one is outside the alphabet, none does, and the search jumps to it (as runs does).
        int probe = i + MIN_RUN;
        i = probe < text.length && runClass[text[probe] & 0xff] == 0 ? probe : i + 1;
        continue;
      }
      int start = i;
      int classes = 0;
      int c;
      while (i < text.length && (c = runClass[text[i] & 0xff]) != 0) {
        classes |= c;
        i++;
      }
      if (i - start >= MIN_RUN && (classes & 7) == 7) {
        runs.run(start, i);
      }
    }
    return Math.max(i, to);
  }
}
