package dev.tokenscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAssessTest {
  @TempDir Path dir;

  @Test
  void assessSectionIsRead() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve(".tokenscope.yaml"),
            "inventory: tokens.yaml\nassess:\n  stale_days: 30\n  max_age_days: 180\n  severities:\n    UNKNOWN_TOKEN: high\n");
    Config config = Config.load(file);
    assertThat(config.inventory()).isEqualTo("tokens.yaml");
    assertThat(config.assess().staleDays()).isEqualTo(30);
    assertThat(config.assess().maxAgeDays()).isEqualTo(180);
    assertThat(config.assess().severities()).containsEntry("UNKNOWN_TOKEN", "high");
    assertThat(config.withBaseUrls(java.util.Map.of("railway", "http://127.0.0.1:1")).assess())
        .isEqualTo(config.assess());
  }

  @Test
  void configWithoutAssessSectionUsesDefaults() throws Exception {
    Config config = Config.load(Files.writeString(dir.resolve("c.yaml"), "fail_on: high\n"));
    assertThat(config.assess().staleDays()).isNull();
    assertThat(config.assess().severities()).isEmpty();
  }

  @Test
  void typoInAssessSectionIsAnErrorNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "assess:\n  stale_day: 30\n");
    assertThatThrownBy(() -> Config.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml:")
        .hasMessageContaining("unknown key 'assess.stale_day'");
  }
}
