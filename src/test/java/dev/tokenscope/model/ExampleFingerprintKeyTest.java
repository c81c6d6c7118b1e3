package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The incident example reads the same on every machine: its config's key, not the key the tests pin
 * or a new user's per-installation one, makes the fingerprint its inventory and docs show.
 */
class ExampleFingerprintKeyTest {
  @Test
  void theIncidentInventoryRecognisesThePlantedTokenWithTheExamplesOwnKey() throws Exception {
    String key = Config.load(Path.of("examples/incident/config.yaml")).fingerprintKey();
    assertThat(key).as("examples/incident/config.yaml sets fingerprint_key").isNotBlank();
    String secret =
        Files.readAllLines(Path.of("examples/incident/repo/deploy/domains.env")).stream()
            .filter(l -> l.startsWith("RAILWAY_API_TOKEN="))
            .findFirst()
            .orElseThrow()
            .substring("RAILWAY_API_TOKEN=".length());

    String fingerprint = Fingerprint.of(key, "railway.api-token", secret);

    assertThat(Files.readString(Path.of("examples/incident/tokens.yaml")))
        .contains("fingerprint: \"" + fingerprint + "\"");
    for (String doc : new String[] {"README.md", "examples/incident/README.md"}) {
      assertThat(Files.readString(Path.of(doc)))
          .as(doc)
          .contains("· " + fingerprint)
          .contains("--config examples/incident/config.yaml");
    }
  }
}
