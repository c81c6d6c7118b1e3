package dev.tokenscope.cli;

import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.GitHistorySource;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.StagedSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --git}, {@code --since}, {@code --staged} and {@code --no-ignore}: which history, index
 * and files {@code scan} reads.
 */
final class GitOptions {
  @Option(
      names = "--git",
      paramLabel = "REPO",
      description =
          "scan the full history of the git repository at REPO: every commit on every branch and tag,"
              + " each unique blob once (repeatable)")
  List<Path> repositories = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "REV",
      description =
          "with --git: only what the commits in REV..HEAD added or changed (e.g. origin/main, for a pre-merge check)")
  String since;

  @Option(names = "--no-ignore", description = "also scan files that .gitignore files exclude")
  boolean noIgnore;

  @Option(
      names = "--staged",
      description =
          "scan what 'git commit' will add or change: the index entries of the repository at PATH"
              + " (default: the current folder's) that differ from HEAD, as the commit records them,"
              + " with that checkout's .tokenscope.yaml allow-list (for a pre-commit hook)")
  boolean staged;

  /** The sources for the given plain paths and repositories. */
  List<Source> sources(List<Path> files, long maxFileSize) {
    if (staged) {
      if (!repositories.isEmpty() || since != null || files.size() > 1) {
        throw new UserException(
            "--staged scans one checkout's index: give at most one PATH (the checkout), without --git or --since");
      }
      return List.of(new StagedSource(files.isEmpty() ? Path.of(".") : files.get(0), maxFileSize));
    }
    if (since != null && repositories.isEmpty()) {
      throw new UserException("--since needs --git REPO: it names a revision of that repository");
    }
    List<Source> sources = new ArrayList<>();
    if (!files.isEmpty()) {
      sources.add(new FileSource(files, maxFileSize, !noIgnore));
    }
    for (Path repository : repositories) {
      sources.add(new GitHistorySource(repository, since, maxFileSize));
    }
    return sources;
  }
}
