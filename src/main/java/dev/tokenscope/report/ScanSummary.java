package dev.tokenscope.report;

import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The counts every report leads or ends with: credentials and findings, per severity (of each
 * credential's worst risk) and per kind, what was hidden by the allow-list or a baseline, and the
 * one warning line when resolving failed.
 */
public final class ScanSummary {
  private ScanSummary() {}

  /** Credentials by their highest severity, most severe first, only the ones present. */
  static Map<Severity, Integer> bySeverity(List<CredentialEntry> entries) {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    entries.forEach(e -> counts.merge(e.severity(), 1, Integer::sum));
    Map<Severity, Integer> ordered = new LinkedHashMap<>();
    for (int i = Severity.values().length - 1; i >= 0; i--) {
      Severity s = Severity.values()[i];
      if (counts.containsKey(s)) {
        ordered.put(s, counts.get(s));
      }
    }
    return ordered;
  }

  static Map<FindingKind, Integer> byKind(List<Finding> findings) {
    Map<FindingKind, Integer> counts = new EnumMap<>(FindingKind.class);
    findings.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
    return counts;
  }

  /**
   * {@code 1 credential (7 findings): 1 critical; by kind: 1 destructive, 1 exposed …; hidden: 2 by
   * the allow-list}.
   */
  static String line(ScanResult result, List<CredentialEntry> entries) {
    StringBuilder out = new StringBuilder();
    out.append(count(entries.size(), "credential"))
        .append(" (")
        .append(count(result.findings().size(), "finding"))
        .append(")");
    List<String> severities = new ArrayList<>();
    bySeverity(entries).forEach((s, n) -> severities.add(n + " " + lower(s.name())));
    if (!severities.isEmpty()) {
      out.append(": ").append(String.join(", ", severities));
    }
    List<String> kinds = new ArrayList<>();
    byKind(result.findings()).forEach((k, n) -> kinds.add(n + " " + kindLabel(k)));
    if (!kinds.isEmpty()) {
      out.append("; by kind: ").append(String.join(", ", kinds));
    }
    String hidden = hidden(result.hidden());
    if (!hidden.isEmpty()) {
      out.append("; ").append(hidden);
    }
    return out.toString();
  }

  /** {@code hidden: 2 by the allow-list, 1 by the baseline}, or empty when nothing was hidden. */
  static String hidden(ScanResult.Hidden hidden) {
    List<String> parts = new ArrayList<>();
    if (hidden.allowListed() > 0) {
      parts.add(hidden.allowListed() + " by the allow-list");
    }
    if (hidden.baselined() > 0) {
      parts.add(hidden.baselined() + " by the baseline");
    }
    return parts.isEmpty() ? "" : "hidden: " + String.join(", ", parts);
  }

  /**
   * One line when credentials could not be resolved ({@code 8 of 8 credentials could not be
   * resolved: network unreachable}), so a report that looks harmless because nothing was resolved
   * says so; empty when every resolved credential was checked, or nothing was resolved.
   */
  public static Optional<String> resolveWarning(List<Finding> findings) {
    return resolveWarningOf(CredentialEntry.group(findings));
  }

  static Optional<String> resolveWarningOf(List<CredentialEntry> entries) {
    List<CredentialEntry> resolved = entries.stream().filter(e -> e.grant() != null).toList();
    List<String> reasons =
        resolved.stream()
            .filter(e -> e.grant().status() == GrantStatus.UNKNOWN)
            .map(e -> e.grant().statusReason() == null ? "" : e.grant().statusReason())
            .toList();
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    boolean network = reasons.stream().allMatch(ScanSummary::unreachable);
    String why =
        network
            ? "network unreachable"
            : SafeText.of(CredentialEntry.firstClause(mostCommon(reasons)));
    return Optional.of(
        reasons.size()
            + " of "
            + count(resolved.size(), "credential")
            + " could not be resolved: "
            + why);
  }

  private static boolean unreachable(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    return r.contains("did not answer")
        || r.contains("unreachable")
        // Not "connect" alone: a refusal to connect ("the connection string has no host", "not
        // connecting", "connects only to hosts listed in database.allow_hosts") is no network
        // failure, and was reported as one.
        || r.contains("cannot connect")
        || r.contains("could not connect")
        || r.contains("connectexception")
        || r.contains("connection refused")
        || r.contains("connection reset")
        || r.contains("timed out")
        || r.contains("unknownhost")
        || r.contains("unresolvedaddress");
  }

  private static String mostCommon(List<String> reasons) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    reasons.forEach(r -> counts.merge(r, 1, Integer::sum));
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse("");
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String kindLabel(FindingKind kind) {
    return lower(kind.name()).replace('_', ' ');
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
