package dev.tokenscope.source;

import dev.tokenscope.model.ByteSearch;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.DecodedText;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Files and folders. Folders are walked honouring {@code .gitignore} files (nested ones too, with
 * JGit's matcher) unless told not to; {@code .git} folders are never entered. Binary files (a NUL
 * byte in the first 8 KiB) are skipped and counted; files over the size limit are skipped with a
 * message, without being read; files that cannot be read are reported by name and the rest is
 * scanned. Files are read and detected in parallel, on every core, while the walk goes on.
 */
public final class FileSource implements Source {
  static final int BINARY_PROBE = 8192;

  private final List<Path> roots;
  private final long maxFileBytes;
  private final boolean honourGitIgnore;

  /** The default size limit of a file or blob: larger ones are reported, not read. */
  public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

  public FileSource(List<Path> roots, long maxFileBytes) {
    this(roots, maxFileBytes, true);
  }

  /**
   * @param honourGitIgnore false for {@code --no-ignore}: scan what git would ignore too
   */
  public FileSource(List<Path> roots, long maxFileBytes, boolean honourGitIgnore) {
    this.roots = List.copyOf(roots);
    this.maxFileBytes = maxFileBytes;
    this.honourGitIgnore = honourGitIgnore;
  }

  @Override
  public String describe() {
    return "files under " + roots;
  }

  @Override
  public void read(SourceSink sink) {
    // Files are read and detected while the folders are still being walked: the walk (a listing
    // and a stat per entry, .gitignore matching) is a fifth of a cold scan of a source tree, and
    // on two cores it no longer comes before all of the reading.
    Readers readers = new Readers(sink);
    List<Problem> problems = new ArrayList<>();
    try {
      for (Path root : roots) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
          sink.problem(root.toString(), "no such file or directory");
        } else if (Files.isDirectory(root)) {
          // A folder named on the command line is scanned even when ignored: only what is
          // below it is judged by the ignore rules, its own file included.
          GitIgnore ignore =
              honourGitIgnore
                  ? GitIgnore.forRoot(root, problems)
                      .root(root.toAbsolutePath().normalize(), problems)
                  : GitIgnore.none();
          walk(root, ignore, readers, problems, sink);
        } else {
          // A file named on the command line is read even when it is ignored or a link.
          readers.add(root, -1);
        }
      }
    } finally {
      problems.forEach(p -> sink.problem(p.where(), p.message()));
      readers.finish();
    }
  }

  /**
   * The threads that read the files the walk finds: one per core but one from the start, and the
   * walking thread itself once the walk is over. A file is read by whichever is free.
   */
  private final class Readers {
    /** Marks the end of the files, once for each reading thread. */
    private static final Found END = new Found(Path.of(""), -1);

    private final SourceSink sink;
    private final BlockingQueue<Found> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Readers(SourceSink sink) {
      this.sink = sink;
      int helpers = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
      for (int i = 0; i < helpers; i++) {
        Thread thread = new Thread(this::drain, "tokenscope-read-" + i);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
    }

    void add(Path file, long size) {
      queue.add(new Found(file, size));
    }

    /** Reads what is left on this thread too, waits for the others, and rethrows their failure. */
    void finish() {
      for (int i = 0; i <= threads.size(); i++) {
        queue.add(END);
      }
      drain();
      for (Thread thread : threads) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading files", e);
        }
      }
      Throwable failed = failure.get();
      if (failed instanceof RuntimeException e) {
        throw e;
      }
      if (failed instanceof Error e) {
        throw e;
      }
    }

    /** Reads files until its end marker; after a failure anywhere, only takes them off. */
    private void drain() {
      while (true) {
        Found next;
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (next == END) {
          return;
        }
        if (failure.get() != null) {
          continue;
        }
        try {
          readFile(next.path(), next.size(), sink);
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e); // readFile reports I/O trouble itself: this is a bug
        }
      }
    }
  }

  /** A file to read, with its size from the walk, or -1 when not known yet. */
  private record Found(Path path, long size) {}

  /** Walks {@code dir}, whose ignore rules (its own file included) are {@code here}. */
  private void walk(
      Path dir, GitIgnore here, Readers readers, List<Problem> problems, SourceSink sink) {
    Path absoluteDir = dir.toAbsolutePath().normalize();
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException | RuntimeException e) {
      problems.add(new Problem(dir.toString(), "cannot list folder: " + describe(e)));
      return;
    }
    entries.sort(null);
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        problems.add(new Problem(entry.toString(), "cannot read file attributes: " + describe(e)));
        continue;
      }
      boolean directory = attributes.isDirectory();
      if (directory && name.equals(".git")) {
        continue;
      }
      if (directory) {
        // One decision per folder: whether git ignores it, and the rules inside it if not.
        GitIgnore inside = honourGitIgnore ? here.enter(absoluteDir.resolve(name), problems) : here;
        if (inside != null) {
          walk(entry, inside, readers, problems, sink);
        }
      } else if (here.ignores(absoluteDir.resolve(name), false)) {
        continue;
      } else if (attributes.isRegularFile()) {
        readers.add(entry, attributes.size());
      } else {
        sink.skipped(
            entry.toString(),
            attributes.isSymbolicLink() ? "symbolic link (not followed)" : "not a regular file");
      }
    }
  }

  private void readFile(Path file, long knownSize, SourceSink sink) {
    String name = file.toString();
    try {
      long size = knownSize >= 0 ? knownSize : Files.size(file);
      if (size > maxFileBytes) {
        sink.skipped(name, "larger than --max-file-size");
        sink.problem(
            name,
            "not scanned: "
                + megabytes(size)
                + " is over the --max-file-size limit of "
                + megabytes(maxFileBytes)
                + " (raise --max-file-size to scan it)");
        return;
      }
      byte[] bytes = new byte[(int) size];
      int read;
      Charset wide; // decided by the first 8 KiB, as is binary or not
      try (InputStream in = Files.newInputStream(file)) {
        // The first 8 KiB decide whether the rest is worth reading at all.
        read = in.readNBytes(bytes, 0, Math.min(BINARY_PROBE, bytes.length));
        wide = utf16(bytes, read);
        if (isBinary(bytes, read, wide)) {
          sink.skipped(name, "binary");
          return;
        }
        read += in.readNBytes(bytes, read, bytes.length - read);
        int next = in.read();
        if (next >= 0) {
          // More than its size said: a file still growing, or a /proc file whose size reads 0.
          byte[] rest =
              in.readNBytes(
                  (int) Math.max(0, Math.min(Integer.MAX_VALUE - 16, maxFileBytes - read - 1)));
          bytes = Arrays.copyOf(bytes, read + 1 + rest.length);
          bytes[read] = (byte) next;
          System.arraycopy(rest, 0, bytes, read + 1, rest.length);
          read = bytes.length;
          if (in.read() >= 0) {
            // A pipe, device or growing file longer than the limit: what is past it was not read.
            sink.problem(
                name,
                "truncated: only the first "
                    + megabytes(read)
                    + " were scanned; it holds more than the --max-file-size limit of "
                    + megabytes(maxFileBytes)
                    + " (raise --max-file-size to scan all of it)");
          }
        }
      }
      if (read < bytes.length) {
        bytes = Arrays.copyOf(bytes, read); // the file shrank while it was read
      }
      sink.stats().files.incrementAndGet();
      sink.stats().bytes.addAndGet(bytes.length);
      sink.chunk(new Chunk(decodeText(bytes, wide), List.of(Location.file(name)), null));
    } catch (IOException | RuntimeException e) {
      sink.problem(name, "cannot read: " + describe(e));
    }
  }

  /** A short account of an I/O failure; the caller names the file. */
  static String describe(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file (removed while scanning?)";
    }
    if (e instanceof java.nio.file.FileSystemException fs) {
      return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  static String megabytes(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
  }

  /** True when the first 8 KiB hold a NUL byte. */
  public static boolean isBinary(byte[] bytes) {
    return isBinary(bytes, bytes.length);
  }

  /**
   * True when the first 8 KiB of the first {@code length} bytes hold a NUL byte, unless they are
   * UTF-16 text (a Windows {@code .env} or PowerShell script), whose NULs are the high bytes of
   * ASCII characters.
   */
  static boolean isBinary(byte[] bytes, int length) {
    return isBinary(bytes, length, utf16(bytes, length));
  }

  /** The same, for bytes whose {@link #utf16} form is already known. */
  static boolean isBinary(byte[] bytes, int length, Charset wide) {
    return wide == null
        && ByteSearch.indexOf(bytes, (byte) 0, 0, Math.min(length, BINARY_PROBE)) >= 0;
  }

  /**
   * The UTF-16 form of the first {@code length} bytes, or null: a byte-order mark ({@code FF FE}
   * little-endian, {@code FE FF} big-endian), or, without one, text in which nearly every other
   * byte of the first 8 KiB is NUL and the bytes between are not (ASCII written as UTF-16).
   */
  static Charset utf16(byte[] bytes, int length) {
    int limit = Math.min(length, BINARY_PROBE) & ~1;
    if (limit < 2) {
      return null;
    }
    int b0 = bytes[0] & 0xff;
    int b1 = bytes[1] & 0xff;
    if (b0 == 0xff && b1 == 0xfe && !(limit >= 4 && bytes[2] == 0 && bytes[3] == 0)) {
      return StandardCharsets.UTF_16LE;
    }
    if (b0 == 0xfe && b1 == 0xff) {
      return StandardCharsets.UTF_16BE;
    }
    if (limit < 8) {
      return null;
    }
    int zeroEven = 0;
    int zeroOdd = 0;
    int pairs = limit / 2;
    // Either form needs nine in ten of one side's bytes to be NUL: once more than a tenth of both
    // sides are not, neither can be, and the rest of the probe is not read. Ordinary text is told
    // apart after about 800 bytes instead of 8 KiB, which counted on a history of 100,000 blobs.
    int allowed = pairs - (pairs * 9 + 9) / 10;
    for (int i = 0; i < limit; i += 2) {
      zeroEven += bytes[i] == 0 ? 1 : 0;
      zeroOdd += bytes[i + 1] == 0 ? 1 : 0;
      int seen = i / 2 + 1;
      if (seen - zeroEven > allowed && seen - zeroOdd > allowed) {
        return null;
      }
    }
    if (zeroOdd * 10 >= pairs * 9 && zeroEven * 10 < pairs) {
      return StandardCharsets.UTF_16LE;
    }
    if (zeroEven * 10 >= pairs * 9 && zeroOdd * 10 < pairs) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /**
   * UTF-16 when the bytes are UTF-16 text ({@link #utf16}); else UTF-8 where valid; otherwise
   * ISO-8859-1, which maps every byte, so no token is lost.
   */
  public static String decode(byte[] bytes) {
    return decodeText(bytes).text();
  }

  /** As {@link #decode}, with the text's one-byte-per-character form where decoding made it. */
  public static DecodedText decodeText(byte[] bytes) {
    return decodeText(bytes, utf16(bytes, bytes.length));
  }

  /** The same, for bytes whose {@link #utf16} form is already known. */
  static DecodedText decodeText(byte[] bytes, Charset wide) {
    if (wide == null) {
      return DecodedText.utf8OrLatin1(bytes);
    }
    boolean bom =
        bytes.length >= 2
            && ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe
                || (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff);
    String text = new String(bytes, bom ? 2 : 0, bytes.length - (bom ? 2 : 0), wide);
    return new DecodedText(text, null);
  }
}
