package dev.tokenscope.cli;

import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress display on standard error while many repositories are cloned and scanned: a
 * bar, repositories done of the total, files, blobs and bytes read, the rate, an ETA and the
 * repository being read. It draws only on a terminal and never with {@code --quiet}, so piped
 * output and CI logs stay clean. (Scans of paths show the scan command's own progress line.)
 */
final class RepositoryProgress {
  private static final long INTERVAL_MILLIS = 250;

  private final PrintStream err;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private int total;
  private int done;
  private long doneFiles;
  private long doneBlobs;
  private long doneBytes;
  private String label = "";

  RepositoryProgress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Draws on standard error when attached to a terminal and not {@code --quiet}. */
  static RepositoryProgress forTerminal(boolean quiet) {
    return new RepositoryProgress(System.err, !quiet && System.console() != null);
  }

  /** How many units (repositories) the scan will read: enables the bar and the ETA. */
  void expect(int units) {
    total = units;
  }

  /** The source, reporting its progress while it is read. */
  Source watch(Source source, String name) {
    if (!enabled) {
      return source;
    }
    return new Source() {
      @Override
      public String describe() {
        return source.describe();
      }

      @Override
      public void read(SourceSink sink) {
        label = name;
        ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "tokenscope-progress");
                  t.setDaemon(true);
                  return t;
                });
        ScheduledFuture<?> task =
            ticker.scheduleAtFixedRate(
                () -> draw(sink.stats()), INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        try {
          source.read(sink);
        } finally {
          task.cancel(false);
          ticker.shutdownNow();
          draw(sink.stats());
          doneFiles += sink.stats().files.get();
          doneBlobs += sink.stats().blobs.get();
          doneBytes += sink.stats().bytes.get();
          done++;
        }
      }
    };
  }

  /** Clears the line, so the report or the summary starts on a clean one. */
  void finish() {
    if (enabled) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }

  synchronized void draw(ScanStats stats) {
    err.print(
        "\r\u001b[K"
            + line(
                doneFiles + stats.files.get(),
                doneBlobs + stats.blobs.get(),
                doneBytes + stats.bytes.get(),
                (System.nanoTime() - startNanos) / 1e9));
    err.flush();
  }

  /** The progress line; separate from drawing so its content can be checked. */
  String line(long files, long blobs, long bytes, double seconds) {
    StringBuilder out = new StringBuilder();
    if (total > 1) {
      int width = 20;
      int filled = (int) Math.round(width * (double) done / total);
      out.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      out.append(done).append('/').append(total).append(" repositories  ");
    }
    double rate = seconds > 0 ? bytes / 1e6 / seconds : 0;
    out.append(
        String.format(
            Locale.ROOT,
            "%,d files  %,d blobs  %.1f MB  %.1f MB/s",
            files,
            blobs,
            bytes / 1e6,
            rate));
    if (total > 1 && done > 0 && done < total) {
      long eta = Math.round(seconds / done * (total - done));
      out.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
    }
    if (!label.isEmpty()) {
      out.append("  ")
          .append(label.length() > 40 ? "…" + label.substring(label.length() - 39) : label);
    }
    return out.toString();
  }
}
