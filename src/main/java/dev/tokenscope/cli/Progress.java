package dev.tokenscope.cli;

import dev.tokenscope.source.ScanStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress display on standard error (files, blobs, megabytes, rate), shown only for
 * scans that last more than a second, only on a terminal and never with {@code --quiet}, so logs
 * and pipes stay clean.
 */
final class Progress implements AutoCloseable {
  private static final long DELAY_MILLIS = 1000;
  private static final long EVERY_MILLIS = 250;

  private final ScanStats stats;
  private final PrintStream err;
  private final Thread ticker;
  private final long start = System.nanoTime();
  private volatile boolean shown;

  private Progress(ScanStats stats, PrintStream err, boolean enabled) {
    this.stats = stats;
    this.err = err;
    this.ticker = enabled ? new Thread(this::tick, "tokenscope-progress") : null;
    if (ticker != null) {
      ticker.setDaemon(true);
      ticker.start();
    }
  }

  /**
   * Progress for {@code stats}, shown when standard error is a terminal and the user did not ask
   * for quiet.
   */
  static Progress start(ScanStats stats, boolean quiet) {
    return new Progress(stats, System.err, !quiet && stderrIsTerminal());
  }

  /**
   * True when standard error is a terminal. Java cannot ask that directly; on Linux the
   * descriptor's link says so, elsewhere a console (standard input and output on a terminal) stands
   * in for it.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(fd, LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/")
            || target.startsWith("/dev/tty")
            || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  private void tick() {
    try {
      Thread.sleep(DELAY_MILLIS);
      while (!Thread.currentThread().isInterrupted()) {
        err.print("\r" + line() + "\u001b[K");
        err.flush();
        shown = true;
        Thread.sleep(EVERY_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the scan is over
    }
  }

  String line() {
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    double megabytes = stats.bytes.get() / 1e6;
    return String.format(
        Locale.ROOT,
        "scanning: %d files, %d blobs, %.1f MB (%.1f MB/s), %d skipped",
        stats.files.get(),
        stats.blobs.get(),
        megabytes,
        megabytes / seconds,
        stats.skipped.get());
  }

  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.interrupt();
    try {
      ticker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (shown) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
