package dev.tokenscope.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .tokenscope.yaml} inside a scanned tree is written by whoever wrote the tree. Whatever
 * its bytes, loading it (and narrowing it to what a tree may decide) either gives a config or a
 * {@link ConfigException} naming the file: never another exception or a hang. Runs over the seeds
 * in {@code ConfigFuzzTestInputs/} in every build; {@code docs/fuzzing.md} says how to fuzz it.
 */
class ConfigFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void anyBytesGiveAConfigOrAClearError(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Config config;
    try {
      config = Config.parse(text, ".tokenscope.yaml");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith(".tokenscope.yaml");
      return;
    }
    assertThat(config).isNotNull();
    List<ConfigProblem> problems = new ArrayList<>();
    Config narrowed =
        InTreeConfig.narrow(
            config, Path.of("repo/.tokenscope.yaml"), Path.of("user/config.yaml"), problems);
    assertThat(narrowed.providers()).isEmpty();
    assertThat(narrowed.inventory()).isNull();
  }
}
