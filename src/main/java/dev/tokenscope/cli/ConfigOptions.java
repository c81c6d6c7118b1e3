package dev.tokenscope.cli;

import dev.tokenscope.config.Config;
import dev.tokenscope.source.Problem;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --config}, shared by every command that reads the config: one flag, one description, one
 * way of choosing which files apply (see {@link ScanCommand#loadConfig(Path, Path, List)}).
 */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "config file, trusted for everything (default: your own ~/.config/tokenscope/config.yaml, narrowed by"
              + " the .tokenscope.yaml nearest to what is scanned, else the current folder's, which may only hide"
              + " fixtures and set severities and fail_on)")
  Path file;

  /** The config for a run that scans nothing, or scans {@code scanned}; warnings are printed. */
  Config load(Path scanned) {
    return ScanCommand.loadConfig(file, scanned);
  }

  /**
   * As {@link #load(Path)}, with what the in-tree config may not decide added to {@code problems}.
   */
  Config load(Path scanned, List<Problem> problems) {
    return ScanCommand.loadConfig(file, scanned, problems);
  }
}
