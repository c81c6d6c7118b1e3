package dev.tokenscope.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.util.FS;

/**
 * The {@code .gitignore} rules that apply inside one folder: its own file and those of every
 * enclosing folder up to the repository root (plus {@code .git/info/exclude}), matched with JGit's
 * own gitignore implementation so tokenscope skips exactly what git would not track. Immutable: a
 * child folder gets a new instance that adds its own file.
 *
 * <p>As in git, ignore rules do not apply to a file the repository tracks: a {@code .env} committed
 * before {@code .env} was added to {@code .gitignore} (or added with {@code git add -f}) is in
 * every clone, so it is scanned, and so is each ignored folder that holds tracked files.
 */
final class GitIgnore {
  /** One parsed ignore file and the folder its patterns are relative to. */
  private record Level(Path dir, IgnoreNode node) {}

  private final List<Level> levels;
  private final Tracked tracked;

  /**
   * True inside a folder the rules ignore, entered only for the files git tracks in it: there,
   * everything else is ignored, as git cannot re-include a file whose folder is excluded.
   */
  private final boolean excluded;

  private GitIgnore(List<Level> levels, Tracked tracked, boolean excluded) {
    this.levels = levels;
    this.tracked = tracked;
    this.excluded = excluded;
  }

  static GitIgnore none() {
    return new GitIgnore(List.of(), null, false);
  }

  /**
   * The paths in the repository's index, read the first time an ignore rule matches something (a
   * tree with nothing ignored never reads it). Used by the walking thread only.
   */
  private static final class Tracked {
    private final Path repoRoot;
    private final List<Problem> problems;
    private Set<String> files;
    private Set<String> folders;

    Tracked(Path repoRoot, List<Problem> problems) {
      this.repoRoot = repoRoot;
      this.problems = problems;
    }

    /** True when git tracks the file, or some file inside the folder. */
    boolean contains(Path path, boolean directory) {
      if (files == null) {
        load();
      }
      String relative = repoRoot.relativize(path).toString().replace('\\', '/');
      return directory ? folders.contains(relative) : files.contains(relative);
    }

    private void load() {
      files = new HashSet<>();
      folders = new HashSet<>();
      // Only a .git folder's own index, not through a link: a .git file (a worktree's, a
      // submodule's) names another folder, and scanned content does not choose what is read from
      // this machine. There the ignore rules apply as written.
      Path index = repoRoot.resolve(".git").resolve("index");
      if (!Files.isDirectory(repoRoot.resolve(".git"), LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
        return; // nothing staged yet, or a worktree or submodule
      }
      try {
        DirCache cache = DirCache.read(index.toFile(), FS.DETECTED);
        for (int i = 0; i < cache.getEntryCount(); i++) {
          String path = cache.getEntry(i).getPathString();
          files.add(path);
          for (int slash = path.lastIndexOf('/');
              slash > 0 && folders.add(path.substring(0, slash));
              slash = path.lastIndexOf('/', slash - 1)) {
            // every enclosing folder, up to one already recorded
          }
        }
      } catch (IOException | RuntimeException e) {
        problems.add(
            new Problem(
                index.toString(),
                "cannot read the git index, so ignored files that git tracks are not scanned: "
                    + e.getMessage()));
      }
    }
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
    GitIgnore rules =
        repoRoot == null
            ? none()
            : new GitIgnore(List.of(), new Tracked(repoRoot, problems), false);
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

  /**
   * The rules inside a folder named on the command line (absolute and normalised): these plus its
   * own {@code .gitignore}. It is scanned even when the rules ignore it.
   */
  GitIgnore root(Path dir, List<Problem> problems) {
    return with(dir, dir.resolve(".gitignore"), problems);
  }

  /**
   * The rules for a sub-folder (absolute and normalised), or null when git ignores it: these plus
   * the sub-folder's own {@code .gitignore}, if any. A folder these rules ignore is entered, for
   * the files git tracks in it only, when it holds any.
   */
  GitIgnore enter(Path dir, List<Problem> problems) {
    boolean matched = excluded || matches(dir, true);
    if (matched && !tracks(dir, true)) {
      return null;
    }
    GitIgnore here = matched == excluded ? this : new GitIgnore(levels, tracked, true);
    return here.with(dir, dir.resolve(".gitignore"), problems);
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
    return new GitIgnore(List.copyOf(next), tracked, excluded);
  }

  /**
   * True when git would ignore {@code path} (absolute and normalised): the deepest file with a
   * matching pattern decides, as in git, and a file git tracks (or a folder holding one) is never
   * ignored.
   */
  boolean ignores(Path path, boolean directory) {
    return (excluded || matches(path, directory)) && !tracks(path, directory);
  }

  /** True when git tracks the file, or a file inside the folder. */
  private boolean tracks(Path path, boolean directory) {
    return tracked != null
        && path.startsWith(tracked.repoRoot)
        && tracked.contains(path, directory);
  }

  private boolean matches(Path path, boolean directory) {
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
