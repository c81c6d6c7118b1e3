package dev.tokenscope.assess;

import dev.tokenscope.config.Config;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a credential, what it was resolved to do, and the team's inventory into findings. Pure: the
 * same inputs and clock give the same findings, and nothing is read or sent.
 *
 * <ul>
 *   <li>{@code EXPOSED}: in plaintext (a file, a repository, standard input).
 *   <li>{@code UNKNOWN_TOKEN}: no inventory entry declares it. Without an inventory, a token
 *       already reported {@code EXPOSED} is not reported unknown as well.
 *   <li>{@code DESTRUCTIVE}, {@code PRIVILEGE_ESCALATION}, {@code CREDENTIAL_EXPOSURE}, {@code
 *       ADMIN_EQUIVALENT}: its permissions fall in that risk category of {@code rules/policies}.
 *   <li>{@code OVER_PRIVILEGED}: it can do more than its entry's {@code allow}.
 *   <li>{@code CROSS_ENVIRONMENT}: it reaches an environment its entry does not list, or production
 *       while found in a non-production place.
 *   <li>{@code STALE}, {@code LONG_LIVED}, {@code MISPLACED}: unused, without or beyond an expiry,
 *       found outside its declared {@code stored_in}.
 * </ul>
 */
public final class Assessor {
  /** Risk categories from worst to least bad, the order excess permissions are listed in. */
  static final List<RiskCategory> WORST_FIRST =
      List.of(
          RiskCategory.BACKUP_DESTRUCTIVE,
          RiskCategory.DESTRUCTIVE,
          RiskCategory.ADMIN_EQUIVALENT,
          RiskCategory.PRIVILEGE_ESCALATION,
          RiskCategory.CREDENTIAL_EXPOSURE);

  private static final Map<String, String> LABELS =
      Map.of(
          "BACKUP_DESTRUCTIVE", "delete backups",
          "DESTRUCTIVE", "delete data",
          "ADMIN_EQUIVALENT", "do anything",
          "PRIVILEGE_ESCALATION", "escalate privileges",
          "CREDENTIAL_EXPOSURE", "read secrets or mint credentials",
          "OTHER", "do other things");

  /** Evidence lines in which a resolver names an escalation path it followed. */
  static final String ESCALATION_PATH = "escalation path: ";

  private static final java.util.regex.Pattern PATH_SEVERITY =
      java.util.regex.Pattern.compile(" \\(severity (info|low|medium|high|critical)\\)$");

  private static final Set<String> PLAINTEXT_SOURCES =
      Set.of("file", "git", "stdin", "archive", "image", "url", "log");

  private final PolicySet policies;
  private final Inventory inventory;
  private final AssessSettings settings;
  private final Map<String, Severity> ruleSeverities;

  public Assessor(
      PolicySet policies,
      Inventory inventory,
      AssessSettings settings,
      Map<String, Severity> ruleSeverities) {
    this.policies = policies;
    this.inventory = inventory;
    this.settings = settings;
    this.ruleSeverities = Map.copyOf(ruleSeverities);
  }

  /** The bundled policies, no inventory, default settings. */
  public Assessor(Map<String, Severity> ruleSeverities) {
    this(
        PolicySet.bundled(),
        Inventory.none(),
        AssessSettings.of(Config.empty(), Clock.systemUTC()),
        ruleSeverities);
  }

  public Inventory inventory() {
    return inventory;
  }

  public AssessSettings settings() {
    return settings;
  }

  public List<Finding> assess(Credential credential, Grant grant) {
    List<Finding> findings = new ArrayList<>();
    Optional<InventoryEntry> entry = inventory.find(credential, grant);
    boolean active = grant != null && grant.status() == GrantStatus.ACTIVE;
    String token = Wording.token(credential, grant);
    String where = Wording.where(credential);
    Optional<Finding> exposed = exposed(credential, grant, token, where);
    exposed.ifPresent(findings::add);
    // Without an inventory every token is undeclared. A plaintext one is already reported as
    // exposed, and saying "unknown" as well would double every report; a token found in a store
    // or listed by an account has no other finding to carry it, so it is reported unknown.
    if (entry.isEmpty() && (!inventory.isEmpty() || exposed.isEmpty())) {
      findings.add(unknown(credential, grant, token, where));
    }
    if (active) {
      Map<RiskCategory, Set<String>> categories =
          policies.categorize(credential.provider(), grant.permissions());
      findings.addAll(risks(credential, grant, entry, categories, token, where));
      entry
          .flatMap(e -> overPrivileged(credential, grant, e, token, where))
          .ifPresent(findings::add);
      crossEnvironment(credential, grant, entry, token, where).ifPresent(findings::add);
      stale(credential, grant, token, where).ifPresent(findings::add);
      longLived(credential, grant, entry, token, where).ifPresent(findings::add);
    }
    entry.flatMap(e -> misplaced(credential, grant, e, token)).ifPresent(findings::add);
    return findings;
  }

  private Optional<Finding> exposed(
      Credential credential, Grant grant, String token, String where) {
    List<Location> plaintext =
        credential.locations().stream()
            .filter(l -> PLAINTEXT_SOURCES.contains(l.source()))
            .toList();
    if (credential.secret() == null || (plaintext.isEmpty() && !credential.locations().isEmpty())) {
      return Optional.empty();
    }
    // The config's EXPOSED override wins; otherwise each detector rule says how bad its secret is
    // in plaintext.
    Severity severity =
        settings.overrides().containsKey("EXPOSED")
            ? settings.overrides().get("EXPOSED")
            : ruleSeverities.getOrDefault(credential.ruleId(), settings.severity("EXPOSED"));
    String reason;
    if (dev.tokenscope.detect.TestVectors.VALUE.equals(credential.attribute(Credential.CONTEXT))) {
      // A value named EXAMPLE/FAKE/DUMMY in a test file: shown, but as information only.
      severity = Severity.INFO;
    }
    boolean live = grant != null && grant.status() == GrantStatus.ACTIVE;
    boolean ciService =
        dev.tokenscope.detect.CiServices.VALUE.equals(credential.attribute(Credential.CONTEXT));
    String standIn = credential.attribute(dev.tokenscope.detect.Placeholders.ATTRIBUTE);
    Instant expired = expiredAt(credential);
    if (standIn != null && !live) {
      // A value typed to look like a key (1234567890, a1b2c3d4): a placeholder no random key
      // matches. Shown, as information only, so nothing of a secret's shape is dropped unseen.
      severity = Severity.INFO;
      String why =
          dev.tokenscope.detect.Placeholders.SAME_AS_USER.equals(standIn)
              ? " repeats its user name, a default rather than a generated secret ("
              : " looks typed by hand, not generated (its value matches the "
                  + standIn
                  + " placeholder pattern; ";
      reason =
          "Plaintext "
              + Wording.afterAdjective(token)
              + where
              + why
              + credential.ruleId()
              + "): if a real one belongs there, keep it in a secret store instead.";
    } else if (ciService && !live) {
      // The password a CI job gives the database it starts for its tests: the container lives
      // only as long as the job and is reachable only from it. Shown, as information only.
      severity = Severity.INFO;
      reason =
          "Plaintext "
              + Wording.afterAdjective(token)
              + where
              + " is the password of a service container the CI job starts for itself, reachable"
              + " only from that job ("
              + credential.ruleId()
              + "): nothing to rotate unless the same password is used elsewhere.";
    } else if (expired != null && !live) {
      // The token says it is no longer accepted (a JWT past its exp): low, as for a token its
      // provider rejects. Still a leak to clean up (its claims name the issuer, the subject and the
      // audience), and its exp is only what the token says of itself. It lowers, never raises: a
      // test's own expired vector (named FAKE, say) stays information.
      severity = severity.atLeast(Severity.LOW) ? Severity.LOW : severity;
      reason =
          "Plaintext "
              + Wording.afterAdjective(token)
              + where
              + " expired on "
              + expired
              + " by its own claims ("
              + credential.ruleId()
              + "): delete it so nobody mistakes it for a live one.";
    } else if (grant != null
        && (grant.status() == GrantStatus.REVOKED || grant.status() == GrantStatus.INVALID)) {
      severity = Severity.LOW;
      reason =
          "Plaintext "
              + Wording.afterAdjective(token)
              + where
              + " is no longer accepted by "
              + Wording.provider(credential.provider())
              + " ("
              + grant.status().name().toLowerCase(Locale.ROOT)
              + "): delete it from there so nobody mistakes it for a live one.";
    } else {
      reason =
          "Plaintext "
              + Wording.afterAdjective(token)
              + where
              + " ("
              + credential.ruleId()
              + "): revoke or rotate it and keep the new one in a secret store.";
    }
    return Optional.of(
        Finding.of(FindingKind.EXPOSED, severity, credential, grant, reason, List.of()));
  }

  private Finding unknown(Credential credential, Grant grant, String token, String where) {
    String reason =
        inventory.isEmpty()
            ? token
                + where
                + " is in no token inventory: find its owner and declare it in tokens.yaml (tokenscope inventory init), or revoke it."
            : token
                + where
                + " is not declared in "
                + inventory.file()
                + ": find its owner and add an entry with its purpose and allowed permissions, or revoke it.";
    List<String> evidence = new ArrayList<>();
    evidence.add("fingerprint " + credential.fingerprint());
    if (grant != null && grant.identity() != null && grant.identity().principal() != null) {
      evidence.add("principal " + grant.identity().principal());
    }
    return Finding.of(
        FindingKind.UNKNOWN_TOKEN,
        settings.severity("UNKNOWN_TOKEN"),
        credential,
        grant,
        reason,
        evidence);
  }

  private List<Finding> risks(
      Credential credential,
      Grant grant,
      Optional<InventoryEntry> entry,
      Map<RiskCategory, Set<String>> categories,
      String token,
      String where) {
    List<Finding> out = new ArrayList<>();
    String reach = Wording.reach(credential.provider(), grant);
    String reachPart = reach.isEmpty() ? "" : " " + reach;
    Set<String> destructive = categories.getOrDefault(RiskCategory.DESTRUCTIVE, Set.of());
    Set<String> backup = categories.getOrDefault(RiskCategory.BACKUP_DESTRUCTIVE, Set.of());
    if (!destructive.isEmpty() || !backup.isEmpty()) {
      Severity severity =
          backup.isEmpty()
              ? settings.severity(
                  "DESTRUCTIVE",
                  policySeverity(credential.provider(), RiskCategory.DESTRUCTIVE, destructive))
              : settings.severity(
                  "BACKUP_DESTRUCTIVE",
                  policySeverity(credential.provider(), RiskCategory.BACKUP_DESTRUCTIVE, backup));
      String reason =
          token
              + where
              + " can delete "
              + Wording.deletes(destructive, backup)
              + reachPart
              + purposeClause(entry)
              + ".";
      List<String> evidence = new ArrayList<>();
      if (!backup.isEmpty()) {
        evidence.add("BACKUP_DESTRUCTIVE: " + Wording.some(backup, Wording.NAMED_IN_EVIDENCE));
      }
      if (!destructive.isEmpty()) {
        evidence.add("DESTRUCTIVE: " + Wording.some(destructive, Wording.NAMED_IN_EVIDENCE));
      }
      evidence.addAll(resources(grant, union(destructive, backup)));
      out.add(Finding.of(FindingKind.DESTRUCTIVE, severity, credential, grant, reason, evidence));
    }
    for (RiskCategory category :
        List.of(
            RiskCategory.ADMIN_EQUIVALENT,
            RiskCategory.PRIVILEGE_ESCALATION,
            RiskCategory.CREDENTIAL_EXPOSURE)) {
      Set<String> actions = categories.getOrDefault(category, Set.of());
      // Paths a resolver followed to a stronger principal (a role it may assume, an account it may
      // impersonate, a technique its permissions allow), each ending "(severity S)".
      List<String> paths =
          category == RiskCategory.PRIVILEGE_ESCALATION
              ? grant.evidence().stream().filter(e -> e.startsWith(ESCALATION_PATH)).toList()
              : List.of();
      if (actions.isEmpty() && paths.isEmpty()) {
        continue;
      }
      if (!paths.isEmpty()) {
        out.add(escalation(credential, grant, entry, actions, paths, token, where, reachPart));
        continue;
      }
      String what =
          switch (category) {
            case ADMIN_EQUIVALENT -> " can do anything";
            case PRIVILEGE_ESCALATION -> " can give itself or others more power";
            default -> " can read other secrets or mint new credentials";
          };
      String reason =
          token
              + where
              + what
              + " ("
              + Wording.some(actions, Wording.NAMED_IN_A_SENTENCE)
              + ")"
              + reachPart
              + purposeClause(entry)
              + ".";
      List<String> evidence = new ArrayList<>();
      evidence.add(category.name() + ": " + Wording.some(actions, Wording.NAMED_IN_EVIDENCE));
      evidence.addAll(techniques(credential.provider(), category, actions));
      evidence.addAll(resources(grant, actions));
      out.add(
          Finding.of(
              category.findingKind(),
              settings.severity(
                  category.name(), policySeverity(credential.provider(), category, actions)),
              credential,
              grant,
              reason,
              evidence));
    }
    return out;
  }

  /**
   * PRIVILEGE_ESCALATION when the resolver found where the token can go: the reason names the first
   * path (target and its power), the evidence every path, then the escalating actions themselves.
   */
  private Finding escalation(
      Credential credential,
      Grant grant,
      Optional<InventoryEntry> entry,
      Set<String> actions,
      List<String> paths,
      String token,
      String where,
      String reachPart) {
    Severity severity =
        actions.isEmpty()
            ? null
            : policySeverity(credential.provider(), RiskCategory.PRIVILEGE_ESCALATION, actions);
    for (String path : paths) {
      java.util.regex.Matcher m = PATH_SEVERITY.matcher(path);
      if (m.find()) {
        Severity s = Severity.parse(m.group(1));
        severity = severity == null || s.atLeast(severity) ? s : severity;
      }
    }
    String first =
        PATH_SEVERITY.matcher(paths.get(0).substring(ESCALATION_PATH.length())).replaceAll("");
    String reason =
        token
            + where
            + " can escalate: "
            + first
            + (paths.size() > 1 ? " (and " + (paths.size() - 1) + " more paths)" : "")
            + reachPart
            + purposeClause(entry)
            + ".";
    List<String> evidence = new ArrayList<>(paths);
    if (!actions.isEmpty()) {
      evidence.add("PRIVILEGE_ESCALATION: " + Wording.some(actions, Wording.NAMED_IN_EVIDENCE));
      evidence.addAll(
          techniques(credential.provider(), RiskCategory.PRIVILEGE_ESCALATION, actions));
      evidence.addAll(resources(grant, actions));
    }
    return Finding.of(
        FindingKind.PRIVILEGE_ESCALATION,
        settings.severity("PRIVILEGE_ESCALATION", severity),
        credential,
        grant,
        reason,
        evidence);
  }

  /** "; its declared purpose needs only a, b", or what the inventory says instead. */
  private String purposeClause(Optional<InventoryEntry> entry) {
    if (entry.isEmpty()) {
      return inventory.isEmpty() ? "" : "; no inventory entry says what it is for";
    }
    InventoryEntry e = entry.get();
    if (e.allow() != null) {
      return e.allow().isEmpty()
          ? "; its declared purpose needs none of this"
          : "; its declared purpose needs only " + String.join(", ", e.allow());
    }
    return e.purpose() == null ? "" : "; its declared purpose is \"" + e.purpose().strip() + "\"";
  }

  private Optional<Finding> overPrivileged(
      Credential credential, Grant grant, InventoryEntry entry, String token, String where) {
    if (entry.allow() == null) {
      return Optional.empty();
    }
    List<Permission> excess =
        grant.permissions().stream().filter(p -> !AllowPattern.allows(entry.allow(), p)).toList();
    if (excess.isEmpty()) {
      return Optional.empty();
    }
    Map<RiskCategory, Set<String>> categories = policies.categorize(credential.provider(), excess);
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    Set<String> placed = new LinkedHashSet<>();
    Severity worst = null;
    for (RiskCategory category : WORST_FIRST) {
      Set<String> actions = new LinkedHashSet<>(categories.getOrDefault(category, Set.of()));
      actions.removeAll(placed);
      if (!actions.isEmpty()) {
        groups.put(category.name(), actions);
        placed.addAll(actions);
        Severity s = policySeverity(credential.provider(), category, actions);
        worst = worst == null || (s != null && s.atLeast(worst)) ? s : worst;
      }
    }
    // What no policy names, most powerful first: a reader sees the deletions before the reads.
    Set<String> other = new LinkedHashSet<>();
    excess.stream()
        .filter(p -> !placed.contains(p.action()))
        .sorted(
            Comparator.comparing(
                    Permission::access, Comparator.nullsFirst(Comparator.reverseOrder()))
                .thenComparing(Permission::action))
        .map(Permission::action)
        .forEach(other::add);
    if (!other.isEmpty()) {
      groups.put("OTHER", other);
    }
    List<String> evidence = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    groups.forEach(
        (group, actions) -> {
          evidence.add(group + ": " + Wording.some(actions, Wording.NAMED_IN_EVIDENCE));
          parts.add(
              LABELS.getOrDefault(group, "other")
                  + " ("
                  + Wording.some(actions, Wording.NAMED_IN_A_SENTENCE)
                  + ")");
        });
    String needs = entry.allow().isEmpty() ? "nothing" : String.join(", ", entry.allow());
    String reason =
        token
            + where
            + " can do more than entry '"
            + entry.id()
            + "' allows ("
            + needs
            + "): it can also "
            + String.join("; ", parts)
            + "; replace it with a token limited to what the purpose needs.";
    return Optional.of(
        Finding.of(
            FindingKind.OVER_PRIVILEGED,
            settings.severity("OVER_PRIVILEGED", worst),
            credential,
            grant,
            reason,
            evidence));
  }

  private Optional<Finding> crossEnvironment(
      Credential credential,
      Grant grant,
      Optional<InventoryEntry> entry,
      String token,
      String where) {
    List<String> reasons = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    List<String> production =
        grant.environments().stream().filter(PlaceEnvironment::isProduction).toList();
    if (!production.isEmpty()) {
      for (Location location : credential.locations()) {
        Optional<String> hint = PlaceEnvironment.nonProduction(location);
        if (hint.isPresent()) {
          reasons.add(
              token
                  + " found in a "
                  + hint.get()
                  + " place ("
                  + Wording.place(location)
                  + ") reaches "
                  + String.join(", ", production)
                  + ": give that place a token limited to its own environment.");
          evidence.add("found in a " + hint.get() + " place: " + location.display());
          evidence.add("reaches: " + String.join(", ", grant.environments()));
          break;
        }
      }
    }
    if (entry.isPresent() && !entry.get().environments().isEmpty()) {
      Set<String> declared = new LinkedHashSet<>();
      entry.get().environments().forEach(e -> declared.add(e.toLowerCase(Locale.ROOT)));
      List<String> beyond =
          grant.environments().stream()
              .filter(e -> !declared.contains(e.toLowerCase(Locale.ROOT)))
              .toList();
      if (!beyond.isEmpty()) {
        reasons.add(
            token
                + where
                + " reaches "
                + String.join(", ", beyond)
                + ", which entry '"
                + entry.get().id()
                + "' does not allow (only "
                + String.join(", ", entry.get().environments())
                + "): limit it to its declared environments.");
        evidence.add("declared environments: " + String.join(", ", entry.get().environments()));
        evidence.add("beyond them: " + String.join(", ", beyond));
      }
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            FindingKind.CROSS_ENVIRONMENT,
            settings.severity("CROSS_ENVIRONMENT"),
            credential,
            grant,
            reasons.get(0),
            evidence));
  }

  private Optional<Finding> stale(Credential credential, Grant grant, String token, String where) {
    if (grant.lastUsed() == null) {
      return Optional.empty();
    }
    long days = Duration.between(grant.lastUsed(), now()).toDays();
    if (days < settings.staleDays()) {
      return Optional.empty();
    }
    String reason =
        token
            + where
            + " was last used "
            + days
            + " days ago ("
            + date(grant.lastUsed())
            + ", limit "
            + settings.staleDays()
            + " days): revoke it unless something still needs it.";
    return Optional.of(
        Finding.of(
            FindingKind.STALE,
            settings.severity("STALE"),
            credential,
            grant,
            reason,
            List.of("last used " + grant.lastUsed())));
  }

  private Optional<Finding> longLived(
      Credential credential,
      Grant grant,
      Optional<InventoryEntry> entry,
      String token,
      String where) {
    Instant expires =
        grant.expires() != null ? grant.expires() : entry.map(InventoryEntry::expires).orElse(null);
    Instant now = now();
    String problem;
    if (expires == null) {
      problem =
          "has no expiry date"
              + (entry.map(InventoryEntry::neverExpires).orElse(false)
                  ? " (its entry says never)"
                  : "");
    } else if (Duration.between(now, expires).toDays() > settings.maxAgeDays()) {
      problem =
          "expires only on "
              + date(expires)
              + ", more than "
              + settings.maxAgeDays()
              + " days from now";
    } else if (grant.created() != null
        && Duration.between(grant.created(), now).toDays() > settings.maxAgeDays()) {
      problem =
          "is "
              + Duration.between(grant.created(), now).toDays()
              + " days old (created "
              + date(grant.created())
              + ")";
    } else {
      return Optional.empty();
    }
    String reason =
        token
            + where
            + " "
            + problem
            + ": rotate it and give the new one an expiry within "
            + settings.maxAgeDays()
            + " days.";
    List<String> evidence = new ArrayList<>();
    evidence.add("expires " + (expires == null ? "never" : expires.toString()));
    if (grant.created() != null) {
      evidence.add("created " + grant.created());
    }
    return Optional.of(
        Finding.of(
            FindingKind.LONG_LIVED,
            settings.severity("LONG_LIVED"),
            credential,
            grant,
            reason,
            evidence));
  }

  private Optional<Finding> misplaced(
      Credential credential, Grant grant, InventoryEntry entry, String token) {
    if (entry.storedIn().isEmpty()) {
      return Optional.empty();
    }
    for (Location location : credential.locations()) {
      // A key listed by its own provider account was not found anywhere: it is where keys live.
      if (location.source().equals("provider-account")) {
        continue;
      }
      if (!AllowPattern.storedIn(entry.storedIn(), location)) {
        String reason =
            token
                + " found in "
                + Wording.place(location)
                + " is declared to live only in "
                + String.join(", ", entry.storedIn())
                + " (entry '"
                + entry.id()
                + "'): remove it from there and read it from its store.";
        return Optional.of(
            Finding.of(
                FindingKind.MISPLACED,
                settings.severity("MISPLACED"),
                credential,
                grant,
                reason,
                List.of(
                    "found at " + location.source() + ":" + location.display(),
                    "stored_in: " + String.join(", ", entry.storedIn()))));
      }
    }
    return Optional.empty();
  }

  /**
   * "technique aws.privilege-escalation.create-policy-version (…): iam:CreatePolicyVersion": which
   * policy, so which known technique, each action falls under; the resource lines name the targets.
   */
  private List<String> techniques(String provider, RiskCategory category, Set<String> actions) {
    if (category != RiskCategory.PRIVILEGE_ESCALATION) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (RiskPolicy policy : policies.forProvider(provider)) {
      if (policy.category() != category) {
        continue;
      }
      List<String> matched = actions.stream().filter(policy::matches).toList();
      if (!matched.isEmpty()) {
        out.add(
            "technique "
                + policy.id()
                + " ("
                + policy.description()
                + "): "
                + Wording.some(new LinkedHashSet<>(matched), Wording.NAMED_IN_EVIDENCE));
      }
    }
    return out;
  }

  /** The worst severity among a provider's policies of a category that match any of the actions. */
  private Severity policySeverity(String provider, RiskCategory category, Set<String> actions) {
    Severity worst = null;
    for (RiskPolicy policy : policies.forProvider(provider)) {
      if (policy.category() == category && actions.stream().anyMatch(policy::matches)) {
        worst = worst == null || policy.severity().atLeast(worst) ? policy.severity() : worst;
      }
    }
    return worst;
  }

  /**
   * "volumeDelete on acme/shop/production, *" lines, so a reviewer sees where each action applies.
   */
  private static List<String> resources(Grant grant, Set<String> actions) {
    Map<String, Set<String>> byAction = new LinkedHashMap<>();
    for (Permission p : grant.permissions()) {
      if (actions.contains(p.action())) {
        byAction.computeIfAbsent(p.action(), a -> new LinkedHashSet<>()).add(p.resource());
      }
    }
    List<String> out = new ArrayList<>();
    byAction.forEach(
        (action, resources) -> out.add(action + " on " + String.join(", ", resources)));
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(b);
    out.addAll(a);
    return out;
  }

  /** When the credential's own claims say it expired, if that is before now; else null. */
  private Instant expiredAt(Credential credential) {
    String expires = credential.attribute(Credential.EXPIRES);
    if (expires == null) {
      return null;
    }
    try {
      Instant when = Instant.parse(expires);
      return when.isBefore(now()) ? when : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private Instant now() {
    return settings.clock().instant();
  }

  private static String date(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }
}
