package dev.tokenscope.detect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A detector rule, loaded from {@code rules/detectors/*.yaml}. The regex's named group {@code
 * secret} (else group 1, else the whole match) is the secret; other named groups become public
 * attributes of the credential ({@code id}, {@code user}, {@code host} …).
 *
 * @param keywords literals of which one must occur (case-insensitively) before the regex runs;
 *     empty means the regex always runs, which rules should avoid
 * @param entropy minimum Shannon entropy (bits per character) of the secret, or 0
 * @param checksum name of a checksum the secret must carry ({@code github-crc32}, {@code
 *     npm-crc32} …), or null
 * @param pairWith id of a rule whose match must lie within {@code pairWithinLines} lines, its
 *     secret becoming attribute {@code pairAs} (an AWS secret key paired with its key id), or null
 * @param resolver the provider resolver that can tell what the credential may do, or null
 */
public record Rule(
    String id,
    String name,
    String provider,
    List<String> keywords,
    Pattern pattern,
    double entropy,
    String checksum,
    String pairWith,
    int pairWithinLines,
    String pairAs,
    String resolver,
    String severity,
    List<String> examples,
    List<String> negativeExamples,
    String file) {

  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  public Rule {
    keywords = List.copyOf(keywords);
    examples = List.copyOf(examples);
    negativeExamples = List.copyOf(negativeExamples);
  }

  /** The names of the pattern's named groups, in order ({@code secret}, {@code id} …). */
  public List<String> groupNames() {
    List<String> names = new java.util.ArrayList<>();
    java.util.regex.Matcher m = NAMED_GROUP.matcher(pattern.pattern());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
