package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.source.ScanStats;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void theProgressLineCountsFilesBlobsMegabytesAndRate() {
    ScanStats stats = new ScanStats();
    stats.files.set(12);
    stats.blobs.set(340);
    stats.bytes.set(5_500_000);
    stats.skipped.set(2);
    try (Progress progress = Progress.start(stats, true)) {
      assertThat(progress.line())
          .matches("scanning: 12 files, 340 blobs, 5\\.5 MB \\(\\d+\\.\\d MB/s\\), 2 skipped");
    }
  }
}
