package dev.tokenscope.model;

import java.util.List;

/**
 * Text handed by a source to the detectors, with every place it occurs. A git blob that appears in
 * many commits and paths is one chunk with many origins, so it is scanned once; the detector
 * narrows each origin to the line and column of a match.
 */
public record Chunk(String text, List<Location> origins) {

  public Chunk {
    origins = List.copyOf(origins);
  }

  public static Chunk of(String text, Location origin) {
    return new Chunk(text, List.of(origin));
  }
}
