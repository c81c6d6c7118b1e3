package dev.tokenscope.detect;

import java.util.ArrayList;
import java.util.List;

/** Checks a rule against its own examples: each must match, each negative example must not. */
public final class RuleExamples {
  private RuleExamples() {}

  /** The failures of one rule, as messages naming the file, the rule and the example's number. */
  public static List<String> failures(Rule rule) {
    List<String> failures = new ArrayList<>();
    String where = rule.file() + " (rule " + rule.id() + "): ";
    if (rule.examples().isEmpty()) {
      failures.add(where + "has no examples");
    }
    for (int i = 0; i < rule.examples().size(); i++) {
      if (!Detector.matches(rule, rule.examples().get(i))) {
        failures.add(where + "example " + (i + 1) + " does not match");
      }
    }
    for (int i = 0; i < rule.negativeExamples().size(); i++) {
      if (Detector.matches(rule, rule.negativeExamples().get(i))) {
        failures.add(where + "negative example " + (i + 1) + " matches");
      }
    }
    return failures;
  }
}
