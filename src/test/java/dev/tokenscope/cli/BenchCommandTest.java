package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void benchReportsThroughputAndPeakHeapForATreeAndAGitHistoryWithThePlantedTokensFound() {
    Cli cli = Cli.run("bench", "--size-mb", "1", "--runs", "1", "--rules", "rules/detectors");
    assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(cli.out())
        .containsPattern(
            "(?m)^tree +1\\.0 MB in +\\d+ files: .* MB/s, [1-9]\\d* findings, 0 errors, peak heap \\d+ MB$")
        .containsPattern(
            "(?m)^git history +\\d+\\.\\d MB in +\\d+ blobs: .* MB/s, [1-9]\\d* findings, 0 errors, peak heap \\d+ MB$")
        .containsPattern("(?m)^tree, read .* MB/s");
  }

  @Test
  void aBrokenRulesFolderStopsTheBenchWithExitTwo() {
    Cli cli = Cli.run("bench", "--size-mb", "1", "--rules", "src/test/resources/scan/broken-rules");
    assertThat(cli.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(cli.err()).contains("rule fixture.bad-regex");
  }
}
