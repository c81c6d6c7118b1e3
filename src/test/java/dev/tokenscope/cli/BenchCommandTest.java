package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @Test
  void benchReportsThroughputAndPeakHeapForATreeAndAGitHistoryWithThePlantedTokensFound() {
    Cli cli =
        Cli.run(
            "bench",
            "--size-mb",
            "1",
            "--runs",
            "1",
            "--warmup",
            "0",
            "--rules",
            "rules/detectors");
    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(cli.out())
        .containsPattern(
            "(?m)^tree +1\\.0 MB in +\\d+ files: .* MB/s, [1-9]\\d* findings, 0 errors, peak heap \\d+ MB$")
        .containsPattern(
            "(?m)^git history +\\d+\\.\\d MB in +\\d+ blobs: .* MB/s, [1-9]\\d* findings, 0 errors, peak heap \\d+ MB$")
        .containsPattern("(?m)^tree, read .* MB/s");
  }

  /** The generated inputs can be kept, so another tool (ripgrep) can be timed on the same bytes. */
  @Test
  void keepLeavesTheGeneratedTreeAndHistoryInPlace(@TempDir Path dir) {
    Path kept = dir.resolve("corpus");
    Cli cli =
        Cli.run(
            "bench", "--size-mb", "1", "--runs", "1", "--warmup", "0", "--keep", kept.toString());
    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(kept.resolve("tree")).isDirectory();
    assertThat(kept.resolve("history").resolve(".git")).isDirectory();

    Cli again = Cli.run("bench", "--size-mb", "1", "--keep", kept.toString());
    assertThat(again.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void aBrokenRulesFolderStopsTheBenchWithExitTwo() {
    Cli cli = Cli.run("bench", "--size-mb", "1", "--rules", "src/test/resources/scan/broken-rules");
    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(cli.err()).contains("rule fixture.bad-regex");
  }
}
