package dev.tokenscope.cli;

import dev.tokenscope.bench.Benchmark;
import dev.tokenscope.bench.Corpus;
import dev.tokenscope.bench.FieldCorpus;
import dev.tokenscope.bench.PeerExamples;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Folders;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.GitHistorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenscope bench}: scanning throughput on a tree and on a git history, and peak heap. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure scanning speed: runs the full pipeline with all bundled rules over a folder tree and over a git"
          + " history (generated, with planted fake tokens, unless given) and prints MB/s and peak heap."
    },
    footer = {
      "%nExit codes:%n  0  measured%n  2  usage error, rules that do not load, or a --peer folder or file that"
          + " cannot be read (the rest are still measured)%n"
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--tree",
      paramLabel = "DIR",
      description = "scan this folder instead of a generated one")
  Path tree;

  @Option(
      names = "--git",
      paramLabel = "REPO",
      description = "scan this repository's history instead of a generated one")
  Path git;

  @Option(
      names = "--size-mb",
      paramLabel = "N",
      description = "size of the generated tree and history, in MB (default: ${DEFAULT-VALUE})")
  int sizeMb = 64;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "measured runs per input; the fastest counts (default: ${DEFAULT-VALUE})")
  int runs = 10;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description =
          "uncounted runs per input first, while the JIT compiles the hot loops (default: ${DEFAULT-VALUE})")
  int warmup = 10;

  @Option(
      names = "--keep",
      paramLabel = "DIR",
      description =
          "write the generated tree and history to DIR/tree and DIR/history and keep them, to time other tools on the same bytes (scripts/bench/ripgrep-baseline.sh DIR)")
  Path keep;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "detector rules to use instead of the bundled ones")
  Path rulesDir;

  @Option(
      names = "--field",
      description =
          "instead of speed, measure detection: scan a generated service repository (tree and history) with planted"
              + " credentials and decoys, and print precision and recall")
  boolean field;

  @Option(
      names = "--peer",
      paramLabel = "DIR",
      description =
          "instead of speed, measure recall on other scanners' published rule examples: the rule files under DIR"
              + " (Kingfisher's data/rules, Nosey Parker's rules folder; repeatable;"
              + " scripts/bench/peer-examples.sh fetches both)")
  List<Path> peer = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (sizeMb < 1 || runs < 1 || warmup < 0) {
      throw new UserException("--size-mb and --runs must be at least 1, --warmup at least 0");
    }
    RuleSet rules = RuleSet.loadOrBundled(rulesDir);
    if (!rules.problems().isEmpty()) {
      rules.problems().forEach(p -> System.err.println("tokenscope: error: " + p));
      return ExitCode.ERROR;
    }
    if (keep != null && Files.exists(keep)) {
      throw new UserException("--keep " + keep + ": already exists (give a new folder)");
    }
    Path scratch =
        keep != null
            ? Files.createDirectories(keep)
            : Files.createTempDirectory("tokenscope-bench");
    if (field || !peer.isEmpty()) {
      try {
        return field ? measureField(rules, scratch) : measurePeer(rules, peer, scratch);
      } finally {
        if (keep == null) {
          Folders.deleteTree(scratch);
        }
      }
    }
    try {
      long bytes = sizeMb * 1_000_000L;
      Corpus corpus = new Corpus(42);
      Path treeDir = tree;
      if (treeDir == null) {
        treeDir = scratch.resolve("tree");
        System.err.printf(Locale.ROOT, "generating a %d MB tree…%n", sizeMb);
        corpus.writeTree(treeDir, bytes);
      }
      Path repo = git;
      if (repo == null) {
        repo = scratch.resolve("history");
        System.err.printf(Locale.ROOT, "generating a %d MB git history…%n", sizeMb);
        corpus.writeHistory(repo, bytes);
      }
      Benchmark benchmark = new Benchmark(rules);
      System.out.printf(
          Locale.ROOT,
          "rules: %d, cores: %d, max heap: %d MB, runs: %d after %d warm-up runs (fastest shown)%n",
          rules.rules().size(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20,
          runs,
          warmup);
      FileSource files = new FileSource(java.util.List.of(treeDir), 50L << 20, false);
      GitHistorySource history = new GitHistorySource(repo, null, 50L << 20);
      print("tree", "files", benchmark.measure(files, warmup, runs));
      print("git history", "blobs", benchmark.measure(history, warmup, runs));
      // Reading alone, so a slow figure above can be put on the source or on detection.
      print("tree, read", "files", benchmark.measureReading(files, runs));
      print("git, read", "blobs", benchmark.measureReading(history, runs));
      return ExitCode.CLEAN;
    } finally {
      if (keep == null) {
        Folders.deleteTree(scratch);
      } else {
        System.err.printf(Locale.ROOT, "kept the inputs in %s%n", keep);
      }
    }
  }

  /**
   * Precision and recall on the field corpus, with what was missed and what was wrongly reported.
   */
  private static int measureField(RuleSet rules, Path scratch) throws IOException {
    Map<String, FieldCorpus.Score> scores = FieldCorpus.measure(rules, scratch);
    FieldCorpus corpus = new FieldCorpus(18);
    System.out.printf(
        Locale.ROOT,
        "field corpus: %d rules, %d planted credentials in the tree (%d in the history), %d decoys%n",
        rules.rules().size(),
        corpus.plantedInTree(),
        corpus.plantedInHistory(),
        corpus.decoys());
    scores.forEach(
        (what, s) -> {
          System.out.printf(
              Locale.ROOT,
              "%-8s recall %.3f (%d/%d)  precision %.3f (%d/%d findings above info)%n",
              what,
              s.recall(),
              s.found(),
              s.planted(),
              s.precision(),
              s.truePositives(),
              s.findings());
          s.missed().forEach(m -> System.out.println("  missed: " + m));
          s.falsePositives().forEach(f -> System.out.println("  reported: " + f));
        });
    return ExitCode.CLEAN;
  }

  /** Recall on peer scanners' examples per source folder, and where the misses are. */
  private static int measurePeer(RuleSet rules, List<Path> folders, Path scratch)
      throws IOException {
    PeerExamples.Result result = PeerExamples.measure(rules, folders, scratch);
    result.problems().forEach(p -> System.err.println("tokenscope: warning: " + p));
    System.out.printf(Locale.ROOT, "peer examples: %d rules%n", rules.rules().size());
    result.bySource().forEach((source, score) -> printPeer(source, score));
    printPeer("all", result.overall());
    StringBuilder most = new StringBuilder("most missed:");
    result.missedByProvider().entrySet().stream()
        .limit(25)
        .forEach(e -> most.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
    System.out.println(most);
    return result.problems().isEmpty() ? ExitCode.CLEAN : ExitCode.ERROR;
  }

  private static void printPeer(String what, PeerExamples.Score s) {
    System.out.printf(
        Locale.ROOT,
        "%-50s recall %.3f (%d/%d; %.3f counting info)  negatives reported %.3f (%d/%d; %d counting info)%n",
        what,
        s.recall(),
        s.found(),
        s.positives(),
        s.recallWithInfo(),
        s.falseAlarms(),
        s.fired(),
        s.negatives(),
        s.firedWithInfo());
  }

  private static void print(String what, String items, Benchmark.Measurement m) {
    System.out.printf(
        Locale.ROOT,
        "%-12s %8.1f MB in %6d %s: %6.2f s, CPU %5.2f s (%6.1f MB per CPU-second), %7.1f MB/s, %d findings, %d errors, peak heap %d MB%n",
        what,
        m.bytes() / 1e6,
        m.items(),
        items,
        m.seconds(),
        m.cpuSeconds(),
        m.megabytesPerCpuSecond(),
        m.megabytesPerSecond(),
        m.findings(),
        m.problems(),
        m.peakHeapBytes() >> 20);
  }
}
