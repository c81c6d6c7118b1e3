package dev.tokenscope.cli;

import dev.tokenscope.assess.AssessSettings;
import dev.tokenscope.assess.Assessor;
import dev.tokenscope.assess.Inventory;
import dev.tokenscope.assess.InventoryException;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.Resolvers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --inventory}, {@code --replay} and {@code --now}: what the assessment of a scan needs,
 * shared by every command that scans. {@link #scan} runs the whole pipeline with them.
 */
final class AssessOptions {
  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "the team's token inventory (tokens.yaml); default: 'inventory:' of the config. Without one, tokens are assessed against the risk policies alone")
  Path inventory;

  @Option(
      names = "--replay",
      paramLabel = "DIR",
      description =
          "answer every provider call from recorded responses in DIR/exchanges.yaml instead of the network (offline demos and tests); on scan it implies --resolve")
  Path replay;

  @Option(
      names = "--now",
      paramLabel = "DATE",
      description =
          "assess as if it were this date (YYYY-MM-DD or an ISO-8601 instant), for reproducible reports")
  String now;

  /**
   * Loads the inventory, runs the pipeline (against the replay server with --replay) and stops the
   * server.
   */
  ScanResult scan(
      Detector detector,
      Config config,
      Map<String, Severity> ruleSeverities,
      boolean resolve,
      Resolvers resolvers,
      Function<Pipeline, ScanResult> run) {
    Assessor assessor = assessor(config, ruleSeverities);
    boolean resolving = resolve || replay != null;
    return withReplay(
        config,
        resolvers,
        effective ->
            run.apply(
                new Pipeline(
                    detector,
                    effective,
                    assessor,
                    resolving ? resolvers : null,
                    resolveContext(effective))));
  }

  /**
   * Runs {@code work} with the config provider calls must use: unchanged, or with --replay every
   * provider's base URL pointed at a replay server that lives exactly as long as the work. Other
   * commands that call providers (resolve, audit) use this too.
   */
  <T> T withReplay(Config config, Function<Config, T> work) {
    return withReplay(config, Resolvers.builtIn(), work);
  }

  /**
   * As {@link #withReplay(Config, Function)}, pointing the providers of {@code resolvers} (with a
   * user's own liveness checks) at the replay server too.
   */
  private <T> T withReplay(Config config, Resolvers resolvers, Function<Config, T> work) {
    if (replay == null) {
      return work.apply(config);
    }
    try (ReplayServer server = startReplay()) {
      // Recorded answers stand in for HTTP only: a database connection cannot be replayed, so
      // none is opened, whatever database.allow_hosts says.
      return work.apply(
          config.withBaseUrls(baseUrls(server, config, resolvers)).withoutDatabaseHosts());
    }
  }

  /** True when --replay was given (it implies resolving). */
  boolean replaying() {
    return replay != null;
  }

  /**
   * The assessor for this run: bundled policies, the inventory, the config's thresholds and the
   * clock.
   */
  Assessor assessor(Config config, Map<String, Severity> ruleSeverities) {
    AssessSettings settings;
    try {
      settings = AssessSettings.of(config, clock());
    } catch (IllegalArgumentException e) {
      throw new UserException("config: " + e.getMessage());
    }
    return new Assessor(PolicySet.bundled(), loadInventory(config), settings, ruleSeverities);
  }

  Inventory loadInventory(Config config) {
    Path file =
        inventory != null
            ? inventory
            : config.inventory() == null ? null : Path.of(config.inventory());
    if (file == null) {
      return Inventory.none();
    }
    if (!Files.isRegularFile(file)) {
      throw new UserException(
          "inventory " + file + ": no such file (check --inventory or 'inventory:' in the config)");
    }
    try {
      return Inventory.load(file);
    } catch (InventoryException e) {
      throw new UserException(
          "the inventory is not valid, fix it or run 'tokenscope inventory check "
              + file
              + "':\n"
              + e.getMessage());
    }
  }

  /** The resolve context for a config, on this run's clock. */
  ResolveContext resolveContext(Config config) {
    ResolveContext defaults = ResolveContext.of(config);
    return new ResolveContext(config, clock(), defaults.http());
  }

  Clock clock() {
    if (now == null) {
      return Clock.systemUTC();
    }
    try {
      Instant instant =
          now.length() == 10
              ? LocalDate.parse(now).atStartOfDay(ZoneOffset.UTC).toInstant()
              : Instant.parse(now);
      return Clock.fixed(instant, ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UserException(
          "--now '"
              + now
              + "' is not a date: use YYYY-MM-DD or an instant such as 2026-01-31T12:00:00Z");
    }
  }

  private ReplayServer startReplay() {
    Path file = Files.isDirectory(replay) ? replay.resolve("exchanges.yaml") : replay;
    if (!Files.isRegularFile(file)) {
      throw new UserException("--replay " + replay + ": no exchanges.yaml there");
    }
    try {
      return ReplayServer.fromDirectory(replay);
    } catch (IOException e) {
      throw new UserException("--replay: " + e.getMessage());
    }
  }

  /**
   * Every provider tokenscope resolves, and every one the config names, pointed at the replay
   * server.
   */
  private static Map<String, String> baseUrls(
      ReplayServer server, Config config, Resolvers resolvers) {
    Set<String> providers = new LinkedHashSet<>();
    Resolvers.builtIn().all().stream().map(Resolver::provider).forEach(providers::add);
    if (resolvers != null) {
      resolvers.all().stream().map(Resolver::provider).forEach(providers::add);
    }
    providers.addAll(config.providers().keySet());
    Map<String, String> urls = new HashMap<>();
    providers.forEach(p -> urls.put(p, server.baseUrl(p).toString()));
    return urls;
  }
}
