package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RepositoryProgressTest {
  private static final class CountingSink implements SourceSink {
    final ScanStats stats = new ScanStats();

    @Override
    public void chunk(Chunk chunk) {}

    @Override
    public void credential(Credential credential) {}

    @Override
    public void skipped(String where, String why) {}

    @Override
    public void problem(String where, String message) {}

    @Override
    public ScanStats stats() {
      return stats;
    }
  }

  private static Source reading(long files, long bytes) {
    return new Source() {
      @Override
      public String describe() {
        return "test";
      }

      @Override
      public void read(SourceSink sink) {
        sink.stats().files.addAndGet(files);
        sink.stats().bytes.addAndGet(bytes);
        sink.chunk(Chunk.of("", Location.file("x")));
      }
    };
  }

  @Test
  void theLineShowsCountsRateBarAndEtaAcrossRepositories() {
    RepositoryProgress progress =
        new RepositoryProgress(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true);
    progress.expect(4);
    progress
        .watch(reading(10, 2_000_000), "https://github.com/acme/api.git")
        .read(new CountingSink());
    String line = progress.line(10, 3, 2_000_000, 4.0);
    assertThat(line)
        .contains("[#####...............] 1/4 repositories")
        .contains("10 files")
        .contains("3 blobs")
        .contains("2.0 MB")
        .contains("0.5 MB/s");
    assertThat(line).contains("ETA 0:12");
  }

  @Test
  void drawsOnStandardErrorWhileReadingAndClearsTheLineAtTheEnd() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RepositoryProgress progress =
        new RepositoryProgress(new PrintStream(err, true, StandardCharsets.UTF_8), true);
    progress.watch(reading(3, 1000), "files").read(new CountingSink());
    progress.finish();
    String drawn = err.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("3 files").endsWith("\r\u001b[K");
  }

  @Test
  void whenPipedOrQuietNothingIsDrawnAndSourcesAreUntouched() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RepositoryProgress progress =
        new RepositoryProgress(new PrintStream(err, true, StandardCharsets.UTF_8), false);
    Source source = reading(3, 1000);
    assertThat(progress.watch(source, "files")).isSameAs(source);
    progress.finish();
    assertThat(err.size()).isZero();
    // Under the test runner standard output is not a terminal, as when piped.
    assertThat(RepositoryProgress.forTerminal(false).watch(source, "x")).isSameAs(source);
    assertThat(RepositoryProgress.forTerminal(true).watch(source, "x")).isSameAs(source);
  }
}
