package dev.tokenscope.model;

import java.util.List;

/**
 * Text handed by a source to the detectors, with every place it occurs. A git blob that appears in
 * many commits and paths is one chunk with many origins, so it is scanned once; the detector
 * narrows each origin to the line and column of a match. A blob read from a git pack carries its
 * {@link Lineage}, which lets the detector skip the work that ranges copied from another blob
 * repeat (and keep its own for the blobs derived from this one); it is null otherwise.
 *
 * @param latin1 the text as one byte per character ({@link DecodedText#latin1}) when decoding made
 *     it, or null, in which case the detector derives it
 */
public record Chunk(String text, List<Location> origins, Lineage lineage, byte[] latin1) {

  public Chunk {
    origins = List.copyOf(origins);
    if (latin1 != null && latin1.length != text.length()) {
      throw new IllegalArgumentException("latin1 needs one byte per character of the text");
    }
  }

  public Chunk(String text, List<Location> origins) {
    this(text, origins, null, null);
  }

  /** Decoded bytes, with the form the detector reads kept. */
  public Chunk(DecodedText decoded, List<Location> origins, Lineage lineage) {
    this(decoded.text(), origins, lineage, decoded.latin1());
  }

  public static Chunk of(String text, Location origin) {
    return new Chunk(text, List.of(origin));
  }
}
