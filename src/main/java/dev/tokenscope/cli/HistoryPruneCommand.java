package dev.tokenscope.cli;

import dev.tokenscope.store.ScanStore;
import dev.tokenscope.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenscope history prune}: delete old runs from the history store. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Delete old runs and their scans from the history store, and the credentials no remaining scan"
          + " saw. Each target's latest completed scan is always kept, so a pruned store never reports"
          + " a known credential as new again. Without options: --older-than "
          + HistoryPruneCommand.DEFAULT_AGE
          + ". With both options, a run is deleted when it is beyond the newest N and older."
    },
    footer = ExitCode.HELP_NO_FINDINGS)
final class HistoryPruneCommand implements Callable<Integer> {
  /** The retention when none is given: three months of nightly runs. */
  static final String DEFAULT_AGE = "90d";

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([dhwm])");

  @Mixin HistoryStoreOptions store;

  @Option(
      names = "--keep-runs",
      paramLabel = "N",
      description = "keep the newest N runs (and each target's latest completed scan)")
  Integer keepRuns;

  @Option(
      names = "--older-than",
      paramLabel = "DURATION",
      description =
          "delete runs that began longer ago than this: 30d, 12h, 6w, 90m or ISO-8601 (P30D)")
  String olderThan;

  @Override
  public Integer call() {
    if (keepRuns != null && keepRuns < 1) {
      throw new UserException("--keep-runs must be at least 1");
    }
    String age = keepRuns == null && olderThan == null ? DEFAULT_AGE : olderThan;
    Instant cutoff = age == null ? null : Instant.now().minus(duration(age));
    try (ScanStore history = store.open()) {
      ScanStore.Pruned pruned = history.prune(keepRuns, cutoff);
      System.out.println(
          "pruned "
              + history.describe()
              + ": "
              + pruned.runs()
              + " runs, "
              + pruned.scans()
              + " scans, "
              + pruned.credentials()
              + " credentials no remaining scan saw");
      return ExitCode.CLEAN;
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** 30d, 12h, 6w, 90m (minutes) or an ISO-8601 duration; anything else is a clear error. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofMinutes(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new UserException(
          "--older-than '" + text + "' is not a duration: use 30d, 12h, 6w, 90m or P30D");
    }
  }
}
