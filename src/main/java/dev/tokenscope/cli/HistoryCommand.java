package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.model.Severity;
import dev.tokenscope.report.Format;
import dev.tokenscope.store.Attempt;
import dev.tokenscope.store.RunSummary;
import dev.tokenscope.store.ScanRecord;
import dev.tokenscope.store.ScanStore;
import dev.tokenscope.store.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenscope history}: the runs recorded in the history store with their attempts and
 * coverage, newest first; or one run's targets; or the scans of one target.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "List the runs recorded in the scan history store, newest first, with their attempts and coverage"
          + " (targets scanned and failed). --run ID shows one run's targets, failures and reasons;"
          + " --target NAME or --scans list single scans."
    },
    subcommands = HistoryPruneCommand.class,
    footer = ExitCode.HELP_HISTORY)
final class HistoryCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What {@code history} and {@code diff} write: listings, with no places for SARIF or HTML. */
  static final Set<Format> FORMATS = EnumSet.of(Format.TEXT, Format.JSON);

  @Mixin HistoryStoreOptions store;

  @Option(
      names = "--run",
      paramLabel = "ID",
      description = "one run: its attempts and every target it covered or failed")
  String run;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description = "the scans of this target (a path or repository as recorded)")
  String target;

  @Option(names = "--scans", description = "list single scans instead of runs")
  boolean scans;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "at most N runs or scans (default: ${DEFAULT-VALUE})")
  int limit = 50;

  @Mixin OutputOptions output;

  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() throws Exception {
    boolean json = output.format(FORMATS) == Format.JSON;
    if (limit < 1) {
      throw new UserException("--limit must be at least 1");
    }
    // Only an explicit --fail-on: a listing that failed on the config's fail_on would break the
    // scripts that merely read it. The config still names the store's fingerprint key.
    Optional<Severity> threshold =
        output.failOn == null ? Optional.empty() : OutputOptions.threshold(output.failOn);
    configOptions.load(null);
    StringWriter report = new StringWriter();
    PrintWriter out = new PrintWriter(report);
    List<ScanRecord> shownFirst = List.of();
    try (ScanStore history = store.open()) {
      if (run != null) {
        RunSummary summary =
            history
                .run(run)
                .orElseThrow(
                    () ->
                        new UserException(
                            "no run '"
                                + run
                                + "' in "
                                + history.describe()
                                + ": see 'tokenscope history' for the recorded runs"));
        shownFirst = summary.latestScans();
        if (json) {
          out.println(JSON.writeValueAsString(run(summary)));
        } else {
          runText(summary, out);
        }
      } else if (scans || target != null) {
        List<ScanRecord> list = history.scans(target, limit);
        shownFirst = list.isEmpty() ? List.of() : List.of(list.get(0));
        if (json) {
          ArrayNode array = JSON.createArrayNode();
          list.forEach(s -> array.add(scan(s)));
          out.println(JSON.writeValueAsString(array));
        } else if (list.isEmpty()) {
          out.println(
              target == null
                  ? "no scans recorded in " + history.describe()
                  : "no scans of " + target + " recorded in " + history.describe());
        } else {
          scansText(list, out);
        }
      } else {
        List<RunSummary> runs = history.runs(limit);
        shownFirst = runs.isEmpty() ? List.of() : runs.get(0).latestScans();
        if (json) {
          ArrayNode array = JSON.createArrayNode();
          runs.forEach(r -> array.add(run(r)));
          out.println(JSON.writeValueAsString(array));
        } else if (runs.isEmpty()) {
          out.println("no runs recorded in " + history.describe());
        } else {
          out.printf(
              Locale.ROOT,
              "%-20s %-8s %-9s %-8s %-7s %-9s %s%n",
              "STARTED (UTC)",
              "STATE",
              "ATTEMPTS",
              "TARGETS",
              "FAILED",
              "FINDINGS",
              "RUN");
          for (RunSummary r : runs) {
            out.printf(
                Locale.ROOT,
                "%-20s %-8s %-9d %-8d %-7d %-9d %s%n",
                time(r.startedAt()),
                state(r.state()),
                r.attempts().size(),
                r.latestScans().size(),
                r.failedScans().size(),
                r.findingCount(),
                r.runId());
          }
        }
      }
      out.flush();
      output.write(report.toString(), System.out);
      return failing(history, shownFirst, threshold) ? ExitCode.FINDINGS : ExitCode.CLEAN;
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    }
  }

  /**
   * Whether the scans shown first saw a credential at or above {@code --fail-on}, said on stderr.
   */
  private boolean failing(
      ScanStore history, List<ScanRecord> shownFirst, Optional<Severity> threshold) {
    if (threshold.isEmpty()) {
      return false;
    }
    long count =
        shownFirst.stream()
            .flatMap(s -> history.seen(s).stream())
            .filter(f -> OutputOptions.fails(Severity.parse(f.severity()), threshold))
            .count();
    if (count > 0 && !output.quiet) {
      System.err.printf(
          Locale.ROOT,
          "tokenscope: %s saw %d credentials at or above --fail-on %s%n",
          shownFirst.size() == 1 && (scans || target != null)
              ? "scan #" + shownFirst.get(0).id()
              : "run " + shownFirst.get(0).runId(),
          count,
          output.failOn.toLowerCase(Locale.ROOT));
    }
    return count > 0;
  }

  private static void runText(RunSummary r, PrintWriter out) {
    out.println(
        "run "
            + r.runId()
            + ": "
            + state(r.state())
            + ", "
            + r.latestScans().size()
            + " targets, "
            + r.failedScans().size()
            + " failed");
    for (Attempt a : r.attempts()) {
      out.println(
          "  attempt #"
              + a.id()
              + (a.shard() == null ? "" : " shard " + a.shard())
              + "  "
              + state(a.state())
              + "  started "
              + time(a.startedAt())
              + (a.finishedAt() == null ? "" : ", finished " + time(a.finishedAt()))
              + (a.reason() == null ? "" : ": " + a.reason()));
    }
    for (ScanRecord s : r.latestScans()) {
      out.println(
          "  "
              + (s.failed() ? "FAILED   " : s.complete() ? "scanned  " : "partial  ")
              + s.target()
              + (s.failed() ? ": " + s.failure() : "  (" + s.findingCount() + " credentials)"));
    }
  }

  private static void scansText(List<ScanRecord> list, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%-6s %-20s %-9s %-7s %-8s %-24s %s%n",
        "SCAN",
        "FINISHED (UTC)",
        "FINDINGS",
        "SHARD",
        "STATUS",
        "RUN",
        "TARGET");
    for (ScanRecord s : list) {
      out.printf(
          Locale.ROOT,
          "%-6d %-20s %-9d %-7s %-8s %-24s %s%n",
          s.id(),
          time(s.finishedAt()),
          s.findingCount(),
          s.shard() == null ? "-" : s.shard(),
          s.failed() ? "failed" : s.complete() ? "complete" : "partial",
          s.runId(),
          s.target());
    }
  }

  static String time(Instant at) {
    return at.toString().replace('T', ' ').replaceAll("\\.\\d+", "").replace("Z", "");
  }

  private static String state(Attempt.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  static ObjectNode run(RunSummary r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("run", r.runId());
    node.put("started", r.startedAt().toString());
    node.put("state", state(r.state()));
    ArrayNode attempts = node.putArray("attempts");
    for (Attempt a : r.attempts()) {
      ObjectNode attempt = attempts.addObject();
      attempt.put("id", a.id());
      attempt.put("shard", a.shard());
      attempt.put("state", state(a.state()));
      attempt.put("started", a.startedAt().toString());
      attempt.put("finished", a.finishedAt() == null ? null : a.finishedAt().toString());
      attempt.put("reason", a.reason());
    }
    node.put("targets", r.latestScans().size());
    node.put("failed", r.failedScans().size());
    node.put("findings", r.findingCount());
    ArrayNode scans = node.putArray("scans");
    r.latestScans().forEach(s -> scans.add(scan(s)));
    return node;
  }

  static ObjectNode scan(ScanRecord s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", s.id());
    node.put("target", s.target());
    node.put("run", s.runId());
    node.put("attempt", s.attemptId());
    node.put("started", s.startedAt().toString());
    node.put("finished", s.finishedAt().toString());
    node.put("tool_version", s.toolVersion());
    node.put("shard", s.shard());
    node.put("findings", s.findingCount());
    node.put("complete", s.complete());
    node.put("failure", s.failure());
    return node;
  }
}
