package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * What keeps a short run short: a plain scan loads no provider SDK, database driver, schema
 * validator or catalog (they are loaded when a flag asks for them), and the trimmed command tree a
 * {@code scan} or {@code --version} run gets behaves like the whole one.
 */
class StartupTest {
  @TempDir Path dir;

  /** Packages a plain scan of files never needs. */
  static final List<String> NOT_FOR_A_PLAIN_SCAN =
      List.of(
          "software.amazon.",
          "com.google.api.",
          "com.google.auth.",
          "io.fabric8.",
          "org.h2.",
          "org.postgresql.",
          "org.mariadb.",
          "org.flywaydb.",
          "org.eclipse.jgit.",
          "com.networknt.",
          "dev.tokenscope.resolve.aws.ActionCatalog",
          "dev.tokenscope.resolve.gcp.RoleCatalog",
          // the risk policies: read when a resolved credential's permissions are categorised
          "dev.tokenscope.assess.PolicySet$Bundled");

  private List<String> loadedClasses(String... args) throws Exception {
    Path log = dir.resolve("classes.log");
    List<String> command =
        Stream.concat(
                Stream.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + log,
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()),
                Stream.of(args))
            .toList();
    Process run =
        new ProcessBuilder(command)
            .directory(
                dir.toFile()) // not the project's checkout, whose .tokenscope.yaml would load
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    int exit = run.waitFor();
    assertThat(exit).as(Files.readString(dir.resolve("out.txt"))).isBetween(0, 1);
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .map(line -> line.replaceFirst("^.*\\]\\s+", ""))
        .map(line -> line.split(" ")[0])
        .toList();
  }

  @Test
  void aPlainScanLoadsNoProviderSdkDriverOrCatalog() throws Exception {
    Path file = dir.resolve("config.env");
    Files.writeString(file, "GITHUB_TOKEN=ghp_" + "q8W2e7R4t1Y6u3I9o5P0a2S4d6F8g1H3j5K7\n");

    List<String> loaded = loadedClasses("scan", "--format", "json", file.toString());

    assertThat(loaded).contains("dev.tokenscope.source.FileSource");
    for (String prefix : NOT_FOR_A_PLAIN_SCAN) {
      assertThat(loaded).as(prefix).noneMatch(c -> c.startsWith(prefix));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "text", "sarif"})
  void aPlainScanSetsUpNoObjectMapper(String format) throws Exception {
    // Setting up Jackson's ObjectMapper (and its date formats) costs a commit hook's scan more CPU
    // than the scan: reports write their trees with a streaming generator, and the YAML and JSON
    // mappers of rules, config, inventory and checksums are made only when they have a file to
    // read.
    Path file = dir.resolve("config.env");
    Files.writeString(file, "GITHUB_TOKEN=ghp_" + "q8W2e7R4t1Y6u3I9o5P0a2S4d6F8g1H3j5K7\n");

    List<String> loaded = loadedClasses("scan", "--format", format, file.toString());

    assertThat(loaded).contains("dev.tokenscope.source.FileSource");
    assertThat(loaded).doesNotContain("com.fasterxml.jackson.databind.ObjectMapper");
  }

  @Test
  void aRepositorysOwnConfigIsReadWithoutAnObjectMapper() throws Exception {
    // A team's repository has a .tokenscope.yaml: its commit hook reads it on every commit.
    Files.writeString(
        dir.resolve(".tokenscope.yaml"),
        "allow:\n  paths: ['test/fixtures/**']\n  fingerprints: []\nfail_on: high\n");
    Path file = dir.resolve("config.env");
    Files.writeString(file, "GITHUB_TOKEN=ghp_" + "q8W2e7R4t1Y6u3I9o5P0a2S4d6F8g1H3j5K7\n");

    List<String> loaded = loadedClasses("scan", "--format", "json", file.toString());

    assertThat(loaded).contains("dev.tokenscope.config.ConfigReader");
    assertThat(loaded).doesNotContain("com.fasterxml.jackson.databind.ObjectMapper");
  }

  @Test
  void picocliIsBuiltForJava17SoTheClassDataArchiveCanHoldIt() throws IOException {
    // A class-data-sharing archive skips class files older than Java 6, as picocli's jar ships.
    try (var in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
      byte[] header = in.readNBytes(8);
      int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      assertThat(major).isGreaterThanOrEqualTo(61);
    }
  }

  @Test
  void aPlainScanReadsTheCompiledRulesNotTheYamlFiles() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "nothing here\n");

    List<String> loaded = loadedClasses("scan", file.toString());

    assertThat(loaded).contains("dev.tokenscope.detect.CompiledRules");
    // RuleSet.load lists the YAML files with a stream (its lambdas); reading the compiled form does
    // not.
    assertThat(loaded).noneMatch(c -> c.startsWith("dev.tokenscope.detect.RuleSet$$Lambda"));
  }

  @Test
  void scanHelpIsTheSameFromTheTrimmedTreeAndTheWholeOne() {
    String whole = Main.commandLine().getSubcommands().get("scan").getUsageMessage();
    String trimmed =
        Main.commandLine("scan", "--help").getSubcommands().get("scan").getUsageMessage();

    assertThat(trimmed).isEqualTo(whole).contains("Usage: tokenscope scan");
  }

  @Test
  void versionAndScanErrorsWorkFromTheTrimmedTree() {
    Cli version = Cli.run("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("tokenscope ");

    Cli bad = Cli.run("scan", "--no-such-flag");
    assertThat(bad.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(bad.err()).contains("Unknown option").contains("Try 'tokenscope scan --help'.");
  }

  @Test
  void otherCommandsStillGetTheWholeTree() throws IOException {
    assertThat(Main.commandLine("rules", "list").getSubcommands()).containsKey("inventory");
    assertThat(Main.commandLine("scan").getSubcommands()).containsOnlyKeys("scan");
  }
}
