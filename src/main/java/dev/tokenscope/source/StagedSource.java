package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What the next commit adds or changes: each entry of the git index whose content differs from
 * {@code HEAD}'s at that path (every entry before the first commit), as {@code git commit} would
 * record it, which is what a pre-commit check must judge (a file edited after {@code git add} is
 * judged as staged, not as it is on disk). Entries unchanged since {@code HEAD} were judged when
 * they were committed, and reading them again made a hook's time grow with the repository: the
 * index and {@code HEAD}'s tree are compared by object id, skipping identical subtrees, so no
 * unchanged blob is read. Paths are the repository's own ({@code src/app.env}), the form the
 * checkout's allow-list globs are written in.
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
        ObjectReader reader = repository.newObjectReader();
        TreeWalk walk = new TreeWalk(repository, reader)) {
      DirCache index = repository.readDirCache();
      walk.addTree(new DirCacheIterator(index));
      ObjectId head = repository.resolve(Constants.HEAD + "^{tree}");
      if (head != null) {
        walk.addTree(head);
        walk.setFilter(TreeFilter.ANY_DIFF);
      }
      walk.setRecursive(true);
      while (walk.next()) {
        FileMode mode = walk.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          continue; // removed from the index, a symbolic link or a submodule: no content to judge
        }
        String name = walk.getPathString();
        try {
          ObjectLoader blob = reader.open(walk.getObjectId(0));
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
          sink.chunk(new Chunk(FileSource.decodeText(bytes), List.of(Location.file(name)), null));
        } catch (IOException | RuntimeException e) {
          sink.problem(name, "cannot read its staged content: " + FileSource.describe(e));
        }
      }
    } catch (IOException e) {
      sink.problem(directory.toString(), "cannot read the git index: " + FileSource.describe(e));
    }
  }
}
