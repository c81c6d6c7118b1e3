package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BundledRulesTest {
  private static final RuleSet RULES = RuleSet.bundled();

  /** Resolvers that exist or are being written (docs/rules.md lists them). */
  private static final Set<String> RESOLVERS =
      Set.of(
          "aws",
          "gcp",
          "railway",
          "github",
          "gitlab",
          "slack",
          "stripe",
          "vault",
          "npm",
          "openai",
          "anthropic",
          "huggingface",
          "postgresql",
          "mysql");

  @Test
  void everyBundledRuleLoads() {
    assertThat(RULES.problems()).isEmpty();
    assertThat(RULES.rules()).isNotEmpty();
  }

  @Test
  void atLeastOneHundredFiftyRulesShip() {
    assertThat(RULES.rules()).hasSizeGreaterThanOrEqualTo(150);
  }

  @TestFactory
  Stream<DynamicTest> everyRuleMatchesItsExamplesAndNotItsNegatives() {
    return RULES.rules().stream()
        .map(
            rule ->
                DynamicTest.dynamicTest(
                    rule.id(), () -> assertThat(RuleExamples.failures(rule)).isEqualTo(List.of())));
  }

  @Test
  void everyRuleHasNegativeExamples() {
    assertThat(RULES.rules())
        .filteredOn(r -> r.negativeExamples().isEmpty())
        .extracting(Rule::id)
        .isEmpty();
  }

  /** Or names its files: a rule without either would run its regex over every text. */
  @Test
  void everyRuleHasKeywordsSoItsRegexRunsOnlyNearThem() {
    assertThat(RULES.rules())
        .filteredOn(r -> r.keywords().isEmpty() && r.files() == null)
        .extracting(Rule::id)
        .isEmpty();
  }

  /**
   * A rule searched over its whole window (no {@code lead}) has its opening look-behind tried at
   * every position of the window: one that reaches far back (a block's opening line hundreds of
   * characters before) made netty's history 60 % slower. Such a check belongs after what the rule
   * matches, where it runs once per candidate.
   */
  /**
   * A run of N base64 characters followed by exactly one or two "=" must be a length base64 can
   * have: N plus the padding a multiple of four. Two rules took 86 characters and one "=" (87),
   * which no key is, and so cut every real key short by its last "=" (Kraken, Azure Batch).
   */
  @Test
  void everyPaddedBase64RunHasALengthBase64Can() {
    java.util.regex.Pattern padded =
        java.util.regex.Pattern.compile("\\[A-Za-z0-9\\+/]\\{(\\d+)}(==?)(?![={?*+])");
    List<String> impossible = new ArrayList<>();
    for (Rule rule : RULES.rules()) {
      java.util.regex.Matcher m = padded.matcher(rule.pattern().pattern());
      while (m.find()) {
        int length = Integer.parseInt(m.group(1)) + m.group(2).length();
        if (length % 4 != 0) {
          impossible.add(rule.id() + ": " + m.group());
        }
      }
    }
    assertThat(impossible).isEmpty();
  }

  @Test
  void noWindowSearchedRuleOpensWithALongLookBehind() {
    java.util.regex.Pattern opening =
        java.util.regex.Pattern.compile("^(?:\\(\\?[a-zA-Z]+\\))?\\(\\?<[=!]");
    java.util.regex.Pattern longBound = java.util.regex.Pattern.compile("\\{\\d*,(\\d{3,})\\}");
    assertThat(RULES.rules())
        .filteredOn(r -> r.lead() < 0 && opening.matcher(r.pattern().pattern()).find())
        .filteredOn(r -> longBound.matcher(openingGroup(r.pattern().pattern())).find())
        .extracting(Rule::id)
        .isEmpty();
  }

  /** The text of the expression's first group, from its first "(" to the ")" that closes it. */
  private static String openingGroup(String regex) {
    int start =
        regex.startsWith("(?") && regex.indexOf(')') < regex.indexOf("(?<")
            ? regex.indexOf("(?<")
            : 0;
    int depth = 0;
    for (int i = start; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return regex.substring(start, i + 1);
      }
    }
    return regex.substring(start);
  }

  @Test
  void providersAreLowercaseAndResolversAreKnown() {
    for (Rule rule : RULES.rules()) {
      assertThat(rule.provider()).as(rule.id()).matches("[a-z0-9-]+");
      assertThat(rule.id()).as(rule.id()).matches("[a-z0-9-]+\\.[a-z0-9.-]+");
      if (rule.resolver() != null) {
        assertThat(RESOLVERS).as(rule.id()).contains(rule.resolver());
      }
    }
  }

  @Test
  void everyPlaceholderPatternCatchesItsOwnExamples() {
    Placeholders placeholders = RULES.placeholders();
    assertThat(placeholders.entries()).isNotEmpty();
    for (Placeholders.Entry entry : placeholders.entries()) {
      assertThat(entry.examples()).as(entry.name()).isNotEmpty();
      assertThat(entry.examples()).as(entry.name()).allMatch(entry::matches);
    }
  }

  /**
   * The literals are only a prefilter: with or without them, every placeholder pattern finds the
   * same values. Checked on texts built from the patterns' own pieces in random case and order.
   */
  @Test
  void placeholderLiteralsNeverHideAMatchOfThePattern() {
    String[] pieces = {
      "example",
      "xxxx",
      "XXX",
      "x",
      "***",
      "**",
      "...",
      "..",
      "…",
      "••",
      "•",
      "####",
      "#",
      "0123456789",
      "1234567890",
      "abcdefghij",
      "ABCDEF012345",
      "QWERTYUIOP",
      "9876543210",
      "${",
      "}",
      "{{",
      "}}",
      "$(",
      ")",
      "$",
      "%",
      "@",
      "<",
      ">",
      "[",
      "]",
      "os.environ",
      "os.getenv",
      "process.env",
      "System.getenv",
      "ENV[",
      "env(",
      "getenv(",
      "Environment.GetEnvironmentVariable",
      "secrets.",
      "vault:",
      "redacted",
      "CENSORED",
      "dummy",
      "placeholder",
      "notreal",
      "not-a-real",
      "not_a_real",
      "changeme",
      "change-me",
      "your_",
      "my-",
      "token",
      "key",
      "aaaaaa",
      "/",
      "~/",
      "./",
      "A",
      "b",
      "7",
      "_",
      "-",
      " "
    };
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 20_000; trial++) {
      StringBuilder value = new StringBuilder();
      for (int n = 1 + random.nextInt(5); n > 0; n--) {
        String piece = pieces[random.nextInt(pieces.length)];
        value.append(random.nextBoolean() ? piece : piece.toUpperCase(java.util.Locale.ROOT));
      }
      String v = value.toString();
      for (Placeholders.Entry entry : RULES.placeholders().entries()) {
        assertThat(entry.matches(v))
            .as("%s on '%s'", entry.name(), v)
            .isEqualTo(entry.pattern().matcher(v).find());
      }
    }
  }

  /**
   * Files full of things that look like secrets and are not: lock-file hashes, public keys, docs
   * with EXAMPLE keys and template references, code that names passwords. No rule may fire.
   */
  @Test
  void noRuleFiresOnTypicalFalsePositives() throws IOException {
    Detector detector = Detector.of(RULES);
    List<String> fired = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/detect/false-positives"))) {
      for (Path file : files.sorted().toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (Credential c :
            detector.detect(Chunk.of(text, Location.file(file.getFileName().toString())))) {
          fired.add(c.ruleId() + " in " + c.locations().get(0).display() + ": " + c.redacted());
        }
      }
    }
    assertThat(fired).isEmpty();
  }
}
