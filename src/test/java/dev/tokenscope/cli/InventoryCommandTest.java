package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.assess.Inventory;
import dev.tokenscope.assess.InventoryEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandTest {
  @TempDir Path dir;

  @Test
  void initDraftsAnEntryPerTokenThatCheckCallsADraftUntilItsTodosAreFilled() throws Exception {
    Path draft = dir.resolve("tokens.yaml");
    Cli init =
        Cli.run(
            "inventory",
            "init",
            "examples/incident/repo",
            "--replay",
            "examples/incident/recorded",
            "-o",
            draft.toString());
    assertThat(init.exit()).as(init.err()).isEqualTo(ExitCode.CLEAN);
    Inventory inventory = Inventory.load(draft);
    assertThat(inventory.entries()).hasSize(1);
    InventoryEntry entry = inventory.entries().get(0);
    assertThat(entry.provider()).isEqualTo("railway");
    assertThat(entry.match().fingerprint()).isEqualTo("fp:5036ea55c4091829c4fad086e4e273d5");
    assertThat(entry.environments()).containsExactly("production");
    assertThat(entry.allow()).as("nothing accepted before a person reviews it").isEmpty();
    assertThat(Files.readString(draft))
        .contains("TODO review")
        .contains("#   - \"volumeDelete\"")
        .contains("deploy/domains.env:3")
        .doesNotContain("4f9c2d71-8e3a");
    Cli check = Cli.run("inventory", "check", draft.toString());
    assertThat(check.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(check.out())
        .contains(":11: draft: 'owner' is still the draft's TODO")
        .contains("is still a draft: 2 TODOs to fill in");
    Path filled =
        Files.writeString(
            dir.resolve("filled.yaml"),
            Files.readString(draft).replaceAll("\"TODO: [^\"]*\"", "\"ops team\""));
    Cli again = Cli.run("inventory", "check", filled.toString());
    assertThat(again.exit()).as(again.out()).isEqualTo(ExitCode.CLEAN);
    assertThat(again.out()).contains("valid, 1 token");
  }

  @Test
  void aResolvedDraftLeavesTheTokenOverPrivilegedUntilAllowIsFilled() throws Exception {
    Path draft = dir.resolve("tokens.yaml");
    Cli.run(
        "inventory",
        "init",
        "examples/incident/repo",
        "--replay",
        "examples/incident/recorded",
        "-o",
        draft.toString());
    Path filled =
        Files.writeString(
            dir.resolve("filled.yaml"),
            Files.readString(draft).replaceAll("\"TODO: [^\"]*\"", "\"ops team\""));
    Cli scan =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--inventory",
            filled.toString(),
            "--replay",
            "examples/incident/recorded",
            "--format",
            "json");
    assertThat(scan.out()).contains("\"kind\" : \"OVER_PRIVILEGED\"");
  }

  @Test
  void initMergeAppendsOnlyTokensTheInventoryDoesNotDeclare() throws Exception {
    Path inventory = dir.resolve("tokens.yaml");
    Files.copy(Path.of("examples/incident/tokens.yaml"), inventory);
    String before = Files.readString(inventory);
    Cli same =
        Cli.run("inventory", "init", "examples/incident/repo", "--merge", inventory.toString());
    assertThat(same.exit()).as(same.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(same.err()).contains("0 new token(s)");
    assertThat(Files.readString(inventory)).isEqualTo(before);

    Path more = Files.createDirectories(dir.resolve("more"));
    Files.writeString(more.resolve("ci.env"), "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n");
    Cli added = Cli.run("inventory", "init", more.toString(), "--merge", inventory.toString());
    assertThat(added.exit()).as(added.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(added.err()).contains("1 new token(s)");
    String after = Files.readString(inventory);
    assertThat(after).startsWith(before);
    assertThat(Inventory.load(inventory).entries())
        .hasSize(3)
        .last()
        .satisfies(e -> assertThat(e.id()).isEqualTo("aws-1"));
  }

  @Test
  void initWithoutResolvingLeavesAllowOut() throws Exception {
    Cli init = Cli.run("inventory", "init", "examples/incident/repo");
    assertThat(init.exit()).isEqualTo(ExitCode.CLEAN);
    Inventory inventory = Inventory.parse("draft", init.out());
    assertThat(inventory.entries()).singleElement().satisfies(e -> assertThat(e.allow()).isNull());
  }

  @Test
  void initRefusesToOverwriteAnInventory() throws Exception {
    Path existing = Files.writeString(dir.resolve("tokens.yaml"), "tokens: []\n");
    Cli init = Cli.run("inventory", "init", "examples/incident/repo", "-o", existing.toString());
    assertThat(init.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(init.err()).contains("already exists");
    assertThat(Files.readString(existing)).isEqualTo("tokens: []\n");
  }

  @Test
  void checkPrintsEveryProblemWithItsLineAndExitsOne() {
    Cli check = Cli.run("inventory", "check", "src/test/resources/assess/broken-tokens.yaml");
    assertThat(check.exit()).isEqualTo(ExitCode.FINDINGS);
    assertThat(check.out())
        .contains("broken-tokens.yaml:6: tokens[0]/match/fingerprint")
        .contains("broken-tokens.yaml:8:")
        .contains("broken-tokens.yaml:9:")
        .contains("3 problems");
  }

  @Test
  void checkOfAMissingFileIsAUsageError() {
    Cli check = Cli.run("inventory", "check", dir.resolve("nope.yaml").toString());
    assertThat(check.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(check.err()).contains("no such file");
  }

  @Test
  void scanWithAnInvalidInventoryStopsWithTheLinesToFix() {
    Cli run =
        Cli.run(
            "scan",
            "examples/incident/repo",
            "--inventory",
            "src/test/resources/assess/broken-tokens.yaml",
            "--format",
            "json");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("inventory is not valid").contains("broken-tokens.yaml:6:");
  }

  @Test
  void badAssessOptionsAreClearErrors() {
    assertThat(Cli.run("scan", "examples/incident/repo", "--replay", dir.toString()).err())
        .contains("no exchanges.yaml");
    Cli badNow = Cli.run("scan", "examples/incident/repo", "--now", "yesterday");
    assertThat(badNow.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(badNow.err()).contains("--now 'yesterday' is not a date");
  }
}
