package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI examples under examples/ci/: the GitHub workflows parse and hang together (no network
 * here, so actionlint is run by hand; see examples/ci/README.md), the pre-commit definitions scan
 * the index, and the git hook reports "found credentials" only for exit 1.
 */
class CiExamplesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path WORKFLOWS = Path.of("examples/ci/github");

  @TempDir Path dir;

  private static List<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      return files
          .filter(p -> p.toString().endsWith(".yml") && !p.endsWith("action.yml"))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyWorkflowHasJobsWhoseStepsRunOrUseSomething() throws Exception {
    assertThat(workflows()).isNotEmpty();
    for (Path file : workflows()) {
      JsonNode workflow = YAML.readTree(file.toFile());
      assertThat(workflow.path("on").isMissingNode()).as(file + " has triggers").isFalse();
      JsonNode jobs = workflow.path("jobs");
      assertThat(jobs.size()).as(file + " has jobs").isPositive();
      for (JsonNode job : jobs) {
        assertThat(job.has("runs-on") || job.has("uses")).as(file + " job runs somewhere").isTrue();
        for (JsonNode step : job.path("steps")) {
          assertThat(step.has("run") || step.has("uses")).as(file + ": " + step).isTrue();
        }
      }
    }
  }

  @Test
  void aWorkflowThatWritesSarifKeepsItAndMayUploadIt() throws Exception {
    for (Path file : workflows()) {
      String text = Files.readString(file);
      if (!text.contains("--format sarif")) {
        continue;
      }
      JsonNode workflow = YAML.readTree(file.toFile());
      List<JsonNode> steps = new ArrayList<>();
      workflow.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
      List<JsonNode> uploads =
          steps.stream()
              .filter(
                  s ->
                      s.path("uses").asText().startsWith("github/codeql-action/upload-sarif")
                          || s.path("uses").asText().startsWith("actions/upload-artifact"))
              .toList();
      assertThat(uploads).as(file + " keeps the SARIF it writes").isNotEmpty();
      for (JsonNode upload : uploads) {
        if (upload.path("uses").asText().startsWith("github/codeql-action/upload-sarif")) {
          assertThat(upload.path("if").asText()).as(file.toString()).contains("always()");
          assertThat(workflow.at("/permissions/security-events").asText())
              .as(file + " may upload to code scanning")
              .isEqualTo("write");
        }
      }
    }
  }

  @Test
  void theInventoryCheckShowsAndGatesOnTheSameScan() throws Exception {
    JsonNode steps =
        YAML.readTree(WORKFLOWS.resolve("inventory-check.yml").toFile()).at("/jobs/tokens/steps");
    List<String> scans = new ArrayList<>();
    for (JsonNode step : steps) {
      String run = step.path("run").asText();
      if (run.contains(" scan ")) {
        scans.add(
            run.substring(run.indexOf(" scan ")).replaceAll("(?s)--format \\w+.*", "").trim());
      }
    }
    assertThat(scans).hasSize(2);
    assertThat(scans.get(0)).isEqualTo(scans.get(1));
    JsonNode last = steps.get(steps.size() - 1);
    assertThat(last.path("if").asText()).isEqualTo("always()");
    assertThat(last.path("run").asText()).contains("exit 1").contains("exit 2");
  }

  @Test
  void thePreCommitHookDefinitionScansTheIndexWithoutAHandDownloadedJar() throws Exception {
    Path definition = Path.of(".pre-commit-hooks.yaml");
    assertThat(Files.readString(Path.of("examples/ci/pre-commit-hooks.yaml")))
        .isEqualTo(Files.readString(definition));
    JsonNode hook = YAML.readTree(definition.toFile()).get(0);
    assertThat(hook.path("id").asText()).isEqualTo("tokenscope");
    assertThat(hook.path("entry").asText()).contains("scan --staged");
    assertThat(hook.path("pass_filenames").asBoolean(true)).isFalse();
    String script = hook.path("entry").asText().split(" ")[0];
    assertThat(Path.of(script)).isExecutable();
    assertThat(Files.readString(Path.of(script))).contains("mvn").doesNotContain("curl");
  }

  private record Result(int exit, String out, String args) {}

  @Test
  void theGitHookScansTheIndexAndTellsFindingsFromFailures() throws Exception {
    Result clean = hookWithPath(0);
    assertThat(clean.exit()).isZero();
    assertThat(clean.args()).startsWith("scan --staged").contains("--fail-on medium");
    Result found = hookWithPath(1);
    assertThat(found.exit()).isEqualTo(1);
    assertThat(found.out()).contains("found credentials");
    Result broken = hookWithPath(2);
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.out()).contains("could not check").doesNotContain("found credentials");
  }

  /**
   * Runs the git hook with a stand-in tokenscope, first on the PATH, that exits with {@code code}.
   */
  private Result hookWithPath(int code) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fake = bin.resolve("tokenscope");
    Files.writeString(
        fake, "#!/bin/sh\necho \"$@\" > \"" + dir.resolve("args") + "\"\nexit " + code + "\n");
    fake.toFile().setExecutable(true);
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh", Path.of("examples/ci/git-pre-commit-hook").toAbsolutePath().toString())
            .directory(Files.createDirectories(dir.resolve("checkout")).toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out").toFile());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = builder.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.exists(dir.resolve("args")) ? Files.readString(dir.resolve("args")) : "");
  }
}
