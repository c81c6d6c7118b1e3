package dev.tokenscope.assess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.detect.RuleProblem;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Permission;
import dev.tokenscope.model.Severity;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The risk policies of every provider, loaded from {@code rules/policies/*.yaml}. A file or policy
 * that does not load is a {@link RuleProblem}; the others still load.
 *
 * <pre>
 * provider: aws
 * policies:
 *   - id: aws.destructive.databases
 *     category: DESTRUCTIVE          # DESTRUCTIVE, BACKUP_DESTRUCTIVE, PRIVILEGE_ESCALATION,
 *                                    # CREDENTIAL_EXPOSURE, ADMIN_EQUIVALENT
 *     severity: high
 *     description: Can delete RDS databases.
 *     actions: ["rds:DeleteDBInstance", "rds:DeleteDBCluster"]
 *     examples: ["rds:DeleteDBInstance"]
 *     negative_examples: ["rds:DescribeDBInstances"]
 * </pre>
 */
public final class PolicySet {

  private final List<RiskPolicy> policies;
  private final List<RuleProblem> problems;
  private final boolean bundled;

  private PolicySet(List<RiskPolicy> policies, List<RuleProblem> problems) {
    this.policies = List.copyOf(policies);
    this.problems = List.copyOf(problems);
    this.bundled = false;
  }

  /** The bundled set, which reads its files when first asked for a policy. */
  private PolicySet() {
    this.policies = null;
    this.problems = null;
    this.bundled = true;
  }

  private static final PolicySet BUNDLED = new PolicySet();

  /**
   * The bundled risk policies, loaded once: a policy set is immutable. They are read on first use,
   * not here: only a resolved credential's permissions are categorised, and a scan that resolves
   * nothing (a commit hook's) would otherwise open the jar as a file system and parse YAML at
   * start-up for nothing.
   */
  public static PolicySet bundled() {
    return BUNDLED;
  }

  private static final class Bundled {
    static final PolicySet POLICIES = load(RuleSet.bundledDirectory("rules/policies"));
  }

  private PolicySet loaded() {
    return bundled ? Bundled.POLICIES : this;
  }

  public List<RiskPolicy> policies() {
    return loaded().policies;
  }

  public List<RuleProblem> problems() {
    return loaded().problems;
  }

  public List<RiskPolicy> forProvider(String provider) {
    return policies().stream().filter(p -> p.provider().equalsIgnoreCase(provider)).toList();
  }

  /**
   * The risk categories a provider's permissions fall into, each with the exact actions that put
   * them there, in the order of the categories.
   */
  public Map<RiskCategory, Set<String>> categorize(String provider, List<Permission> permissions) {
    Map<RiskCategory, Set<String>> out = new EnumMap<>(RiskCategory.class);
    List<RiskPolicy> relevant = forProvider(provider);
    for (Permission permission : permissions) {
      for (RiskPolicy policy : relevant) {
        if (policy.matches(permission.action())) {
          out.computeIfAbsent(policy.category(), c -> new LinkedHashSet<>())
              .add(permission.action());
        }
      }
    }
    return out;
  }

  public static PolicySet load(Path dir) {
    List<RiskPolicy> policies = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    List<Path> files;
    try {
      // Files named _*.yaml hold settings shared by all providers (see Severities), not policies.
      files = RuleSet.yamlFiles(dir);
    } catch (IOException | UncheckedIOException e) {
      return new PolicySet(
          List.of(),
          List.of(new RuleProblem(dir.toString(), null, "cannot list: " + e.getMessage())));
    }
    for (Path file : files) {
      JsonNode root;
      try {
        try (var in = Files.newInputStream(file)) {
          root = YamlTrees.mapper().readTree(in);
        }
      } catch (IOException e) {
        problems.add(
            new RuleProblem(
                file.toString(),
                null,
                "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        continue;
      }
      if (root == null || !root.path("policies").isArray() || !root.hasNonNull("provider")) {
        problems.add(
            new RuleProblem(file.toString(), null, "expected 'provider:' and a 'policies:' list"));
        continue;
      }
      String provider = root.get("provider").asText();
      for (JsonNode node : root.get("policies")) {
        String id = node.path("id").asText(null);
        try {
          policies.add(parse(node, provider, file.toString()));
        } catch (IllegalArgumentException e) {
          problems.add(new RuleProblem(file.toString(), id, e.getMessage()));
        }
      }
    }
    return new PolicySet(policies, problems);
  }

  private static RiskPolicy parse(JsonNode node, String provider, String file) {
    String id = node.path("id").asText(null);
    if (id == null) {
      throw new IllegalArgumentException("missing field 'id'");
    }
    RiskCategory category;
    try {
      category = RiskCategory.valueOf(node.path("category").asText("").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "category must be one of " + List.of(RiskCategory.values()));
    }
    List<String> actions = strings(node.path("actions"));
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("missing or empty 'actions'");
    }
    return new RiskPolicy(
        id,
        provider,
        category,
        Severity.parse(node.path("severity").asText("high")),
        node.path("description").asText(""),
        actions,
        strings(node.path("examples")),
        strings(node.path("negative_examples")),
        file);
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }
}
