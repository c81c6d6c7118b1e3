package dev.tokenscope.detect;

import java.util.regex.Pattern;

/**
 * A rule's regular expression, compiled the first time the rule is tried. Compiled rules were
 * checked when the build compiled them, and most of a scan's rules never get past the keyword
 * prefilter: compiling all 800-odd expressions up front was a fifth of a short scan's CPU.
 * Compiling twice in a race is harmless (a {@link Pattern} is immutable), so there is no lock.
 */
final class RulePattern {
  private final String regex;
  private volatile Pattern compiled;

  private RulePattern(String regex, Pattern compiled) {
    this.regex = regex;
    this.compiled = compiled;
  }

  /** An expression already compiled (and so checked), as a rule file's loader does. */
  static RulePattern of(Pattern pattern) {
    return new RulePattern(pattern.pattern(), pattern);
  }

  /** An expression checked when the rules were compiled, compiled here only when first used. */
  static RulePattern deferred(String regex) {
    return new RulePattern(regex, null);
  }

  String regex() {
    return regex;
  }

  Pattern pattern() {
    Pattern result = compiled;
    if (result == null) {
      result = Pattern.compile(regex);
      compiled = result;
    }
    return result;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RulePattern p && p.regex.equals(regex);
  }

  @Override
  public int hashCode() {
    return regex.hashCode();
  }

  @Override
  public String toString() {
    return regex;
  }
}
