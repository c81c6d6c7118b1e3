package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tokenscope}, the launcher the README and the commit hooks use: it makes a class-data
 * archive once, uses it, and runs the jar the same way without one (disabled, damaged, or not
 * makeable). It runs a jar that names the build's classes and dependencies in its manifest, as the
 * shaded jar is only made after the tests.
 */
class LauncherTest {
  static final String TOKEN =
      "sk_live_"
          + "51Hq8W2e7R4t1Y6u3I9o5P0a2S4d6F8g1H3j5K7l9Z0x2C4v6B8n1M3q5W7e9R2t4Y6u8I0o2P4a6S8d0F2g4";

  @TempDir static Path shared;
  static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void makeJar() throws IOException {
    // Only jars: class-data sharing refuses a class path with a non-empty folder on it.
    Path classes = shared.resolve("classes.jar");
    Path built = Path.of("target/classes");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(classes));
        Stream<Path> files = Files.walk(built)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(
            new java.util.jar.JarEntry(built.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    List<String> path = new ArrayList<>();
    path.add(classes.toUri().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        path.add(Path.of(entry).toAbsolutePath().toUri().toString());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", path));
    jar = shared.resolve("tokenscope.jar");
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush();
    }
  }

  record Run(int exit, String out, String err) {}

  private Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "bin/tokenscope"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TOKENSCOPE_JAR", jar.toString());
    builder.environment().put("TOKENSCOPE_CACHE", dir.resolve("cache").toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("TOKENSCOPE_JAVA_OPTS");
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("out.txt").toFile());
    builder.redirectError(dir.resolve("err.txt").toFile());
    int exit = builder.start().waitFor();
    return new Run(
        exit,
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private Path leakyFile() throws IOException {
    Path file = dir.resolve("app.env");
    Files.writeString(file, "STRIPE_SECRET_KEY=" + TOKEN + "\n");
    return file;
  }

  private List<Path> archives() throws IOException {
    Path cache = dir.resolve("cache");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.toString().endsWith(".jsa")).toList();
    }
  }

  @Test
  void withoutAnArchiveTheLauncherRunsTheJarPlainly() throws Exception {
    Path file = leakyFile();

    Run run = launch(Map.of("TOKENSCOPE_CDS", "0"), "scan", "--format", "json", file.toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.out()).contains("stripe.live-secret-key").doesNotContain(TOKEN);
    assertThat(archives()).isEmpty();
  }

  @Test
  void aScanOfNamedFilesGetsTheShortRunSettingsWhateverItsOutputFlags() throws Exception {
    Path file = leakyFile();
    Map<String, String> flags =
        Map.of("TOKENSCOPE_CDS", "0", "TOKENSCOPE_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
    String report = dir.resolve("report.json").toString();

    for (List<String> output :
        List.of(
            List.<String>of(),
            List.of("-o", report),
            List.of("-o" + report),
            List.of("--output", report),
            List.of("--output=" + report))) {
      List<String> args = new ArrayList<>(List.of("scan", "--fail-on", "none"));
      args.addAll(output);
      args.add(file.toString());
      Run run = launch(flags, args.toArray(String[]::new));
      assertThat(run.out()).as("scan %s", args).contains("-XX:+UseSerialGC");
    }
    Run tree = launch(flags, "scan", "--fail-on", "none", "-o", report, dir.toString());
    assertThat(tree.out()).as("a folder is long work").contains("-XX:+UseParallelGC");
  }

  @Test
  void theFirstRunMakesTheArchiveAndLaterRunsGiveTheSameReport() throws Exception {
    Path file = leakyFile();
    Run plain = launch(Map.of("TOKENSCOPE_CDS", "0"), "scan", "--format", "json", file.toString());

    Run first = launch(Map.of(), "scan", "--format", "json", file.toString());
    List<Path> made = archives();
    // -Xshare:on makes the JVM fail rather than run without the archive: this run must use it.
    Run second =
        launch(
            Map.of("TOKENSCOPE_JAVA_OPTS", "-Xshare:on"),
            "scan",
            "--format",
            "json",
            file.toString());

    assertThat(made).hasSize(1);
    assertThat(archives()).isEqualTo(made);
    assertThat(first.exit()).as(first.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(second.exit()).as(second.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(first.err()).isEmpty();
    assertThat(second.err()).isEmpty();
    assertThat(withoutTimes(second.out())).isEqualTo(withoutTimes(plain.out()));
  }

  @Test
  void aDamagedArchiveIsIgnoredNotFatal() throws Exception {
    Path file = leakyFile();
    launch(Map.of(), "--version");
    List<Path> made = archives();
    assertThat(made).hasSize(1);
    Files.writeString(made.get(0), "not an archive");

    Run run = launch(Map.of(), "scan", "--format", "json", file.toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("stripe.live-secret-key");
  }

  @Test
  void anUnwritableCacheOnlyCostsTheArchive() throws Exception {
    Path blocker = dir.resolve("cache");
    Files.writeString(blocker, "a file where the cache folder would be");

    Run run = launch(Map.of(), "--version");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("tokenscope ");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aLinkToTheLauncherFindsTheJarBesideTheLauncherItself() throws Exception {
    // The README's install: a symbolic link on PATH to bin/tokenscope of a built checkout.
    Path checkout = dir.resolve("checkout");
    Files.createDirectories(checkout.resolve("bin"));
    Files.createDirectories(checkout.resolve("target"));
    Files.copy(Path.of("bin/tokenscope"), checkout.resolve("bin/tokenscope"));
    Files.copy(jar, checkout.resolve("target/tokenscope.jar"));
    Path links = Files.createDirectories(dir.resolve("links"));
    Files.createSymbolicLink(links.resolve("tokenscope"), Path.of("../checkout/bin/tokenscope"));

    ProcessBuilder builder = new ProcessBuilder("sh", links.resolve("tokenscope").toString());
    builder.command().add("--version");
    builder.environment().remove("TOKENSCOPE_JAR");
    builder.environment().put("TOKENSCOPE_CDS", "0");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(out).isZero();
    assertThat(out).startsWith("tokenscope ");
  }

  @Test
  void aRebuiltJarGetsItsArchiveMadeAgain() throws Exception {
    Path own = dir.resolve("own.jar");
    Files.copy(jar, own);
    Map<String, String> env = Map.of("TOKENSCOPE_JAR", own.toString());
    launch(env, "--version");
    List<Path> made = archives();
    assertThat(made).hasSize(1);
    FileTime before = Files.getLastModifiedTime(made.get(0));
    // A rebuild: the jar is now newer than its archive.
    Files.setLastModifiedTime(own, FileTime.fromMillis(before.toMillis() + 5_000));

    Run run = launch(env, "--version");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(archives()).isEqualTo(made);
    assertThat(Files.getLastModifiedTime(made.get(0))).isGreaterThan(before);
  }

  @Test
  void aMissingJarIsAClearError() throws Exception {
    Run run = launch(Map.of("TOKENSCOPE_JAR", dir.resolve("none.jar").toString()), "--version");

    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("no jar at").contains("mvn package");
  }

  /** The report's timings differ from run to run. */
  private static String withoutTimes(String json) {
    return json.replaceAll("\"(seconds|started|finished|scanned_at)\" : [^,\\n]+", "");
  }
}
