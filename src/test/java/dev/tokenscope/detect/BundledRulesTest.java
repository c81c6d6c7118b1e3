package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BundledRulesTest {
  private static final RuleSet RULES = RuleSet.bundled();

  @Test
  void everyBundledRuleLoads() {
    assertThat(RULES.problems()).isEmpty();
    assertThat(RULES.rules()).isNotEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyRuleMatchesItsExamplesAndNotItsNegatives() {
    return RULES.rules().stream()
        .map(rule -> DynamicTest.dynamicTest(rule.id(), () -> assertThat(RuleExamples.failures(rule)).isEqualTo(List.of())));
  }
}
