package dev.tokenscope.source.stores;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.SourceSink;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that detects like the pipeline does and keeps everything for assertions. */
final class RecordingSink implements SourceSink {
  /** The bundled rules, as {@code tokenscope scan} uses them. */
  final Detector detector = Detector.of(RuleSet.bundled());

  final List<Chunk> chunks = new CopyOnWriteArrayList<>();
  final List<Credential> credentials = new CopyOnWriteArrayList<>();
  final List<Problem> problems = new CopyOnWriteArrayList<>();
  final List<Problem> skipped = new CopyOnWriteArrayList<>();
  final ScanStats stats = new ScanStats();

  /** A scanner with a 1 MiB value limit, as the store sources get one per sink. */
  StoreScanner scanner(SourceSink sink) {
    return new StoreScanner(detector, sink, 1024 * 1024);
  }

  @Override
  public void chunk(Chunk chunk) {
    chunks.add(chunk);
    credentials.addAll(detector.detect(chunk));
  }

  @Override
  public void credential(Credential credential) {
    credentials.add(credential);
  }

  @Override
  public void skipped(String where, String why) {
    skipped.add(new Problem(where, why));
  }

  @Override
  public void problem(String where, String message) {
    problems.add(new Problem(where, message));
  }

  @Override
  public ScanStats stats() {
    return stats;
  }

  /** The credential whose secret is the given value, if found. */
  Optional<Credential> withSecret(String value) {
    return credentials.stream()
        .filter(c -> c.secret() != null && c.secret().reveal().equals(value))
        .findFirst();
  }

  List<String> ruleIds() {
    return credentials.stream().map(Credential::ruleId).toList();
  }

  /** Everything a user could see about the scan, to check no secret leaks into it. */
  String visibleText() {
    StringBuilder out = new StringBuilder();
    problems.forEach(p -> out.append(p).append('\n'));
    skipped.forEach(p -> out.append(p).append('\n'));
    credentials.forEach(
        c ->
            out.append(c.redacted())
                .append(c.attributes())
                .append(c.locations().stream().map(l -> l.display()).toList())
                .append('\n'));
    return out.toString();
  }
}
