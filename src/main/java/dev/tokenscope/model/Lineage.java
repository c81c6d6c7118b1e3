package dev.tokenscope.model;

/**
 * Where a chunk's text came from, when most of it is copied from a text scanned before: git stores
 * most versions of a file as a delta of another version, a list of byte ranges copied from that
 * base plus a few inserted bytes. A detector may carry its per-character work on the base over to
 * the copied ranges instead of redoing it, and keeps what it found here for the texts derived from
 * this one. The findings must be exactly those of a scan from scratch: this is a shortcut, never a
 * filter.
 *
 * <p>Offsets are character offsets; a source attaches a lineage only to a text with one character
 * per byte (ASCII, or bytes read as ISO-8859-1), where they equal the delta's byte offsets.
 */
public final class Lineage {
  private static final int[] NO_COPIES = new int[0];

  private final Lineage base;
  private final int[] copies;
  private volatile Object kept;

  private Lineage(Lineage base, int[] copies) {
    this.base = base;
    this.copies = copies;
  }

  /** A text stored whole, not derived from another. */
  public static Lineage whole() {
    return new Lineage(null, NO_COPIES);
  }

  /**
   * A text derived from {@code base}'s.
   *
   * @param copies (offset here, offset in the base, length) triples, in order of offset here, not
   *     overlapping; the text between them is new
   */
  public static Lineage derived(Lineage base, int[] copies) {
    return new Lineage(base, copies);
  }

  /** The text this one was derived from, or null. */
  public Lineage base() {
    return base;
  }

  /** The (offset here, offset in the base, length) triples; the caller must not change them. */
  public int[] copies() {
    return copies;
  }

  /** What a detector kept of its scan of this text, or null when it has not scanned it. */
  public Object kept() {
    return kept;
  }

  /** Keeps a detector's scan of this text for the texts derived from it. */
  public void keep(Object scan) {
    kept = scan;
  }
}
