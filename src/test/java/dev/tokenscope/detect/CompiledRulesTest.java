package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledRulesTest {
  @TempDir Path dir;

  /** Every field of a rule, with the regex as its text (a Pattern has no equals). */
  private static List<Object> fields(Rule r) {
    return List.of(
        r.id(),
        r.name(),
        r.provider(),
        r.keywords(),
        r.pattern().pattern(),
        r.entropy(),
        String.valueOf(r.checksum()),
        String.valueOf(r.pairWith()),
        r.pairWithinLines(),
        String.valueOf(r.pairAs()),
        String.valueOf(r.resolver()),
        r.severity(),
        r.examples(),
        r.negativeExamples(),
        String.valueOf(r.file()),
        r.windowLines(),
        r.jsonAttributes(),
        r.placeholders(),
        r.lead());
  }

  private static List<Object> fields(RuleSet set) {
    List<Object> out = new ArrayList<>();
    set.rules().forEach(r -> out.add(fields(r)));
    out.add(set.problems());
    out.add(new java.util.TreeSet<>(set.placeholders().stopWords()));
    set.placeholders()
        .entries()
        .forEach(
            e ->
                out.add(
                    List.of(
                        e.name(), e.pattern().pattern(), e.literals(), e.examples(), e.standIn())));
    out.add(set.placeholders().published());
    return out;
  }

  private static RuleSet roundTrip(RuleSet rules) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompiledRules.write(rules, bytes);
    return CompiledRules.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  @Test
  void theBundledRulesComeFromTheCompiledFormAndEqualTheYamlFiles() {
    RuleSet compiled = CompiledRules.bundled();
    assertThat(compiled)
        .as("the build compiles rules/detectors into " + CompiledRules.RESOURCE)
        .isNotNull();
    Path yamlDir = Path.of("rules/detectors").toAbsolutePath();
    RuleSet yaml = CompiledRules.relative(RuleSet.load(yamlDir), yamlDir);

    assertThat(yaml.rules()).hasSizeGreaterThan(100);
    assertThat(fields(compiled)).isEqualTo(fields(yaml));
    assertThat(fields(RuleSet.bundled())).isEqualTo(fields(yaml));
    assertThat(compiled.rules().get(0).file()).startsWith("rules/detectors/");
  }

  @Test
  void everyFieldOfARuleAndTheFilterSurviveTheCompiledForm() throws IOException {
    Files.writeString(
        dir.resolve("_filters.yaml"),
        """
        stop_words: [changeme]
        placeholders:
          - name: dollar-brace
            pattern: '\\$\\{[A-Z_]+\\}'
            literals: ['${']
            examples: ['${TOKEN}']
        """);
    Files.writeString(
        dir.resolve("fake.yaml"),
        """
        provider: fakeco
        rules:
          - id: fakeco.id
            name: Fake key id
            keywords: [FKID]
            pattern: '\\b(?<secret>FKID[A-Z0-9]{12})\\b'
            severity: low
            lead: 0
            examples: ['id = FKIDQ8W2E7R4T1Y6']
          - id: fakeco.secret
            name: Fake secret
            provider: fakeco-cloud
            keywords: [fakeco_secret]
            pattern: 'fakeco_secret\\s*=\\s*(?<secret>[A-Za-z0-9/+]{24})'
            entropy: 3.5
            checksum: github-crc32
            pair: {rule: fakeco.id, within_lines: 3, as: key_id}
            resolver: fakeco
            window_lines: 2
            json_attributes: [client_email]
            placeholders: false
            description: a rule with every field
            examples: ['fakeco_secret = q8W2e7R4t1Y6u3I9o5P0a2S4']
            negative_examples: ['fakeco_secret = short']
          - id: fakeco.broken
            name: Broken
            keywords: [x]
            pattern: '(unclosed'
        """);
    RuleSet yaml = RuleSet.load(dir);
    assertThat(yaml.problems()).hasSize(1);

    RuleSet compiled = roundTrip(yaml);

    assertThat(fields(compiled)).isEqualTo(fields(yaml));
    assertThat(compiled.placeholders().isPlaceholder("${TOKEN}")).isTrue();
    assertThat(compiled.placeholders().isPlaceholder("changeme")).isTrue();
  }

  @Test
  void ruleFilesAreNamedAsInTheJar() {
    Path yamlDir = Path.of("rules/detectors").toAbsolutePath();
    RuleSet relative = CompiledRules.relative(RuleSet.load(yamlDir), yamlDir);

    assertThat(relative.rules())
        .allSatisfy(r -> assertThat(r.file()).matches("rules/detectors/[^/]+\\.ya?ml"));
  }

  @Test
  void aResourceOfAnotherFormatIsNotUsed() throws IOException {
    assertThat(CompiledRules.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 0, 0, 0, 1})))
        .isNull();
  }

  @Test
  void theBundledDetectorUsesTheAutomatonTheBuildMadeAndItFindsWhatAFreshOneFinds() {
    RuleSet bundled = RuleSet.bundled();
    Detector detector = Detector.of(bundled);
    assertThat(bundled.keywordIndex()).as("stored by the build").isNotNull();
    assertThat(detector.keywordIndex()).isSameAs(bundled.keywordIndex());

    // Every keyword of every rule, in the case the rules give it, in a text: the stored automaton
    // reports exactly the hits that one built now from the same keywords reports.
    List<String> keywords = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Rule rule : bundled.rules()) {
      for (String keyword : rule.keywords()) {
        String lower = keyword.toLowerCase(java.util.Locale.ROOT);
        if (!keywords.contains(lower)) {
          keywords.add(lower);
        }
        text.append(keyword).append("=x ").append(keyword.toUpperCase(java.util.Locale.ROOT));
        text.append('\n');
      }
    }
    assertThat(bundled.keywordIndex().isFor(keywords)).isTrue();
    assertThat(hits(bundled.keywordIndex(), text.toString()))
        .isEqualTo(hits(new KeywordIndex(keywords), text.toString()))
        .hasSizeGreaterThan(2 * keywords.size());
  }

  @Test
  void anAutomatonForOtherKeywordsIsNotUsed() throws IOException {
    RuleSet compiled = roundTrip(RuleSet.bundled());
    List<Rule> fewer = compiled.rules().subList(1, compiled.rules().size());
    RuleSet other = new RuleSet(fewer, List.of(), compiled.placeholders(), compiled.keywordIndex());

    assertThat(Detector.of(other).keywordIndex()).isNotSameAs(compiled.keywordIndex());
  }

  @Test
  void aDamagedAutomatonMakesTheWholeResourceUnused() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompiledRules.write(RuleSet.bundled(), bytes);
    byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 100);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CompiledRules.read(new ByteArrayInputStream(cut)))
        .isInstanceOf(IOException.class);
  }

  private static List<String> hits(KeywordIndex index, String text) {
    List<String> hits = new ArrayList<>();
    index.scan(text, (keyword, start, end) -> hits.add(keyword + "@" + start + "-" + end));
    return hits;
  }
}
