package dev.tokenscope.assess;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Location;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of the sentences findings are made of: what the token is, where it was, what it
 * reaches.
 */
final class Wording {
  private static final Map<String, String> PROVIDER_NAMES =
      Map.ofEntries(
          Map.entry("aws", "AWS"),
          Map.entry("gcp", "GCP"),
          Map.entry("github", "GitHub"),
          Map.entry("gitlab", "GitLab"),
          Map.entry("openai", "OpenAI"),
          Map.entry("huggingface", "Hugging Face"),
          Map.entry("postgresql", "PostgreSQL"),
          Map.entry("mysql", "MySQL"),
          Map.entry("npm", "npm"),
          Map.entry("jwt", "JWT"));
  private static final Pattern DELETE_ACTION = Pattern.compile("^([a-z][A-Za-z]*?)Delete$");
  private static final Pattern BACKUP =
      Pattern.compile("(?i).*(backup|snapshot|recoverypoint|version).*");
  private static final List<String> NOUN_ORDER =
      List.of("volume", "database", "bucket", "table", "service", "environment", "project");

  private Wording() {}

  static String provider(String provider) {
    String known = PROVIDER_NAMES.get(provider.toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    return provider.isEmpty()
        ? provider
        : Character.toUpperCase(provider.charAt(0)) + provider.substring(1);
  }

  /**
   * Providers of generic rules (a password assigned in code, a URL with a password, a credential
   * named so in a store): no provider name is better than "Http credential".
   */
  private static final java.util.Set<String> GENERIC = java.util.Set.of("http", "generic");

  /**
   * "Railway account token", "AWS credential", "Credential" (a generic rule's), for a sentence's
   * start.
   */
  static String token(Credential credential, Grant grant) {
    if (GENERIC.contains(credential.provider().toLowerCase(Locale.ROOT))) {
      return "Credential";
    }
    String type = grant == null || grant.identity() == null ? null : grant.identity().tokenType();
    return provider(credential.provider())
        + (type == null || type.isBlank() ? " credential" : " " + type + " token");
  }

  /** The {@link #token} words for after an adjective: "Plaintext credential", "Plaintext AWS …". */
  static String afterAdjective(String token) {
    return token.equals("Credential") ? "credential" : token;
  }

  /** " in `path:line`" (and how many other places), or "" when it was not found in a place. */
  static String where(Credential credential) {
    if (credential.locations().isEmpty()) {
      return "";
    }
    String first = " in `" + credential.locations().get(0).display() + "`";
    int more = credential.locations().size() - 1;
    return more == 0
        ? first
        : first + " (and " + more + " other place" + (more == 1 ? "" : "s") + ")";
  }

  /** "in workspace acme (production)", "in production, staging", or "". */
  static String reach(String provider, Grant grant) {
    if (grant == null || grant.identity() == null) {
      return "";
    }
    String account = grant.identity().account();
    String envs = String.join(", ", grant.environments());
    if (account == null || account.isBlank()) {
      return envs.isEmpty() ? "" : "in " + envs;
    }
    String label =
        switch (provider.toLowerCase(Locale.ROOT)) {
          case "railway" ->
              "project".equals(grant.identity().tokenType())
                  ? "project"
                  : account.contains(",") ? "workspaces" : "workspace";
          case "gcp" -> "project";
          case "github", "gitlab" -> "organisation";
          default -> "account";
        };
    return "in " + label + " " + account + (envs.isEmpty() ? "" : " (" + envs + ")");
  }

  /**
   * "volumes, services and projects and their backups", or "data (rds:DeleteDBInstance)" for
   * actions without a noun.
   */
  static String deletes(Collection<String> destructive, Collection<String> backup) {
    Set<String> nouns = new LinkedHashSet<>();
    List<String> bare = new ArrayList<>();
    for (String action : destructive) {
      Matcher m = DELETE_ACTION.matcher(action);
      if (m.matches() && !BACKUP.matcher(action).matches()) {
        nouns.add(m.group(1) + "s");
      } else if (!BACKUP.matcher(action).matches()) {
        bare.add(action);
      }
    }
    List<String> ordered = new ArrayList<>(nouns);
    ordered.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    if (ordered.isEmpty() && bare.isEmpty()) {
      return "backups (" + some(backup, NAMED_IN_A_SENTENCE) + ")";
    }
    if (ordered.isEmpty()) {
      return "data ("
          + some(bare, NAMED_IN_A_SENTENCE)
          + ")"
          + (backup.isEmpty() ? "" : " and its backups");
    }
    return backup.isEmpty() ? list(ordered) : String.join(", ", ordered) + " and their backups";
  }

  private static int rank(String noun) {
    int i = NOUN_ORDER.indexOf(noun.substring(0, noun.length() - 1));
    return i < 0 ? NOUN_ORDER.size() : i;
  }

  /** How many actions a sentence names before it only counts the rest. */
  static final int NAMED_IN_A_SENTENCE = 8;

  /** How many actions one line of evidence names before it only counts the rest. */
  static final int NAMED_IN_EVIDENCE = 200;

  /**
   * The first {@code limit} items joined with commas, then "and N more": an admin key's excess runs
   * to tens of thousands of actions, and a reason must stay one sentence.
   */
  static String some(Collection<String> items, int limit) {
    List<String> all = new ArrayList<>(items);
    if (all.size() <= limit) {
      return String.join(", ", all);
    }
    return String.join(", ", all.subList(0, limit)) + " and " + (all.size() - limit) + " more";
  }

  /** "a", "a and b", "a, b and c". */
  static String list(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** A short name of a place, for sentences about where a token was found. */
  static String place(Location location) {
    return "`" + location.display() + "`";
  }
}
