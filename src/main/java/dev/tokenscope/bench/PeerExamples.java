package dev.tokenscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Messages;
import dev.tokenscope.model.Severity;
import dev.tokenscope.model.YamlTrees;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Recall on other scanners' published rule examples: the measure issue 18 is judged by, run on what
 * nobody here wrote. Each folder given holds rule files in the layout Kingfisher and Nosey Parker
 * publish (a top-level {@code rules} list whose entries carry {@code id}, {@code examples} and
 * optionally {@code negative_examples}); {@code scripts/bench/peer-examples.sh} fetches both at
 * pinned commits. Nothing of theirs is kept: the examples are written to a scratch folder, one file
 * each, scanned like any folder, and deleted.
 *
 * <p>An example counts as found when a finding above {@code info} lies in its file; the same count
 * with {@code info} findings included is kept beside it. Negative examples are scored the other
 * way: the share that draws a finding. A file that does not parse is named in {@link
 * Result#problems()} and the rest are still measured.
 */
public final class PeerExamples {
  /** One published example: where it came from, the peer's rule id, and the text. */
  record Example(String source, String ruleId, boolean positive, String text) {
    /** The provider part of a peer rule id ({@code kingfisher.slack.2} gives {@code slack}). */
    String provider() {
      String[] parts = ruleId.split("\\.");
      return parts.length >= 2 ? parts[1] : ruleId;
    }
  }

  /**
   * Counts for one source folder: examples found (negatives fired on) by a finding above {@code
   * info}, and by any finding, {@code info} included (a stand-in such as {@code sk_1234567890…} is
   * reported as {@code info}).
   */
  public record Score(
      int positives, int found, int foundWithInfo, int negatives, int fired, int firedWithInfo) {
    static final Score NONE = new Score(0, 0, 0, 0, 0, 0);

    public double recall() {
      return positives == 0 ? 1.0 : found / (double) positives;
    }

    public double recallWithInfo() {
      return positives == 0 ? 1.0 : foundWithInfo / (double) positives;
    }

    public double falseAlarms() {
      return negatives == 0 ? 0.0 : fired / (double) negatives;
    }

    Score plus(boolean positive, boolean reported, boolean shown) {
      int hit = reported ? 1 : 0;
      int any = shown ? 1 : 0;
      return positive
          ? new Score(
              positives + 1, found + hit, foundWithInfo + any, negatives, fired, firedWithInfo)
          : new Score(
              positives, found, foundWithInfo, negatives + 1, fired + hit, firedWithInfo + any);
    }
  }

  /**
   * Per source folder and overall, the peer providers with the most missed examples (most first),
   * and the rule files that could not be read.
   */
  public record Result(
      Map<String, Score> bySource,
      Score overall,
      Map<String, Integer> missedByProvider,
      List<String> problems) {}

  private PeerExamples() {}

  /** Reads the examples of every rule file under the folders (sorted, so runs compare). */
  static List<Example> load(List<Path> folders, List<String> problems) throws IOException {
    List<Example> examples = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        problems.add(folder + ": not a folder");
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(folder)) {
        files =
            walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                .sorted()
                .toList();
      }
      for (Path file : files) {
        JsonNode root;
        try {
          root = YamlTrees.mapper().readTree(file.toFile());
        } catch (IOException e) {
          problems.add(
              file + ": not YAML (" + Messages.firstLine(e.getMessage(), "unreadable") + ")");
          continue;
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray()) {
          continue; // a ruleset or other file of theirs: no examples in it
        }
        for (JsonNode rule : rules) {
          String id = rule.path("id").asText(file.getFileName().toString());
          add(examples, folder.toString(), id, true, rule.get("examples"));
          add(examples, folder.toString(), id, false, rule.get("negative_examples"));
        }
      }
    }
    return examples;
  }

  private static void add(
      List<Example> out, String source, String id, boolean positive, JsonNode texts) {
    if (texts == null || !texts.isArray()) {
      return;
    }
    for (JsonNode text : texts) {
      if (text.isTextual() && !text.asText().isBlank()) {
        out.add(new Example(source, id, positive, text.asText()));
      }
    }
  }

  /** Scans every example of the folders with the rules and scores them. */
  public static Result measure(RuleSet rules, List<Path> folders, Path scratch) throws IOException {
    List<String> problems = new ArrayList<>();
    List<Example> examples = load(folders, problems);
    Path dir = Files.createDirectories(scratch.resolve("peer-examples"));
    Map<String, Example> byFile = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      // Neutral names: a name with "test" or "example" in it would lower findings as fixtures.
      String name = String.format(Locale.ROOT, "c%05d.txt", i);
      Example example = examples.get(i);
      String text = example.text().endsWith("\n") ? example.text() : example.text() + "\n";
      Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
      byFile.put(name, example);
    }
    ScanResult scan =
        Pipeline.forRules(rules, Config.empty(), null)
            .run(List.of(new FileSource(List.of(dir), 50L << 20, false)), List.of());
    Set<String> reported = new HashSet<>();
    Set<String> shown = new HashSet<>();
    for (Finding f : scan.findings()) {
      for (Location location : f.credential().locations()) {
        String file = Path.of(location.path()).getFileName().toString();
        shown.add(file);
        if (f.severity() != Severity.INFO) {
          reported.add(file);
        }
      }
    }
    Map<String, Score> bySource = new LinkedHashMap<>();
    Score overall = Score.NONE;
    Map<String, Integer> missed = new TreeMap<>();
    for (Map.Entry<String, Example> e : byFile.entrySet()) {
      Example example = e.getValue();
      boolean hit = reported.contains(e.getKey());
      boolean seen = shown.contains(e.getKey());
      bySource.compute(
          example.source(),
          (k, s) -> (s == null ? Score.NONE : s).plus(example.positive(), hit, seen));
      overall = overall.plus(example.positive(), hit, seen);
      if (example.positive() && !hit) {
        missed.merge(example.provider(), 1, Integer::sum);
      }
    }
    Map<String, Integer> mostMissed = new LinkedHashMap<>();
    missed.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> mostMissed.put(e.getKey(), e.getValue()));
    return new Result(bySource, overall, mostMissed, problems);
  }
}
