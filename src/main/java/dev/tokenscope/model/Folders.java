package dev.tokenscope.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing the folders tokenscope makes for itself (a bench's scratch folder, a fleet clone). */
public final class Folders {
  private Folders() {}

  /**
   * Deletes {@code dir} and everything under it; nothing when it does not exist. Links are not
   * followed: a link inside (a cloned repository may hold one to anywhere) is removed, never what
   * it points to.
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> walk = Files.walk(dir)) {
      deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : deepestFirst) {
      Files.deleteIfExists(p);
    }
  }
}
