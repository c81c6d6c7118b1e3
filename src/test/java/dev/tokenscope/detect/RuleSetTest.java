package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
  @TempDir Path dir;

  private static final String GOOD =
      """
        - id: fake.good
          name: A good rule
          keywords: [fake_]
          pattern: '\\b(?<secret>fake_[a-z0-9]{20})\\b'
          examples: ['t = fake_q8w2e7r4t1y6u3i9o5p0']
          negative_examples: ['t = fake_short']
      """;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static RuleProblem onlyProblem(RuleSet set) {
    assertThat(set.problems()).hasSize(1);
    return set.problems().get(0);
  }

  @Test
  void brokenRegexNamesFileAndRuleAndTheOtherRulesLoad() throws IOException {
    Path file =
        write(
            "fake.yaml",
            "provider: fake\nrules:\n"
                + GOOD
                + "  - id: fake.broken\n    name: Broken\n    keywords: [x]\n    pattern: '(?<secret>[a-z'\n");

    RuleSet set = RuleSet.load(dir);

    RuleProblem problem = onlyProblem(set);
    assertThat(problem.file()).isEqualTo(file.toString());
    assertThat(problem.ruleId()).isEqualTo("fake.broken");
    assertThat(problem.message()).contains("pattern does not compile");
    assertThat(set.rules()).extracting(Rule::id).containsExactly("fake.good");
  }

  @Test
  void missingFieldIsReported() throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD
            + "  - id: fake.nameless\n    keywords: [x]\n    pattern: 'x'\n");

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).toString())
        .contains("fake.yaml")
        .contains("fake.nameless")
        .contains("missing field 'name'");
    assertThat(set.rules()).hasSize(1);
  }

  @Test
  void unknownChecksumIsReportedWithTheKnownNames() throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD
            + "  - id: fake.sum\n    name: Sum\n    keywords: [x]\n    pattern: 'x'\n    checksum: luhn-9000\n");

    RuleProblem problem = onlyProblem(RuleSet.load(dir));

    assertThat(problem.ruleId()).isEqualTo("fake.sum");
    assertThat(problem.message()).contains("unknown checksum 'luhn-9000'").contains("github-crc32");
  }

  @Test
  void pairWithAMissingRuleIsReported() throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD
            + "  - id: fake.paired\n    name: Paired\n    keywords: [x]\n    pattern: 'x'\n    pair: {rule: fake.nowhere, within_lines: 3, as: id}\n");

    RuleSet set = RuleSet.load(dir);

    RuleProblem problem = onlyProblem(set);
    assertThat(problem.ruleId()).isEqualTo("fake.paired");
    assertThat(problem.message()).contains("fake.nowhere");
    assertThat(set.rules()).extracting(Rule::id).containsExactly("fake.good");
  }

  @Test
  void misspelledFieldIsReportedNotIgnored() throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD
            + "  - id: fake.typo\n    name: Typo\n    keywords: [x]\n    pattern: 'x'\n    entrophy: 3.5\n");

    assertThat(onlyProblem(RuleSet.load(dir)).message()).contains("entrophy");
  }

  @Test
  void fileThatIsNotYamlIsReportedAndOtherFilesLoad() throws IOException {
    write("a-good.yaml", "provider: fake\nrules:\n" + GOOD);
    write("b-bad.yaml", "provider: fake\nrules: [ {id: x\n");

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).file()).endsWith("b-bad.yaml");
    assertThat(set.rules()).extracting(Rule::id).containsExactly("fake.good");
  }

  @Test
  void inTestsTakesInfoOnlyAndARuleWithItIsMarked() throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD
            + GOOD.replace("fake.good", "fake.hash")
            + "    in_tests: info\n"
            + GOOD.replace("fake.good", "fake.wrong")
            + "    in_tests: low\n");

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).ruleId()).isEqualTo("fake.wrong");
    assertThat(onlyProblem(set).message()).contains("in_tests takes one value: info");
    assertThat(set.rules())
        .extracting(Rule::id, Rule::infoInTests)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fake.good", false),
            org.assertj.core.groups.Tuple.tuple("fake.hash", true));
  }

  @Test
  void aCsvHeaderNeedsFilesAndNoKeywordsAndMustCompile() throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD.replace("fake.good", "fake.keyed")
            + "    files: '\\.csv$'\n"
            + "    csv_header: 'password'\n");
    assertThat(onlyProblem(RuleSet.load(dir)).message())
        .contains("csv_header needs files and no keywords");

    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + "  - id: fake.table\n"
            + "    name: A table rule\n"
            + "    files: '\\.csv$'\n"
            + "    csv_header: '(unclosed'\n"
            + "    pattern: '(?<secret>[a-z0-9]{20})'\n"
            + "    examples: [\"password\\nq8w2e7r4t1y6u3i9o5p0\"]\n");
    assertThat(onlyProblem(RuleSet.load(dir)).message()).contains("csv_header does not compile");
  }

  @Test
  void aFilesExpressionThatDoesNotCompileIsReportedAndAFileRuleIsCheckedOutsideItsFiles()
      throws IOException {
    write(
        "fake.yaml",
        "provider: fake\nrules:\n"
            + GOOD.replace("fake.good", "fake.broken")
            + "    files: '(unclosed'\n"
            + GOOD.replace("fake.good", "fake.everywhere")
            + "    files: 'e'\n");

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).ruleId()).isEqualTo("fake.broken");
    assertThat(onlyProblem(set).message()).contains("files does not compile");
    // 'e' names the neutral file the examples are also tried in: the restriction cannot be seen.
    assertThat(RuleExamples.failures(set.rules().get(0)))
        .singleElement()
        .asString()
        .contains("example 1 matches in a file that files does not name");
  }

  @Test
  void duplicateIdIsReported() throws IOException {
    write("fake.yaml", "provider: fake\nrules:\n" + GOOD + GOOD);

    assertThat(onlyProblem(RuleSet.load(dir)).message()).contains("duplicate rule id");
  }

  @Test
  void folderFiltersFileReplacesTheBundledOneAndABadPatternIsReported() throws IOException {
    write("fake.yaml", "provider: fake\nrules:\n" + GOOD);
    write(
        "_filters.yaml",
        """
        stop_words: [fake_q8w2e7r4t1y6u3i9o5p0]
        placeholders:
          - name: broken
            pattern: '(unclosed'
        """);

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).ruleId()).isEqualTo("broken");
    assertThat(set.rules()).hasSize(1);
    assertThat(
            Detector.of(set)
                .detect(
                    dev.tokenscope.model.Chunk.of(
                        "t = fake_q8w2e7r4t1y6u3i9o5p0", dev.tokenscope.model.Location.file("x"))))
        .isEmpty();
  }

  @Test
  void aPublishedValueYamlReadsAsANumberIsReportedNotComparedAsDigits() throws IOException {
    write("fake.yaml", "provider: fake\nrules:\n" + GOOD);
    write(
        "_filters.yaml",
        """
        published:
          - value: 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
            what: an unquoted hex key
            source: https://fake.invalid/docs
          - value: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'
            what: a quoted one
            source: https://fake.invalid/docs
        """);

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).message()).contains("is read as a number: put it in quotes");
    assertThat(set.placeholders().published())
        .extracting(Placeholders.Published::value)
        .containsExactly("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
  }

  @Test
  void aPlaceholderWithAnActionOtherThanDropOrInfoIsReportedAndTheOthersStillLoad()
      throws IOException {
    write("fake.yaml", "provider: fake\nrules:\n" + GOOD);
    write(
        "_filters.yaml",
        """
        placeholders:
          - name: typo
            action: ignore
            pattern: 'zz'
          - name: typed
            action: info
            pattern: 'q8w2e7'
        """);

    RuleSet set = RuleSet.load(dir);

    assertThat(onlyProblem(set).ruleId()).isEqualTo("typo");
    assertThat(onlyProblem(set).message()).contains("drop or info, not ignore");
    assertThat(set.placeholders().entries())
        .extracting(Placeholders.Entry::name, Placeholders.Entry::standIn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("typed", true));
  }

  @Test
  void rulesWithExamplesThatFailAreReportedByRuleExamples() throws IOException {
    write(
        "fake.yaml",
        """
        provider: fake
        rules:
          - id: fake.wrong
            name: Wrong examples
            keywords: [fake_]
            pattern: '\\b(?<secret>fake_[a-z0-9]{20})\\b'
            examples: ['t = fake_short']
            negative_examples: ['t = fake_q8w2e7r4t1y6u3i9o5p0']
        """);

    Rule rule = RuleSet.load(dir).rules().get(0);

    assertThat(RuleExamples.failures(rule))
        .hasSize(2)
        .anyMatch(f -> f.contains("fake.wrong") && f.contains("example 1 does not match"))
        .anyMatch(f -> f.contains("negative example 1 matches"));
  }

  @Test
  void ruleWithLeadAndWindowLinesFindsItsValueLinesBelowTheKeywordOnly() throws IOException {
    // A keyword-anchored rule is tried only at its keyword (lead 0), yet its value may sit in the
    // block under it: window_lines says how far the match may run on.
    write(
        "fake.yaml",
        """
        provider: fake
        rules:
          - id: fake.block
            name: Value in the block under the keyword
            keywords: [fakeprov]
            pattern: '(?i:fakeprov)[^\\n]*(?:\\n[^\\n]*){0,10}?key: (?<secret>[A-Za-z0-9]{24})'
            window_lines: 3
            lead: 0
            examples: ["fakeprov:\\n  region: eu\\n  key: Q8w2E7r4T1y6U3i9O5p0aZ3x"]
            negative_examples: ["key: Q8w2E7r4T1y6U3i9O5p0aZ3x\\nfakeprov: {}"]
        """);

    RuleSet set = RuleSet.load(dir);
    Detector detector = Detector.of(set);

    assertThat(set.problems()).isEmpty();
    assertThat(RuleExamples.failures(set.rules().get(0))).isEmpty();
    assertThat(
            detector.detect(
                dev.tokenscope.model.Chunk.of(
                    "fakeprov:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n  key: Q8w2E7r4T1y6U3i9O5p0aZ3x",
                    dev.tokenscope.model.Location.file("x"))))
        .as("beyond window_lines")
        .isEmpty();
  }

  @Test
  void fragmentsComeFromTheFolderOrElseTheBundledFileAndAnUnknownOneIsNamed() throws IOException {
    String rule =
        "provider: fake\nrules:\n  - id: fake.anchored\n    name: Anchored\n    keywords: [fakeco]\n"
            + "    pattern: '(?i:fakeco){{name-to-value}}{{value-start}}(?<secret>[a-f0-9]{24})"
            + "(?![A-Za-z0-9]|{{not-a-name}})'\n    window_lines: 4\n    lead: 0\n"
            + "  - id: fake.escaped\n    name: Escaped braces\n    keywords: ['{{']\n"
            + "    pattern: '\\{\\{ *(?<secret>fake_[a-z]{8}) *\\}\\}'\n";
    write("fake.yaml", rule);

    RuleSet bundledPieces = RuleSet.load(dir);
    assertThat(bundledPieces.problems()).isEmpty();
    Detector detector = Detector.of(bundledPieces);
    assertThat(
            detector.detect(
                dev.tokenscope.model.Chunk.of(
                    "fakeco:\n  api_key: 3f9c2a7e1b8d4c6f0a5e9d2b\n",
                    dev.tokenscope.model.Location.file("app.yaml"))))
        .extracting(c -> c.ruleId())
        .containsExactly("fake.anchored");

    write(Fragments.FILE_NAME, "fragments:\n  name-to-value: '[ =]'\n");
    RuleSet ownPieces = RuleSet.load(dir);
    assertThat(onlyProblem(ownPieces).toString())
        .contains("fake.anchored")
        .contains("unknown fragment {{value-start}}")
        .contains("[name-to-value]");
    assertThat(ownPieces.rules()).extracting(Rule::id).containsExactly("fake.escaped");
  }

  @Test
  void missingFolderIsAProblemNotACrash() {
    RuleSet set = RuleSet.load(dir.resolve("nowhere"));

    assertThat(set.rules()).isEmpty();
    assertThat(onlyProblem(set).message()).contains("no such file");
  }

  @Test
  void bundledRulesLoadTheirNewFields() {
    Rule gcp =
        RuleSet.bundled().rules().stream()
            .filter(r -> r.id().equals("gcp.service-account-key"))
            .findFirst()
            .orElseThrow();

    assertThat(gcp.jsonAttributes())
        .containsExactly("client_email", "private_key_id", "project_id");
    assertThat(gcp.windowLines()).isPositive();
    assertThat(gcp.placeholders()).isFalse();
    assertThat(List.of(gcp.resolver(), gcp.provider(), gcp.severity()))
        .containsExactly("gcp", "gcp", "critical");
  }
}
