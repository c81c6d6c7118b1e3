package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.store.ScanRecord;
import dev.tokenscope.store.ScanStore;
import dev.tokenscope.store.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenscope history}: the scans recorded in the history store, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "List the scans recorded in the scan history store, newest first.",
    footer = ExitCode.HELP_NO_FINDINGS)
final class HistoryCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin HistoryStoreOptions store;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description = "only scans of this target (a path or repository URL as recorded)")
  String target;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "at most N scans (default: ${DEFAULT-VALUE})")
  int limit = 50;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text)")
  String format = "text";

  @Override
  public Integer call() {
    boolean json = DiffCommand.json(format);
    if (limit < 1) {
      throw new UserException("--limit must be at least 1");
    }
    try (ScanStore history = store.open()) {
      List<ScanRecord> scans = history.scans(target, limit);
      if (json) {
        ArrayNode list = JSON.createArrayNode();
        scans.forEach(s -> list.add(scan(s)));
        System.out.println(JSON.writeValueAsString(list));
      } else if (scans.isEmpty()) {
        System.out.println(
            target == null
                ? "no scans recorded in " + history.describe()
                : "no scans of " + target + " recorded in " + history.describe());
      } else {
        System.out.printf(
            Locale.ROOT,
            "%-6s %-20s %-9s %-7s %-8s %s%n",
            "SCAN",
            "FINISHED (UTC)",
            "FINDINGS",
            "SHARD",
            "STATUS",
            "TARGET");
        for (ScanRecord s : scans) {
          System.out.printf(
              Locale.ROOT,
              "%-6d %-20s %-9d %-7s %-8s %s%n",
              s.id(),
              s.finishedAt()
                  .toString()
                  .replace('T', ' ')
                  .replaceAll("\\.\\d+", "")
                  .replace("Z", ""),
              s.findingCount(),
              s.shard() == null ? "-" : s.shard(),
              s.complete() ? "complete" : "partial",
              s.target());
        }
      }
      return ExitCode.CLEAN;
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode scan(ScanRecord s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", s.id());
    node.put("target", s.target());
    node.put("started", s.startedAt().toString());
    node.put("finished", s.finishedAt().toString());
    node.put("tool_version", s.toolVersion());
    node.put("shard", s.shard());
    node.put("findings", s.findingCount());
    node.put("complete", s.complete());
    return node;
  }
}
