package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {
  @TempDir Path scratch;

  @Test
  void deletesTheTreeButNotWhatALinkInItPointsTo() throws IOException {
    Path outside = Files.createDirectories(scratch.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "kept");
    Path clone = Files.createDirectories(scratch.resolve("clone/a/b"));
    Files.writeString(clone.resolve("file.txt"), "x");
    Files.createSymbolicLink(scratch.resolve("clone/a/link"), outside);

    Folders.deleteTree(scratch.resolve("clone"));

    assertThat(scratch.resolve("clone")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("kept");
  }

  @Test
  void aMissingFolderIsNothingToDo() throws IOException {
    Folders.deleteTree(scratch.resolve("never-made"));

    assertThat(scratch.resolve("never-made")).doesNotExist();
  }
}
