package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.config.Config;
import dev.tokenscope.model.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssessSettingsTest {
  @Test
  void bundledDefaultsAreEveryValueOfTheSeveritiesFile() throws Exception {
    // The file read by a full YAML mapper, against what the settings' streaming read made of it.
    JsonNode file =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("rules/policies", AssessSettings.FILE).toFile());
    Map<String, Severity> expected = new HashMap<>();
    file.path("severities")
        .properties()
        .forEach(e -> expected.put(e.getKey(), Severity.parse(e.getValue().asText())));

    AssessSettings settings = AssessSettings.of(Config.empty(), Clock.systemUTC());

    assertThat(expected).containsKeys("EXPOSED", "BACKUP_DESTRUCTIVE", "UNKNOWN_TOKEN");
    assertThat(settings.severities()).isEqualTo(expected);
    assertThat(settings.staleDays()).isEqualTo(file.path("thresholds").path("stale_days").asInt());
    assertThat(settings.maxAgeDays())
        .isEqualTo(file.path("thresholds").path("max_age_days").asInt());
  }
}
