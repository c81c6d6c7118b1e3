package dev.tokenscope.report;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One credential and every risk found about it: what a person acts on. The assessor produces one
 * finding per kind of risk (a Railway account token is exposed, destructive, over-privileged …);
 * reports show the credential once, at its highest severity, with its risks as a list and one line
 * saying what to do.
 */
record CredentialEntry(Credential credential, Grant grant, Severity severity, List<Finding> risks) {

  /** How many actions a risk names before counting the rest. */
  static final int NAMED_ACTIONS = 3;

  /** An evidence line naming the actions of a risk category: {@code DESTRUCTIVE: a, b, c}. */
  private static final Pattern CATEGORY = Pattern.compile("^([A-Z_]+): (.+)$");

  private static final Pattern ALLOWS = Pattern.compile("allows \\(([^)]*)\\)");
  private static final Pattern NEEDS_ONLY = Pattern.compile("needs only ([^.;]+)");

  CredentialEntry {
    risks = List.copyOf(risks);
  }

  /**
   * The findings grouped by credential (its fingerprint), most severe credential first, each one's
   * risks most severe first; ties keep the order the findings came in.
   */
  static List<CredentialEntry> group(List<Finding> findings) {
    Map<String, List<Finding>> byCredential = new LinkedHashMap<>();
    for (Finding f : findings) {
      byCredential.computeIfAbsent(f.credential().fingerprint(), k -> new ArrayList<>()).add(f);
    }
    List<CredentialEntry> entries = new ArrayList<>();
    for (List<Finding> risks : byCredential.values()) {
      List<Finding> sorted = new ArrayList<>(risks);
      sorted.sort(Comparator.comparing(Finding::severity).reversed());
      Grant grant =
          risks.stream().map(Finding::grant).filter(g -> g != null).findFirst().orElse(null);
      entries.add(
          new CredentialEntry(sorted.get(0).credential(), grant, sorted.get(0).severity(), sorted));
    }
    entries.sort(Comparator.comparing(CredentialEntry::severity).reversed());
    return entries;
  }

  Identity identity() {
    return grant == null ? null : grant.identity();
  }

  List<Location> locations() {
    return credential.locations();
  }

  /** True when this credential came from a provider account listing, not from content. */
  boolean fromAccount() {
    return !locations().isEmpty()
        && locations().stream().allMatch(l -> "provider-account".equals(l.source()));
  }

  /** Who the credential is: principal, account and token type, or empty when not resolved. */
  String who() {
    Identity id = identity();
    if (id == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (id.principal() != null) {
      parts.add(id.principal());
    }
    if (id.account() != null) {
      parts.add("in " + id.account());
    }
    if (id.tokenType() != null) {
      parts.add("(" + id.tokenType() + ")");
    }
    return String.join(" ", parts);
  }

  /** The grant's status when it is not active, with its reason; empty otherwise. */
  String status() {
    if (grant == null) {
      return "not resolved (add --resolve)";
    }
    if (grant.status() == GrantStatus.ACTIVE) {
      return "";
    }
    String name = grant.status().name().toLowerCase(Locale.ROOT);
    if (grant.status() == GrantStatus.UNKNOWN) {
      name = "could not be resolved";
    }
    return grant.statusReason() == null ? name : name + ": " + grant.statusReason();
  }

  /**
   * What a risk is about, short: the actions that put it in its category (the most telling first,
   * then "+N more"), or for a risk without actions its gist.
   */
  String gist(Finding risk) {
    Set<String> actions = new LinkedHashSet<>();
    for (String line : risk.evidence()) {
      Matcher m = CATEGORY.matcher(line);
      if (m.matches() && !m.group(1).equals("OTHER")) {
        for (String action : m.group(2).split(",\\s*")) {
          actions.add(action.trim());
        }
      }
    }
    if (!actions.isEmpty()) {
      List<String> list = new ArrayList<>(actions);
      String named = String.join(", ", list.subList(0, Math.min(NAMED_ACTIONS, list.size())));
      return list.size() > NAMED_ACTIONS
          ? "can " + named + " +" + (list.size() - NAMED_ACTIONS) + " more"
          : "can " + named;
    }
    return switch (risk.kind()) {
      case EXPOSED -> "plaintext in " + places(locations().size());
      case UNKNOWN_TOKEN -> "not declared in the inventory";
      case MISPLACED ->
          risk.evidence().stream()
              .filter(e -> e.startsWith("stored_in: "))
              .map(e -> "declared to live in " + e.substring("stored_in: ".length()))
              .findFirst()
              .orElse(firstClause(risk.reason()));
      default -> risk.evidence().isEmpty() ? firstClause(risk.reason()) : risk.evidence().get(0);
    };
  }

  /** One line of what to do, from the kinds of risk it has. */
  String fix() {
    Set<FindingKind> kinds = new LinkedHashSet<>();
    risks.forEach(r -> kinds.add(r.kind()));
    List<String> steps = new ArrayList<>();
    boolean inContent = !fromAccount() && credential.secret() != null;
    if (credential.attribute(dev.tokenscope.detect.Placeholders.ATTRIBUTE) != null
        && risks.stream().allMatch(r -> r.severity() == Severity.INFO)) {
      // A typed stand-in (sk_live_1234567890…): nothing to rotate, only a slot to keep empty.
      return "nothing to rotate; if a real one belongs at "
          + (locations().isEmpty() ? "that place" : first())
          + ", keep it in a secret store and reference it there";
    }
    if (inContent || kinds.contains(FindingKind.EXPOSED)) {
      steps.add("rotate it at " + credential.provider());
      boolean inHistory = locations().stream().anyMatch(l -> l.commit() != null);
      steps.add(
          "remove it from "
              + (locations().isEmpty() ? "where it was found" : first())
              + (inHistory ? " and the git history" : ""));
    }
    String narrow = narrowTo();
    if (narrow != null) {
      steps.add("narrow " + (steps.isEmpty() ? "it" : "the new one") + " to " + narrow);
    } else if (kinds.stream().anyMatch(CredentialEntry::powerful)) {
      steps.add(
          "narrow " + (steps.isEmpty() ? "it" : "the new one") + " to what its purpose needs");
    }
    if (kinds.contains(FindingKind.MISPLACED)) {
      risks.stream()
          .filter(r -> r.kind() == FindingKind.MISPLACED)
          .flatMap(r -> r.evidence().stream())
          .filter(e -> e.startsWith("stored_in: "))
          .findFirst()
          .ifPresent(e -> steps.add("move it to " + e.substring("stored_in: ".length())));
    } else if (inContent && !kinds.isEmpty()) {
      steps.add("keep it in a secret store");
    }
    if (kinds.contains(FindingKind.UNKNOWN_TOKEN)) {
      steps.add("declare it in the inventory or revoke it");
    }
    if (kinds.contains(FindingKind.CROSS_ENVIRONMENT)) {
      steps.add("use one credential per environment");
    }
    if (kinds.contains(FindingKind.LONG_LIVED)) {
      steps.add("give it an expiry");
    }
    if (kinds.contains(FindingKind.STALE)) {
      steps.add("revoke it if nothing uses it");
    }
    return String.join("; ", steps);
  }

  /** The first place it was found, for a person to read. */
  String first() {
    return locations().isEmpty() ? "" : locations().get(0).display();
  }

  private static boolean powerful(FindingKind kind) {
    return switch (kind) {
      case OVER_PRIVILEGED,
          DESTRUCTIVE,
          PRIVILEGE_ESCALATION,
          CREDENTIAL_EXPOSURE,
          ADMIN_EQUIVALENT ->
          true;
      default -> false;
    };
  }

  /** What the inventory says its purpose needs, when a risk's reason names it. */
  private String narrowTo() {
    for (Finding risk : risks) {
      Matcher allows = ALLOWS.matcher(risk.reason());
      if (risk.kind() == FindingKind.OVER_PRIVILEGED && allows.find()) {
        return allows.group(1);
      }
    }
    for (Finding risk : risks) {
      Matcher needs = NEEDS_ONLY.matcher(risk.reason());
      if (powerful(risk.kind()) && needs.find()) {
        return needs.group(1).trim();
      }
    }
    return null;
  }

  static String places(int n) {
    return n == 1 ? "1 place" : n + " places";
  }

  /** A reason's first clause, without the location it repeats. */
  static String firstClause(String reason) {
    String text = reason.replaceAll(" in `[^`]*`", "");
    int end = text.length();
    for (String stop : List.of(": ", "; ", ". ")) {
      int at = text.indexOf(stop);
      if (at > 0 && at < end) {
        end = at;
      }
    }
    return text.substring(0, end).replace("`", "");
  }
}
