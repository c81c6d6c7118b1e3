package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files and folders. Binary files (a NUL byte in the first 8 KiB) and files over the size limit
 * are skipped and counted; unreadable files are reported and the walk goes on. Files are read in
 * parallel.
 */
public final class FileSource implements Source {
  private final List<Path> roots;
  private final long maxFileBytes;

  public FileSource(List<Path> roots, long maxFileBytes) {
    this.roots = List.copyOf(roots);
    this.maxFileBytes = maxFileBytes;
  }

  @Override
  public String describe() {
    return "files under " + roots;
  }

  @Override
  public void read(SourceSink sink) {
    for (Path root : roots) {
      if (!Files.exists(root)) {
        sink.problem(root.toString(), "no such file or directory");
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> !isGitDir(p)).filter(Files::isRegularFile).parallel().forEach(p -> readFile(p, sink));
      } catch (IOException | UncheckedIOException e) {
        sink.problem(root.toString(), "cannot list: " + e.getMessage());
      }
    }
  }

  private static boolean isGitDir(Path path) {
    for (Path part : path) {
      if (part.toString().equals(".git")) {
        return true;
      }
    }
    return false;
  }

  private void readFile(Path file, SourceSink sink) {
    String name = file.toString();
    try {
      long size = Files.size(file);
      if (size > maxFileBytes) {
        sink.skipped(name, "larger than " + maxFileBytes + " bytes");
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (isBinary(bytes)) {
        sink.skipped(name, "binary");
        return;
      }
      sink.stats().files.incrementAndGet();
      sink.stats().bytes.addAndGet(bytes.length);
      sink.chunk(Chunk.of(decode(bytes), Location.file(name)));
    } catch (IOException e) {
      sink.problem(name, "cannot read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  /** True when the first 8 KiB hold a NUL byte. */
  public static boolean isBinary(byte[] bytes) {
    int limit = Math.min(bytes.length, 8192);
    for (int i = 0; i < limit; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** UTF-8 where valid; otherwise ISO-8859-1, which maps every byte, so no token is lost. */
  public static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
