package dev.tokenscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenscope.model.UserFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which config file may decide what: the user's own decides everything, an in-tree one narrows. */
class ConfigTrustTest {
  @TempDir Path dir;
  private Path user;
  private Path repo;

  @BeforeEach
  void folders() throws Exception {
    user = Files.createDirectories(dir.resolve("user"));
    repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve(".git"));
    System.setProperty(UserFolder.PROPERTY, user.toString());
  }

  @AfterEach
  void reset() {
    System.clearProperty(UserFolder.PROPERTY);
  }

  @Test
  void destinationsComeFromTheUsersConfigAndTheRepositoryOnlyNarrows() throws Exception {
    Files.writeString(
        user.resolve("config.yaml"),
        "providers:\n  github: { base_url: \"https://github.example.com/api/v3\" }\n"
            + "database: { allow_hosts: [\"db.internal\"] }\ninventory: /srv/tokens.yaml\n"
            + "allow: { fingerprints: [\"fp:00000000000000000000000000000001\"] }\nfail_on: low\n");
    Files.writeString(
        repo.resolve(".tokenscope.yaml"),
        "providers:\n  github: { base_url: \"https://attacker.example\" }\n"
            + "allow: { paths: [\"src/test/**\"], rules: [\"generic.password-line\"] }\n"
            + "fail_on: high\nassess: { severities: { STALE: low } }\n");
    ConfigFiles.Loaded loaded = ConfigFiles.load(null, repo.resolve("src"));
    Config config = loaded.config();
    assertThat(config.baseUrl("github", null)).isEqualTo("https://github.example.com/api/v3");
    assertThat(config.database().allowHosts()).containsExactly("db.internal");
    assertThat(config.inventory()).isEqualTo("/srv/tokens.yaml");
    assertThat(config.allow().paths()).containsExactly("src/test/**");
    assertThat(config.allow().rules()).containsExactly("generic.password-line");
    assertThat(config.allow().fingerprints()).hasSize(1);
    assertThat(config.failOn()).isEqualTo("high");
    assertThat(config.assess().severities()).containsEntry("STALE", "low");
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("'providers' (github) ignored"));
  }

  @Test
  void aFileTheUserNamesIsTrustedWhole() throws Exception {
    Path named =
        Files.writeString(dir.resolve("mine.yaml"), "database: { allow_hosts: [\"*\"] }\n");
    Files.writeString(repo.resolve(".tokenscope.yaml"), "allow: { paths: [\"**\"] }\n");
    ConfigFiles.Loaded loaded = ConfigFiles.load(named, repo);
    assertThat(loaded.config().database().allowHosts()).containsExactly("*");
    assertThat(loaded.config().allow().paths()).isEmpty();
    assertThat(loaded.problems()).isEmpty();
  }

  @Test
  void allowEntriesThatHideEverythingAreReportedAndNotObeyed() throws Exception {
    Files.writeString(
        repo.resolve(".tokenscope.yaml"),
        "allow:\n  paths: [\"**\", \"*\", \"/**\", \"**/*\", \"fixtures/**\", \"*.md\"]\n"
            + "  rules: [\"*\", \"aws\", \"github.*\", \"aws.access-key-id\"]\n");
    ConfigFiles.Loaded loaded = ConfigFiles.load(null, repo);
    assertThat(loaded.config().allow().paths()).containsExactly("fixtures/**", "*.md");
    assertThat(loaded.config().allow().rules()).containsExactly("aws.access-key-id");
    assertThat(loaded.problems()).hasSize(7);
  }

  @Test
  void baseUrlsAreCheckedWhenTheConfigLoads() {
    for (String bad :
        List.of(
            "http://api.github.com@127.0.0.1:9/",
            "https://api.github.com@evil.example/",
            "http://api.github.com",
            "https://slack.com/api#x",
            "https://slack.com/api?token=1",
            "ftp://example.com")) {
      assertThatThrownBy(
              () ->
                  Config.parse("providers:\n  github:\n    base_url: \"" + bad + "\"\n", "c.yaml"))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("providers.github.base_url");
    }
  }

  @Test
  void aTypeErrorNamesItsKeyAndLine() {
    assertThatThrownBy(() -> Config.parse("fail_on: high\nallow:\n  paths: 3\n", "c.yaml"))
        .hasMessageStartingWith("c.yaml:3: 'allow.paths' has the wrong type");
    assertThatThrownBy(() -> Config.parse("assess:\n  stale_days: soon\n", "c.yaml"))
        .hasMessageStartingWith("c.yaml:2: 'assess.stale_days' has the wrong type");
  }

  @Test
  void anUnknownKeyUnderANestedMappingIsReportedOnItsOwnLine() {
    assertThatThrownBy(
            () ->
                Config.parse(
                    "fail_on: high\nproviders:\n  github:\n    base_url: \"https://x.example\"\n"
                        + "    baseurl:\n      nested: 1\n",
                    "c.yaml"))
        .hasMessageStartingWith("c.yaml:5: unknown key 'providers.github.baseurl'");
  }
}
