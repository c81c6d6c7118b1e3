package dev.tokenscope.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The {@code .gitignore} rules that apply inside one folder: its own file and those of every
 * enclosing folder up to the repository root (plus {@code .git/info/exclude}), matched with JGit's
 * own gitignore implementation so tokenscope skips exactly what git would not track. Immutable: a
 * child folder gets a new instance that adds its own file.
 */
final class GitIgnore {
  /** One parsed ignore file and the folder its patterns are relative to. */
  private record Level(Path dir, IgnoreNode node) {}

  private final List<Level> levels;

  private GitIgnore(List<Level> levels) {
    this.levels = levels;
  }

  static GitIgnore none() {
    return new GitIgnore(List.of());
  }

  /**
   * The rules that apply inside {@code dir} before its own file is read: those of the enclosing
   * repository's folders above it (when it lies in one) and {@code .git/info/exclude}.
   */
  static GitIgnore forRoot(Path dir, List<Problem> problems) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path repoRoot = null;
    for (Path p = absolute; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        repoRoot = p;
        break;
      }
    }
    // The folders above the root; the root's own file is added when the walk enters it.
    List<Path> chain = new ArrayList<>();
    if (repoRoot != null) {
      for (Path p = absolute.getParent(); p != null && p.startsWith(repoRoot); p = p.getParent()) {
        chain.add(0, p);
      }
    }
    GitIgnore rules = none();
    if (repoRoot != null) {
      rules =
          rules.with(
              repoRoot, repoRoot.resolve(".git").resolve("info").resolve("exclude"), problems);
    }
    for (Path p : chain) {
      rules = rules.with(p, p.resolve(".gitignore"), problems);
    }
    return rules;
  }

  /** The rules for a sub-folder: these plus the sub-folder's own {@code .gitignore}, if any. */
  GitIgnore enter(Path dir, List<Problem> problems) {
    return with(dir, dir.resolve(".gitignore"), problems);
  }

  private GitIgnore with(Path dir, Path file, List<Problem> problems) {
    if (!Files.isRegularFile(file)) {
      return this;
    }
    IgnoreNode node = new IgnoreNode();
    try (InputStream in = Files.newInputStream(file)) {
      node.parse(file.toString(), in);
    } catch (IOException e) {
      problems.add(new Problem(file.toString(), "cannot read ignore file: " + e.getMessage()));
      return this;
    }
    List<Level> next = new ArrayList<>(levels);
    next.add(new Level(dir, node));
    return new GitIgnore(List.copyOf(next));
  }

  /**
   * True when git would ignore {@code path} (absolute and normalised); the deepest file with a
   * matching pattern decides, as in git.
   */
  boolean ignores(Path path, boolean directory) {
    for (int i = levels.size() - 1; i >= 0; i--) {
      Level level = levels.get(i);
      if (!path.startsWith(level.dir()) || path.equals(level.dir())) {
        continue;
      }
      String entry = level.dir().relativize(path).toString().replace('\\', '/');
      Boolean ignored = level.node().checkIgnored(entry, directory);
      if (ignored != null) {
        return ignored;
      }
    }
    return false;
  }
}
