package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.config.Config;
import dev.tokenscope.model.Severity;
import dev.tokenscope.report.Format;
import dev.tokenscope.store.ScanDiff;
import dev.tokenscope.store.ScanRecord;
import dev.tokenscope.store.ScanStore;
import dev.tokenscope.store.StoreException;
import dev.tokenscope.store.StoredFinding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenscope diff}: for each target a run covered, the credentials new since its last scan
 * by a completed earlier run, and those gone. Exit 1 when a new one is at or above {@code
 * --fail-on} (any, by default), so a scheduled job alerts on a new token and not on the ones
 * already known; every attempt of a run gives the same answer. Gone ones never fail: a removed
 * token is good news.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Show the credentials new in a run (the latest, or --run ID) for each target it covered, since that target's last scan by a completed earlier run, and those gone; or of one --target's latest scan, or of --scan ID. A target that failed in the run shows its reason, never its credentials as gone. Exit 1 when a new one is at or above --fail-on.",
    footer = ExitCode.HELP_DIFF)
final class DiffCommand implements Callable<Integer> {
  @Mixin HistoryStoreOptions store;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description =
          "only this target (a path or repository URL as recorded; see 'tokenscope history')")
  String target;

  @Option(
      names = "--run",
      paramLabel = "ID",
      description = "this run (see 'tokenscope history'; default: the latest run)")
  String run;

  @Option(
      names = "--scan",
      paramLabel = "ID",
      description = "compare this scan with the complete scan of its target before it")
  Long scanId;

  @Mixin OutputOptions output;

  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() {
    boolean json = output.format(HistoryCommand.FORMATS) == Format.JSON;
    // The config names the fingerprint key the store was written with, and fail_on.
    Config config = configOptions.load(null);
    Optional<Severity> threshold = output.failOn(config.failOn());
    try (ScanStore history = store.open()) {
      List<ScanDiff> diffs = new ArrayList<>();
      if (scanId != null) {
        ScanRecord scan =
            history
                .scan(scanId)
                .orElseThrow(
                    () ->
                        new UserException(
                            "no scan #"
                                + scanId
                                + " in "
                                + history.describe()
                                + ": see 'tokenscope history'"));
        diffs.add(history.diff(scan));
      } else if (target != null) {
        diffs.add(
            history
                .latestDiff(target)
                .orElseThrow(
                    () ->
                        new UserException(
                            "no scan of '"
                                + target
                                + "' in "
                                + history.describe()
                                + ": see 'tokenscope history' for the recorded targets")));
      } else {
        String chosen = run != null ? run : history.latestRun().orElse(null);
        if (chosen != null) {
          if (history.run(chosen).isEmpty()) {
            throw new UserException(
                "no run '"
                    + chosen
                    + "' in "
                    + history.describe()
                    + ": see 'tokenscope history' for the recorded runs");
          }
          diffs.addAll(history.runDiff(chosen));
        }
      }
      StringWriter report = new StringWriter();
      PrintWriter out = new PrintWriter(report);
      if (json) {
        ArrayNode list = HistoryCommand.JSON.createArrayNode();
        diffs.forEach(d -> list.add(json(d)));
        out.println(HistoryCommand.JSON.writeValueAsString(list));
      } else {
        text(diffs, history, out);
      }
      out.flush();
      output.write(report.toString(), System.out);
      List<StoredFinding> appeared = diffs.stream().flatMap(d -> d.appeared().stream()).toList();
      long failing =
          appeared.stream()
              .filter(f -> OutputOptions.fails(Severity.parse(f.severity()), threshold))
              .count();
      if (output.summaryOnStderr()) {
        System.err.printf(
            Locale.ROOT,
            "tokenscope: %d new (%d at or above --fail-on), %d gone%n",
            appeared.size(),
            failing,
            diffs.stream().mapToInt(d -> d.gone().size()).sum());
      }
      return failing > 0 ? ExitCode.FINDINGS : ExitCode.CLEAN;
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void text(List<ScanDiff> diffs, ScanStore history, PrintWriter out) {
    if (diffs.isEmpty()) {
      out.println("no scans recorded in " + history.describe());
      return;
    }
    for (ScanDiff d : diffs) {
      out.println(
          d.current().target()
              + ": scan #"
              + d.current().id()
              + " of run "
              + d.current().runId()
              + (d.previous() == null
                  ? " (first scan: everything is new)"
                  : " since scan #" + d.previous().id() + " of run " + d.previous().runId()));
      if (d.current().failed()) {
        out.println("  FAILED " + d.current().failure());
        out.println("  (the repository could not be read, so nothing is reported gone)");
        continue;
      }
      for (StoredFinding f : d.appeared()) {
        out.println("  NEW   " + line(f));
      }
      for (StoredFinding f : d.gone()) {
        out.println("  GONE  " + line(f));
      }
      if (!d.goneKnown()) {
        out.println("  (the scan could not read every input, so nothing is reported gone)");
      }
      if (d.appeared().isEmpty() && d.gone().isEmpty() && d.goneKnown()) {
        out.println("  no change");
      }
    }
  }

  private static String line(StoredFinding f) {
    return String.format(
        Locale.ROOT,
        "%-8s %-28s %-24s %s  first seen %s",
        f.severity().toLowerCase(Locale.ROOT),
        f.ruleId(),
        f.redacted(),
        f.fingerprint(),
        f.firstSeen());
  }

  private static ObjectNode json(ScanDiff d) {
    ObjectNode node = HistoryCommand.JSON.createObjectNode();
    node.put("target", d.current().target());
    node.set("scan", HistoryCommand.scan(d.current()));
    node.set("previous", d.previous() == null ? null : HistoryCommand.scan(d.previous()));
    ArrayNode appeared = node.putArray("new");
    d.appeared().forEach(f -> appeared.add(finding(f)));
    ArrayNode gone = node.putArray("gone");
    d.gone().forEach(f -> gone.add(finding(f)));
    node.put("gone_known", d.goneKnown());
    node.put("failure", d.current().failure());
    return node;
  }

  private static ObjectNode finding(StoredFinding f) {
    ObjectNode node = HistoryCommand.JSON.createObjectNode();
    node.put("fingerprint", f.fingerprint());
    node.put("rule", f.ruleId());
    node.put("provider", f.provider());
    node.put("secret", f.redacted());
    node.put("severity", f.severity().toLowerCase(Locale.ROOT));
    node.put("kinds", f.kinds());
    node.put("first_seen", f.firstSeen().toString());
    node.put("last_seen", f.lastSeen().toString());
    return node;
  }
}
