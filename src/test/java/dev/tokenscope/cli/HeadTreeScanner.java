package dev.tokenscope.cli;

import dev.tokenscope.fleet.RepositoryScanner;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A stand-in for the full-history git source in tests: reads the files of HEAD of a bare
 * repository through JGit. Cloning, sharding and recording are what these tests check.
 */
final class HeadTreeScanner implements RepositoryScanner {
  @Override
  public Source open(Path bareRepository, String name) {
    return new Source() {
      @Override
      public String describe() {
        return "HEAD of " + name;
      }

      @Override
      public void read(SourceSink sink) {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(bareRepository.toFile()).build();
            RevWalk walk = new RevWalk(repository)) {
          ObjectId head = repository.resolve("HEAD");
          if (head == null) {
            return;
          }
          RevCommit commit = walk.parseCommit(head);
          try (TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
              byte[] bytes = repository.open(tree.getObjectId(0)).getBytes();
              sink.stats().blobs.incrementAndGet();
              sink.stats().bytes.addAndGet(bytes.length);
              Location where =
                  new Location("git", tree.getPathString(), 0, 0, commit.getName(), commit.getAuthorIdent().getName(), Instant.ofEpochSecond(commit.getCommitTime()), null);
              sink.chunk(Chunk.of(FileSource.decode(bytes), where));
            }
          }
        } catch (IOException e) {
          sink.problem(name, "cannot read: " + e.getMessage());
        }
      }
    };
  }
}
