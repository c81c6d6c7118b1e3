package dev.tokenscope.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a rule against its own examples: each must match, each negative example must not. The
 * examples of a rule with {@code files} are contents of such files; the first must then also go
 * unmatched in a file the rule does not name, so the restriction is seen to hold.
 */
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
      if (!Detector.matchesAsContents(rule, rule.examples().get(i))) {
        failures.add(where + "example " + (i + 1) + " does not match");
      }
    }
    for (int i = 0; i < rule.negativeExamples().size(); i++) {
      if (Detector.matchesAsContents(rule, rule.negativeExamples().get(i))) {
        failures.add(where + "negative example " + (i + 1) + " matches");
      }
    }
    if (rule.files() != null
        && !rule.examples().isEmpty()
        && Detector.matches(rule, rule.examples().get(0))) {
      failures.add(where + "example 1 matches in a file that files does not name");
    }
    return failures;
  }
}
