package dev.tokenscope.assess;

import dev.tokenscope.model.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One risk policy from {@code rules/policies/<provider>.yaml}: the provider actions (globs, case
 * insensitive, {@code *} for any run of characters) that put a credential in a risk category.
 */
public record RiskPolicy(
    String id,
    String provider,
    RiskCategory category,
    Severity severity,
    String description,
    List<String> actions,
    List<String> examples,
    List<String> negativeExamples,
    String file) {

  public RiskPolicy {
    actions = List.copyOf(actions);
    examples = List.copyOf(examples);
    negativeExamples = List.copyOf(negativeExamples);
  }

  /** True when the action is one of this policy's (an action that is itself a glob matches too). */
  public boolean matches(String action) {
    for (String glob : actions) {
      if (globMatches(glob, action)) {
        return true;
      }
    }
    return false;
  }

  static boolean globMatches(String glob, String action) {
    // Compiled once per glob: a resolved AWS grant holds tens of thousands of actions.
    Pattern pattern = COMPILED.computeIfAbsent(glob, RiskPolicy::compile);
    return pattern.matcher(action.toLowerCase(Locale.ROOT)).matches();
  }

  private static final java.util.Map<String, Pattern> COMPILED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
