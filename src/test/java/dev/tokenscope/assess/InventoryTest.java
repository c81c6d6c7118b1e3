package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {
  static final String TOKEN = "4f9c2d71-8e3a-4b6f-a1d5-93c07e2b8f16";

  @Test
  void validInventoryLoadsEveryField() throws Exception {
    Inventory inventory = Inventory.load(Path.of("src/test/resources/assess/valid-tokens.yaml"));
    assertThat(inventory.entries()).hasSize(2);
    InventoryEntry domains = inventory.entries().get(0);
    assertThat(domains.id()).isEqualTo("railway-domains");
    assertThat(domains.line()).isEqualTo(3);
    assertThat(domains.allow()).containsExactly("customDomainCreate", "customDomainDelete");
    assertThat(domains.environments()).containsExactly("production");
    assertThat(domains.expires()).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
    assertThat(domains.storedIn()).containsExactly("vault:secret/ci/*");
    assertThat(inventory.entries().get(1).allow()).as("no allow: not stated").isNull();
  }

  @Test
  void credentialIsFoundByFingerprintOrAwsKeyId() throws Exception {
    Inventory inventory = Inventory.load(Path.of("src/test/resources/assess/valid-tokens.yaml"));
    Credential railway =
        Credential.found(
            "railway.api-token",
            "railway",
            new Secret(TOKEN),
            Map.of(),
            List.of(Location.file("x")));
    Credential aws =
        Credential.found(
            "aws.secret-access-key",
            "aws",
            new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY1"),
            Map.of("id", "AKIAQYLPMN5HHHFPZAM2"),
            List.of());
    Credential other =
        Credential.found(
            "railway.api-token",
            "railway",
            new Secret("0f9c2d71-8e3a-4b6f-a1d5-93c07e2b8f16"),
            Map.of(),
            List.of());
    assertThat(inventory.find(railway, null)).map(InventoryEntry::id).contains("railway-domains");
    assertThat(inventory.find(aws, null)).map(InventoryEntry::id).contains("aws-backup-reader");
    assertThat(inventory.find(other, null)).isEmpty();
  }

  @Test
  void schemaErrorsNameTheirLines() {
    InventoryException e =
        catchThrowableOfType(
            () -> Inventory.load(Path.of("src/test/resources/assess/broken-tokens.yaml")),
            InventoryException.class);
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(InventoryProblem::toString)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("src/test/resources/assess/broken-tokens.yaml:6:")
                    .contains("fingerprint")
                    .contains("pattern"))
        .anySatisfy(p -> assertThat(p).contains(":8:").contains("purpos"))
        .anySatisfy(p -> assertThat(p).contains(":9:").contains("match"));
  }

  @Test
  void yamlSyntaxErrorNamesItsLine() {
    String text =
        "version: 1\ntokens:\n  - id: a\n    provider: railway\n    match: {fingerprint: \"fp:00\"\n  - id: b\n";
    assertThatThrownBy(() -> Inventory.parse("tokens.yaml", text))
        .isInstanceOf(InventoryException.class)
        .hasMessageStartingWith("tokens.yaml:")
        .hasMessageContaining("not valid YAML");
    InventoryException e =
        catchThrowableOfType(() -> Inventory.parse("tokens.yaml", text), InventoryException.class);
    assertThat(e.problems().get(0).line()).isBetween(5, 6);
  }

  @Test
  void duplicateIdsAndFingerprintsAreReportedAtTheSecondEntry() {
    String text =
        "tokens:\n"
            + "  - id: a\n    provider: railway\n    match: {fingerprint: \"fp:5036ea55c4091829c4fad086e4e273d5\"}\n"
            + "  - id: a\n    provider: railway\n    match: {fingerprint: \"fp:5036ea55c4091829c4fad086e4e273d5\"}\n";
    InventoryException e =
        catchThrowableOfType(() -> Inventory.parse("tokens.yaml", text), InventoryException.class);
    assertThat(e.problems())
        .extracting(InventoryProblem::toString)
        .contains("tokens.yaml:5: duplicate id 'a' (first declared on line 2)")
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("tokens.yaml:7:")
                    .contains("already declared by the entry on line 2"));
  }

  @Test
  void emptyOrMisshapenFilesAreRejectedClearly() {
    assertThatThrownBy(() -> Inventory.parse("tokens.yaml", "")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Inventory.parse("tokens.yaml", "- id: a\n"))
        .hasMessageContaining("tokens.yaml:1:");
    assertThatThrownBy(
            () ->
                Inventory.parse(
                    "tokens.yaml",
                    "tokens:\n  - id: a\n    provider: railway\n    match: {}\n    expires: soon\n"))
        .hasMessageContaining("tokens.yaml:4:")
        .hasMessageContaining("tokens.yaml:5:");
  }

  @Test
  void exampleInventoriesAreValid() throws Exception {
    assertThat(Inventory.load(Path.of("examples/incident/tokens.yaml")).entries())
        .extracting(InventoryEntry::id)
        .containsExactly("railway-domains", "railway-deploy");
    assertThat(Inventory.load(Path.of("examples/incident/tokens-unlisted.yaml")).entries())
        .extracting(InventoryEntry::id)
        .containsExactly("railway-deploy");
  }

  @Test
  void bundledSchemaIsTheOneInTheRepository() throws Exception {
    try (var in = Inventory.class.getClassLoader().getResourceAsStream(Inventory.SCHEMA_RESOURCE)) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(java.nio.file.Files.readString(Path.of("schemas/tokens.schema.json")));
    }
  }

  @Test
  void missingFileIsAProblemNotACrash() {
    assertThatThrownBy(() -> Inventory.load(Path.of("no/such/tokens.yaml")))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("cannot read");
  }
}
