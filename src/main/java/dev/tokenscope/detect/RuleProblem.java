package dev.tokenscope.detect;

/** A rule file or rule that could not be loaded, with where and why, for the user to fix. */
public record RuleProblem(String file, String ruleId, String message) {

  @Override
  public String toString() {
    return file + (ruleId == null ? "" : " (rule " + ruleId + ")") + ": " + message;
  }
}
