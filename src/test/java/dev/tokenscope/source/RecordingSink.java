package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps everything a source hands it, for tests of the sources alone. */
class RecordingSink implements SourceSink {
  final List<Chunk> chunks = new CopyOnWriteArrayList<>();
  final List<String> skipped = new CopyOnWriteArrayList<>();
  final List<Problem> problems = new CopyOnWriteArrayList<>();
  private final ScanStats stats = new ScanStats();

  @Override
  public void chunk(Chunk chunk) {
    chunks.add(chunk);
  }

  @Override
  public void credential(Credential credential) {
    throw new AssertionError("file and git sources find no credentials by themselves");
  }

  @Override
  public void skipped(String where, String why) {
    stats.skipped.incrementAndGet();
    skipped.add(where + ": " + why);
  }

  @Override
  public void problem(String where, String message) {
    problems.add(new Problem(where, message));
  }

  @Override
  public ScanStats stats() {
    return stats;
  }

  List<String> paths() {
    return chunks.stream().flatMap(c -> c.origins().stream()).map(l -> l.path()).sorted().toList();
  }
}
