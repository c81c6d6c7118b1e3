package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git index of a repository: exactly the content {@code git commit} would record, which is what
 * a pre-commit check must judge (a file edited after {@code git add} is judged as staged, not as it
 * is on disk). Each staged blob is read once from the object store; paths are the repository's own
 * ({@code src/app.env}), the form the checkout's allow-list globs are written in.
 */
public final class StagedSource implements Source {
  private final Path directory;
  private final long maxBytes;

  public StagedSource(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  @Override
  public String describe() {
    return "staged changes of " + directory;
  }

  @Override
  public void read(SourceSink sink) {
    Repository repository;
    try {
      repository =
          new FileRepositoryBuilder()
              .findGitDir(directory.toAbsolutePath().toFile())
              .setMustExist(true)
              .build();
    } catch (IOException | IllegalArgumentException e) {
      sink.problem(directory.toString(), "not a git repository: run --staged inside a checkout");
      return;
    }
    if (repository.getDirectory() == null || repository.isBare()) {
      sink.problem(directory.toString(), "not a git checkout: --staged needs a working tree");
      repository.close();
      return;
    }
    try (repository;
        ObjectReader reader = repository.newObjectReader()) {
      DirCache index = repository.readDirCache();
      for (int i = 0; i < index.getEntryCount(); i++) {
        DirCacheEntry entry = index.getEntry(i);
        FileMode mode = entry.getFileMode();
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          continue; // symbolic links and submodules hold no content of this repository
        }
        String name = entry.getPathString();
        try {
          ObjectLoader blob = reader.open(entry.getObjectId());
          if (blob.getSize() > maxBytes) {
            sink.skipped(name, "larger than --max-file-size");
            continue;
          }
          byte[] bytes = blob.getCachedBytes(Integer.MAX_VALUE);
          if (FileSource.isBinary(bytes)) {
            sink.skipped(name, "binary");
            continue;
          }
          sink.stats().files.incrementAndGet();
          sink.stats().bytes.addAndGet(bytes.length);
          sink.chunk(Chunk.of(FileSource.decode(bytes), Location.file(name)));
        } catch (IOException | RuntimeException e) {
          sink.problem(name, "cannot read its staged content: " + FileSource.describe(e));
        }
      }
    } catch (IOException e) {
      sink.problem(directory.toString(), "cannot read the git index: " + FileSource.describe(e));
    }
  }
}
