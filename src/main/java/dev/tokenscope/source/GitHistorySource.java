package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.DecodedText;
import dev.tokenscope.model.Lineage;
import dev.tokenscope.model.Location;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * The history of a git repository, read through JGit. Every commit reachable from any ref is
 * compared with its parents; each blob a commit adds or changes at a path is an origin of that blob
 * (commit, path, author, date). Each unique blob is then read and scanned once, as one chunk
 * carrying all its origins, earliest first, so a secret committed and later deleted is still found
 * and reported where it was introduced. With {@code since}, only commits in {@code since..HEAD} are
 * compared, which makes a pre-merge check cost the size of the change.
 *
 * <p>Blobs are read in two ways, on every core. Most come from one pass over each pack file ({@link
 * PackWalk}), which inflates every object once and derives each delta from its base in memory,
 * instead of inflating a chain's bases again for each blob as a reader does when they fall out of
 * its cache. What that pass leaves (loose objects, blobs of other packs, damaged objects) is read
 * one at a time by one object reader per thread. Blobs are never held together: memory is bounded
 * by the largest blob times the delta-chain depth per core (at most {@link
 * PackWalk#LIVE_BYTES_PER_THREAD}), not by the size of the repository. A missing or corrupt object,
 * a shallow clone and a path that is no repository are reported as problems; everything readable is
 * still scanned.
 */
public final class GitHistorySource implements Source {
  private final Path path;
  private final String since;
  private final long maxBlobBytes;

  /**
   * @param since a revision (a branch, tag or commit id); null for the full history
   */
  public GitHistorySource(Path path, String since, long maxBlobBytes) {
    this.path = path;
    this.since = since;
    this.maxBlobBytes = maxBlobBytes;
  }

  @Override
  public String describe() {
    return since == null ? "git history of " + path : "git commits " + since + "..HEAD of " + path;
  }

  @Override
  public void read(SourceSink sink) {
    if (!Files.isDirectory(path)) {
      sink.problem(
          path.toString(),
          Files.exists(path) ? "not a folder: --git needs a repository folder" : "no such folder");
      return;
    }
    Repository repository;
    try {
      repository = open(path);
    } catch (IOException | RuntimeException e) {
      sink.problem(path.toString(), "cannot open the git repository: " + FileSource.describe(e));
      return;
    }
    if (repository == null) {
      sink.problem(
          path.toString(),
          "not a git repository (no .git here): give the folder that holds .git, or a bare repository; to scan plain files drop --git");
      return;
    }
    try (repository) {
      reportShallow(repository, sink);
      // For the whole history nearly every blob of the packs is wanted, so the passes over them
      // read the packs' indexes and layouts on a spare core while the commits are walked.
      CompletableFuture<List<PackWalk>> prepared =
          since == null ? CompletableFuture.supplyAsync(() -> prepared(repository), DAEMON) : null;
      Map<ObjectId, List<Location>> blobs =
          since == null ? allBlobs(repository, sink) : blobsSince(repository, sink);
      if (blobs != null) {
        scan(repository, prepared == null ? passes(repository) : prepared.join(), blobs, sink);
      }
    }
  }

  /**
   * The repository at {@code dir} (a work tree or a bare repository), or null when there is none.
   */
  static Repository open(Path dir) throws IOException {
    File file = dir.toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    if (Files.exists(dir.resolve(Constants.DOT_GIT))) {
      builder.setWorkTree(file);
    } else if (Files.isDirectory(dir)
        && RepositoryCache.FileKey.isGitRepository(file, FS.DETECTED)) {
      builder.setGitDir(file);
    } else {
      return null;
    }
    return builder.build();
  }

  private void reportShallow(Repository repository, SourceSink sink) {
    try {
      Set<ObjectId> shallow = repository.getObjectDatabase().getShallowCommits();
      if (!shallow.isEmpty()) {
        sink.problem(
            path.toString(),
            "shallow clone: the history before "
                + shallow.size()
                + " commit(s) is missing, so only part of it was scanned"
                + " (run `git fetch --unshallow` to scan everything)");
      }
    } catch (IOException e) {
      sink.problem(
          path.toString(), "cannot read the list of shallow commits: " + FileSource.describe(e));
    }
  }

  /** A single pass ({@link PackWalk}) for each pack of the repository. */
  private List<PackWalk> passes(Repository repository) {
    List<PackWalk> passes = new ArrayList<>();
    if (repository.getObjectDatabase() instanceof ObjectDirectory objects) {
      for (Pack pack : objects.getPacks()) {
        try {
          passes.add(new PackWalk(pack.getPackFile().toPath(), pack.getIndex(), maxBlobBytes));
        } catch (IOException | RuntimeException e) {
          // Its blobs are read one at a time, which names the damage if there is any.
        }
      }
    }
    return passes;
  }

  /** The passes, each with its pack's layout read. */
  private List<PackWalk> prepared(Repository repository) {
    List<PackWalk> passes = passes(repository);
    for (PackWalk pass : passes) {
      try {
        pass.prepare();
      } catch (IOException | RuntimeException e) {
        // The pass then reads nothing, and its blobs are read one at a time.
      }
    }
    return passes;
  }

  private static final Executor DAEMON =
      task -> {
        Thread thread = new Thread(task, "tokenscope-pack-layout");
        thread.setDaemon(true);
        thread.start();
      };

  /** Every blob introduced by any commit reachable from any ref (and HEAD). */
  private Map<ObjectId, List<Location>> allBlobs(Repository repository, SourceSink sink) {
    try (RevWalk walk = new RevWalk(repository)) {
      List<Ref> refs = new ArrayList<>(repository.getRefDatabase().getRefs());
      Ref head = repository.exactRef(Constants.HEAD);
      if (head != null) {
        refs.add(head);
      }
      List<RevCommit> starts = new ArrayList<>();
      for (Ref ref : refs) {
        if (ref.getObjectId() == null) {
          continue; // an unborn branch
        }
        try {
          RevObject target = walk.peel(walk.parseAny(ref.getObjectId()));
          if (target instanceof RevCommit commit) {
            starts.add(commit);
          }
        } catch (IOException e) {
          sink.problem(
              path + " (ref " + ref.getName() + ")",
              "cannot read " + ref.getObjectId().name() + ": " + objectError(e));
        }
      }
      return everyCommit(repository, walk, starts, sink);
    } catch (IOException e) {
      sink.problem(path.toString(), "cannot list refs: " + objectError(e));
      return null;
    }
  }

  /**
   * Visits every commit reachable from {@code starts}, in no particular order (origins are sorted
   * afterwards). Unlike a {@link RevWalk} iteration, which stops at the first unreadable commit,
   * this goes on past damage: an unreadable commit is reported and skipped, and a commit whose
   * parent cannot be read is compared with the parents that can (all its files count as new when
   * none can), so a secret is over-reported rather than missed.
   */
  private Map<ObjectId, List<Location>> everyCommit(
      Repository repository, RevWalk walk, List<RevCommit> starts, SourceSink sink) {
    List<Step> steps = new ArrayList<>();
    RevFlag seen = walk.newFlag("seen");
    Deque<RevCommit> todo = new ArrayDeque<>();
    for (RevCommit start : starts) {
      if (!start.has(seen)) {
        start.add(seen);
        todo.push(start);
      }
    }
    while (!todo.isEmpty()) {
      RevCommit commit = todo.pop();
      try {
        walk.parseHeaders(commit);
      } catch (IOException | RuntimeException e) {
        sink.problem(
            path + " (commit " + commit.name() + ")", "cannot read the commit: " + objectError(e));
        continue;
      }
      List<RevCommit> readable = new ArrayList<>();
      for (RevCommit parent : commit.getParents()) {
        try {
          walk.parseHeaders(parent);
          readable.add(parent);
        } catch (IOException | RuntimeException e) {
          // Reported once, when the parent itself is taken from the queue.
        }
        if (!parent.has(seen)) {
          parent.add(seen);
          todo.push(parent);
        }
      }
      steps.add(new Step(commit, readable));
    }
    return compare(repository, steps, sink);
  }

  /** The blobs introduced by the commits in {@code since..HEAD}. */
  private Map<ObjectId, List<Location>> blobsSince(Repository repository, SourceSink sink) {
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId head = repository.resolve(Constants.HEAD);
      if (head == null) {
        sink.problem(path.toString(), "HEAD does not point at a commit (empty repository?)");
        return null;
      }
      ObjectId base = repository.resolve(since + "^{commit}");
      if (base == null) {
        sink.problem(
            path.toString(),
            "--since "
                + since
                + ": no such revision (fetch it first, e.g. `git fetch origin main`)");
        return null;
      }
      walk.markStart(walk.parseCommit(head));
      walk.markUninteresting(walk.parseCommit(base));
      return introduced(repository, walk, sink);
    } catch (IOException | RuntimeException e) {
      sink.problem(path.toString(), "cannot walk " + since + "..HEAD: " + objectError(e));
      return null;
    }
  }

  /** Walks the commits marked on {@code walk}; for each, the blobs it adds or changes. */
  private Map<ObjectId, List<Location>> introduced(
      Repository repository, RevWalk walk, SourceSink sink) {
    List<Step> steps = new ArrayList<>();
    while (true) {
      RevCommit commit;
      try {
        commit = walk.next();
      } catch (IOException | RuntimeException e) {
        sink.problem(
            path.toString(),
            "history walk stopped early: "
                + objectError(e)
                + "; the blobs found so far were scanned");
        break;
      }
      if (commit == null) {
        break;
      }
      try {
        for (RevCommit parent : commit.getParents()) {
          walk.parseHeaders(parent);
        }
        steps.add(new Step(commit, List.of(commit.getParents())));
      } catch (IOException | RuntimeException e) {
        sink.problem(
            path + " (commit " + commit.name() + ")", "cannot read its tree: " + objectError(e));
      }
    }
    return compare(repository, steps, sink);
  }

  /** How many neighbouring commits a walk thread compares in a row. */
  private static final int RUN = 256;

  /** A commit, to be compared with those of its parents that could be read. */
  private record Step(RevCommit commit, List<RevCommit> parents) {}

  /** The blobs one commit introduces, each with its origin there, or why its tree is unreadable. */
  private record Introduced(List<ObjectId> ids, List<Location> origins, String problem) {}

  /**
   * Compares every commit with its parents, on every core, and gathers the blobs they introduce in
   * the order of {@code steps}, so the result never depends on the threads' timing. Comparing trees
   * is nearly all of a walk: netty's 22,555 commits took about 3.4 seconds on one core, 1.8 on two.
   */
  private Map<ObjectId, List<Location>> compare(
      Repository repository, List<Step> steps, SourceSink sink) {
    Introduced[] introduced = new Introduced[steps.size()];
    AtomicInteger next = new AtomicInteger();
    int threads = Runtime.getRuntime().availableProcessors();
    try {
      Workers.run(
          "tokenscope-walk",
          threads,
          () -> {
            // Runs of neighbouring commits, which share most of their trees, so that the delta
            // bases each reader keeps are the ones its next commits need.
            try (ObjectReader reader = repository.newObjectReader()) {
              for (int from = next.getAndAdd(RUN);
                  from < introduced.length;
                  from = next.getAndAdd(RUN)) {
                for (int i = from; i < Math.min(from + RUN, introduced.length); i++) {
                  introduced[i] = changes(reader, steps.get(i));
                }
              }
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.problem(path.toString(), "interrupted while comparing commits; nothing was scanned");
      return null;
    }
    Map<ObjectId, List<Location>> blobs = new LinkedHashMap<>();
    for (int i = 0; i < introduced.length; i++) {
      Introduced one = introduced[i];
      if (one.problem() != null) {
        sink.problem(
            path + " (commit " + steps.get(i).commit().name() + ")",
            "cannot read its tree: " + one.problem());
        continue;
      }
      for (int j = 0; j < one.ids().size(); j++) {
        blobs.computeIfAbsent(one.ids().get(j), k -> new ArrayList<>()).add(one.origins().get(j));
      }
    }
    sortOrigins(blobs);
    return blobs;
  }

  private static void sortOrigins(Map<ObjectId, List<Location>> blobs) {
    for (List<Location> origins : blobs.values()) {
      origins.sort(EARLIEST_FIRST);
    }
  }

  static final Comparator<Location> EARLIEST_FIRST =
      Comparator.comparing(Location::date, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(Location::path, Comparator.nullsLast(Comparator.naturalOrder()));

  /**
   * The blobs a commit introduces: for a root commit every file, otherwise each path whose blob
   * differs from the blob at that path in every parent (so a merge adds only what neither side
   * had).
   */
  private static Introduced changes(ObjectReader reader, Step step) {
    RevCommit commit = step.commit();
    List<RevCommit> parents = step.parents();
    List<ObjectId> ids = new ArrayList<>();
    List<Location> origins = new ArrayList<>();
    try (TreeWalk tree = new TreeWalk(reader)) {
      tree.setRecursive(true);
      tree.addTree(commit.getTree());
      for (RevCommit parent : parents) {
        tree.addTree(parent.getTree());
      }
      if (!parents.isEmpty()) {
        tree.setFilter(TreeFilter.ANY_DIFF);
      }
      PersonIdent author = commit.getAuthorIdent();
      String who = author.getName() + " <" + author.getEmailAddress() + ">";
      Instant when = author.getWhenAsInstant();
      while (tree.next()) {
        FileMode mode = tree.getFileMode(0);
        if (mode.getObjectType() != Constants.OBJ_BLOB || mode == FileMode.SYMLINK) {
          continue; // deleted here, a submodule, or a link whose blob is only a path
        }
        ObjectId id = tree.getObjectId(0);
        boolean fromParent = false;
        for (int i = 1; i <= parents.size(); i++) {
          fromParent |= id.equals(tree.getObjectId(i));
        }
        if (!fromParent) {
          ids.add(id.copy());
          origins.add(
              new Location("git", tree.getPathString(), 0, 0, commit.name(), who, when, null));
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Introduced(List.of(), List.of(), objectError(e));
    }
    return new Introduced(ids, origins, null);
  }

  /**
   * Reads and hands on each blob once, on every core: first whatever a single pass over each pack
   * can read ({@link PackWalk}), then the rest (loose objects, other packs, anything the pass could
   * not read) one at a time, one object reader per thread.
   */
  private void scan(
      Repository repository,
      List<PackWalk> passes,
      Map<ObjectId, List<Location>> blobs,
      SourceSink sink) {
    List<ObjectId> ids = new ArrayList<>(blobs.keySet());
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ids.size()));
    boolean[] delivered = new boolean[ids.size()];
    try {
      readPacks(passes, ids, blobs, delivered, threads, sink);
      List<ObjectId> rest = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (!delivered[i]) {
          rest.add(ids.get(i));
        }
      }
      readEach(repository, rest, blobs, threads, sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.problem(path.toString(), "interrupted; the history was only partly scanned");
    }
  }

  /**
   * The single pass over each pack. It is only a faster way to the same bytes: when it fails, the
   * blobs it did not hand on are read one at a time, which reports any damage.
   */
  private void readPacks(
      List<PackWalk> passes,
      List<ObjectId> ids,
      Map<ObjectId, List<Location>> blobs,
      boolean[] delivered,
      int threads,
      SourceSink sink)
      throws InterruptedException {
    PackWalk.Receiver receiver =
        new PackWalk.Receiver() {
          @Override
          public void blob(int wanted, byte[] bytes, Lineage lineage) {
            ObjectId id = ids.get(wanted);
            hand(id, blobs.get(id), bytes, lineage, sink);
          }

          @Override
          public void tooLarge(int wanted, long size) {
            ObjectId id = ids.get(wanted);
            skipLarge(where(id, blobs.get(id)), size, sink);
          }
        };
    for (PackWalk pass : passes) {
      try {
        pass.read(ids, delivered, threads, receiver);
      } catch (IOException | RuntimeException e) {
        // Read one at a time below, which names the damage if there is any.
      }
    }
  }

  /** Reads each blob through an object reader per thread, on {@code threads} threads. */
  private void readEach(
      Repository repository,
      List<ObjectId> ids,
      Map<ObjectId, List<Location>> blobs,
      int threads,
      SourceSink sink)
      throws InterruptedException {
    if (ids.isEmpty()) {
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Workers.run(
        "tokenscope-git",
        Math.min(threads, ids.size()),
        () -> {
          try (ObjectReader reader = repository.newObjectReader()) {
            for (int index = next.getAndIncrement();
                index < ids.size();
                index = next.getAndIncrement()) {
              ObjectId id = ids.get(index);
              readBlob(reader, id, blobs.get(id), sink);
            }
          }
        });
  }

  private void readBlob(ObjectReader reader, ObjectId id, List<Location> origins, SourceSink sink) {
    String where = where(id, origins);
    try {
      ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
      long size = loader.getSize();
      if (size > maxBlobBytes) {
        skipLarge(where, size, sink);
        return;
      }
      // The cached array is JGit's own, read-only here: no copy. A large object is streamed
      // instead.
      byte[] bytes =
          loader.isLarge()
              ? loader.getBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBlobBytes))
              : loader.getCachedBytes();
      hand(id, origins, bytes, null, sink);
    } catch (IOException | RuntimeException e) {
      sink.problem(where, "cannot read the blob: " + objectError(e));
    }
  }

  /**
   * Hands a blob's text on as one chunk with all its origins; binary blobs are counted, not
   * scanned. The lineage goes with the text only when the text has a character per byte, so that
   * the delta's byte offsets are its character offsets.
   */
  private static void hand(
      ObjectId id, List<Location> origins, byte[] bytes, Lineage lineage, SourceSink sink) {
    try {
      java.nio.charset.Charset wide = FileSource.utf16(bytes, bytes.length);
      if (FileSource.isBinary(bytes, bytes.length, wide)) {
        sink.skipped(where(id, origins), "binary");
        return;
      }
      sink.stats().blobs.incrementAndGet();
      sink.stats().bytes.addAndGet(bytes.length);
      DecodedText text = FileSource.decodeText(bytes, wide);
      sink.chunk(new Chunk(text, origins, text.latin1() == bytes ? lineage : null));
    } catch (RuntimeException e) {
      sink.problem(where(id, origins), "cannot scan the blob: " + FileSource.describe(e));
    }
  }

  private void skipLarge(String where, long size, SourceSink sink) {
    sink.skipped(where, "larger than --max-file-size");
    sink.problem(
        where,
        "not scanned: "
            + FileSource.megabytes(size)
            + " is over the --max-file-size limit of "
            + FileSource.megabytes(maxBlobBytes)
            + " (raise --max-file-size to scan it)");
  }

  /** A blob named for a reader: its first path, its id, and the commit that introduced it. */
  private static String where(ObjectId id, List<Location> origins) {
    Location first = origins.get(0);
    return first.path()
        + " (blob "
        + id.abbreviate(10).name()
        + " in commit "
        + first.commit().substring(0, 12)
        + ")";
  }

  /** Says what went wrong with an object and what the user can do. */
  static String objectError(Exception e) {
    if (e instanceof MissingObjectException missing) {
      return "object "
          + missing.getObjectId().name()
          + " is missing or unreadable (incomplete clone, deleted object or damaged pack;"
          + " `git fsck` shows the damage)";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message + " (the repository may be corrupt; `git fsck` shows the damage)";
  }
}
