package dev.tokenscope.model;

import java.util.List;

/**
 * Text handed by a source to the detectors, with every place it occurs. A git blob that appears in
 * many commits and paths is one chunk with many origins, so it is scanned once; the detector
 * narrows each origin to the line and column of a match. A blob read from a git pack carries its
 * {@link Lineage}, which lets the detector skip the work that ranges copied from another blob
 * repeat (and keep its own for the blobs derived from this one); it is null otherwise.
 */
public record Chunk(String text, List<Location> origins, Lineage lineage) {

  public Chunk {
    origins = List.copyOf(origins);
  }

  public Chunk(String text, List<Location> origins) {
    this(text, origins, null);
  }

  public static Chunk of(String text, Location origin) {
    return new Chunk(text, List.of(origin));
  }
}
