package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RuleTest {
  private static Rule rule(String regex) {
    return new Rule(
        "test.rule",
        "Test rule",
        "test",
        List.of(),
        Pattern.compile(regex),
        0,
        null,
        null,
        0,
        null,
        null,
        "high",
        List.of(),
        List.of(),
        "test.yaml",
        0,
        List.of(),
        true,
        -1,
        false,
        null,
        null);
  }

  @Test
  void groupNamesAreTheNamedGroupsInOrderButNotLookBehinds() {
    Rule rule = rule("(?<![A-Za-z])(?<id>AK[0-9]{2})(?<=K..)[:=](?<secret>[a-z]{8})(?<x2>.)");

    assertThat(rule.groupNames()).containsExactly("id", "secret", "x2");
  }

  @Test
  void aRuleStartsAtALineWhenItsInlineFlagsIncludeMultiLineAndThenComesACaret() {
    assertThat(rule("(?im)^[ \\t]*TOKEN=(?<secret>\\w+)").startsAtLine()).isTrue();
    assertThat(rule("(?m)^x").startsAtLine()).isTrue();
    assertThat(rule("(?i)^TOKEN").startsAtLine())
        .as("^ without m: the text's start only")
        .isFalse();
    assertThat(rule("(?m)x^").startsAtLine()).isFalse();
    assertThat(rule("(?m:a)^b").startsAtLine()).as("a scoped group, not inline flags").isFalse();
    assertThat(rule("^TOKEN").startsAtLine()).isFalse();
    assertThat(rule("(?<secret>x)").startsAtLine()).isFalse();
  }

  @Test
  void groupNamesAgreeWithTheRegexEngineOnEveryBundledRule() {
    // The engine's own account: a name is a group exactly when a matcher can be asked for it.
    for (Rule rule : RuleSet.bundled().rules()) {
      java.util.regex.Matcher matcher = rule.pattern().matcher("");
      for (String name : rule.groupNames()) {
        assertThat(hasGroup(matcher, name)).as(rule.id() + " " + name).isTrue();
      }
      assertThat(rule.groupNames().size()).as(rule.id()).isLessThanOrEqualTo(matcher.groupCount());
    }
  }

  private static boolean hasGroup(java.util.regex.Matcher matcher, String name) {
    try {
      matcher.start(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false; // no such group
    } catch (IllegalStateException e) {
      return true; // the group exists; the matcher has not matched yet
    }
  }
}
