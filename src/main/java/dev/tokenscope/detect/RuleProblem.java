package dev.tokenscope.detect;

/** A rule file or rule that could not be loaded, with where and why, for the user to fix. */
public record RuleProblem(String file, String ruleId, String message) {

  /** The file, and the rule when one is named: where the user has to look. */
  public String where() {
    return file + (ruleId == null ? "" : " (rule " + ruleId + ")");
  }

  @Override
  public String toString() {
    return where() + ": " + message;
  }
}
