package dev.tokenscope.fleet;

import dev.tokenscope.source.Source;
import java.nio.file.Path;

/**
 * Turns a cloned bare repository into the source that reads its full history. The git history
 * source is plugged in here, so cloning, sharding and recording do not depend on how history is
 * walked.
 */
@FunctionalInterface
public interface RepositoryScanner {
  Source open(Path bareRepository, String name);
}
