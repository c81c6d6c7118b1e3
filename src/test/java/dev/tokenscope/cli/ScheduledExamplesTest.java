package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduled-job examples keep the promises docs/history.md makes: findings do not fail a shard
 * (only new ones alert, and errors are what is retried), every attempt of a night is one run, and
 * one failed shard does not drop the alert. The flags they use parse.
 */
class ScheduledExamplesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> documents(String path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        YAML.readerFor(JsonNode.class).readValues(Path.of(path).toFile())) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void kubernetesCronJobRetriesOnlyErrorsAndAlertsOnNewTokensWithoutRetry() throws Exception {
    JsonNode cron = documents("examples/ci/kubernetes/indexed-job.yaml").get(0);
    assertThat(cron.get("kind").asText()).isEqualTo("CronJob");
    JsonNode job = cron.at("/spec/jobTemplate/spec");
    assertThat(job.get("completionMode").asText()).isEqualTo("Indexed");
    JsonNode rules = job.at("/podFailurePolicy/rules");
    String onOne = null;
    String onTwo = null;
    for (JsonNode rule : rules) {
      List<String> codes = texts(rule.at("/onExitCodes/values"));
      if (codes.contains("1")) {
        onOne = rule.get("action").asText();
      }
      if (codes.contains("2")) {
        onTwo = rule.get("action").asText();
      }
    }
    assertThat(onOne).as("a new token (exit 1) is not retried").isEqualTo("FailIndex");
    assertThat(onTwo).as("an error (exit 2) is retried").isEqualTo("Count");
    JsonNode container = job.at("/template/spec/containers/0");
    List<String> args = texts(container.get("args"));
    assertThat(args).contains("--run", "$(RUN)", "--new-only", "--shard");
    assertThat(container.get("env").toString()).contains("batch.kubernetes.io/job-name");
    JsonNode prune = documents("examples/ci/kubernetes/indexed-job.yaml").get(1);
    assertThat(texts(prune.at("/spec/jobTemplate/spec/template/spec/containers/0/args")))
        .startsWith("history", "prune");
  }

  @Test
  void githubMatrixNeverFailsAShardOnFindingsAndAlwaysRunsTheAlert() throws Exception {
    JsonNode workflow = documents("examples/ci/github/scheduled-matrix.yml").get(0);
    assertThat(workflow.at("/env/RUN").asText()).contains("github.run_id");
    String scan = workflow.at("/jobs/scan/steps").toString();
    assertThat(scan)
        .contains("--run \\\"$RUN\\\"")
        .contains("--new-only")
        .contains("--fail-on none");
    JsonNode alert = workflow.at("/jobs/alert");
    assertThat(alert.get("if").asText()).isEqualTo("always()");
    assertThat(alert.get("steps").toString())
        .contains("diff --store \\\"$STORE\\\" --run \\\"$RUN\\\"");
  }

  @Test
  void theFlagsTheExamplesUseAreAccepted() {
    for (String[] help :
        new String[][] {{"scan", "--help"}, {"diff", "--help"}, {"history", "prune", "--help"}}) {
      Cli run = Cli.run(help);
      assertThat(run.exit()).isZero();
      assertThat(run.out()).isNotBlank();
    }
    assertThat(Cli.run("scan", "--help").out())
        .contains("--run")
        .contains("--new-only")
        .contains("--fail-on");
    assertThat(Cli.run("diff", "--help").out()).contains("--run");
    assertThat(Cli.run("history", "prune", "--help").out())
        .contains("--keep-runs")
        .contains("--older-than")
        .contains("90d");
  }
}
