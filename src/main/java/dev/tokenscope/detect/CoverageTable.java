package dev.tokenscope.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The coverage table of docs/rules.md, generated from the rules: one row per provider with the
 * credential kinds its rules find, the checksums they validate, and whether a resolver tells what a
 * found credential may do ("full") or a one-call liveness check tells whether it is live and whose
 * ("liveness"). {@code CoverageTableTest} fails when the table in the docs is stale and rewrites it
 * when run with {@code -Dtokenscope.updateDocs=true}.
 */
public final class CoverageTable {
  /** The lines around the generated table in docs/rules.md. */
  public static final String START =
      "<!-- coverage table: generated from the rules, do not edit -->";

  public static final String END = "<!-- end of coverage table -->";

  private CoverageTable() {}

  /** The table, as Markdown, for the rules, none of which has a liveness check. */
  public static String markdown(List<Rule> rules) {
    return markdown(rules, java.util.Set.of());
  }

  /**
   * The table, as Markdown, for the rules; {@code liveness} holds the ids of the rules that have a
   * one-call liveness check (detect knows no resolver, so the caller says which).
   */
  public static String markdown(List<Rule> rules, java.util.Set<String> liveness) {
    Map<String, List<Rule>> byProvider = new TreeMap<>();
    for (Rule rule : rules) {
      byProvider.computeIfAbsent(rule.provider(), p -> new ArrayList<>()).add(rule);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%d rules over %d providers.%n%n", rules.size(), byProvider.size()));
    out.append("| Provider | Credential kinds (rules) | Checksum-validated | Resolution |\n");
    out.append("|---|---|---|---|\n");
    for (Map.Entry<String, List<Rule>> e : byProvider.entrySet()) {
      TreeSet<String> kinds = new TreeSet<>();
      TreeSet<String> checksums = new TreeSet<>();
      TreeSet<String> resolvers = new TreeSet<>();
      int live = 0;
      for (Rule rule : e.getValue()) {
        if (liveness.contains(rule.id())) {
          live++;
        }
        kinds.add(rule.name().replace("|", "\\|"));
        if (rule.checksum() != null) {
          checksums.add(rule.checksum());
        }
        if (rule.resolver() != null) {
          resolvers.add(rule.resolver());
        }
      }
      out.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(String.join("; ", kinds))
          .append(" (")
          .append(e.getValue().size())
          .append(") | ")
          .append(checksums.isEmpty() ? "no" : String.join(", ", checksums))
          .append(" | ")
          .append(resolution(resolvers, live))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String resolution(TreeSet<String> resolvers, int live) {
    List<String> parts = new ArrayList<>();
    if (!resolvers.isEmpty()) {
      parts.add("full (" + String.join(", ", resolvers) + ")");
    }
    if (live > 0) {
      parts.add("liveness (" + live + (live == 1 ? " rule)" : " rules)"));
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }
}
