package dev.tokenscope.resolve.liveness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads liveness declarations: the ones shipped in {@code rules/liveness/}, or a user's own folder.
 * A bad file is an error naming the file and the problem; no declaration is half-loaded.
 */
public final class LivenessDeclarations {
  static final String BUNDLED = "rules/liveness";

  private LivenessDeclarations() {}

  /** The declarations shipped with tokenscope, loaded once. */
  static List<LivenessDeclaration> bundled() {
    return Bundled.ALL;
  }

  private static final class Bundled {
    static final List<LivenessDeclaration> ALL = load(RuleSet.bundledDirectory(BUNDLED), true);
  }

  /**
   * Every {@code *.yaml} file under {@code dir}. Throws {@link IllegalArgumentException} naming the
   * first bad file, or a rule id declared twice.
   */
  static List<LivenessDeclaration> load(Path dir) {
    return load(dir, false);
  }

  /**
   * The user's own declarations in {@code rulesDir/liveness/} (the folder a command's {@code
   * --rules DIR} names), or none when there is no such folder. Each file passes the checks a
   * shipped one does, and every rule id it names must be one of {@code ruleIds}, the detector rules
   * in use. Throws {@link IllegalArgumentException} naming the first bad file.
   */
  static List<LivenessDeclaration> user(Path rulesDir, Set<String> ruleIds) {
    if (rulesDir == null) {
      return List.of();
    }
    Path dir = rulesDir.resolve(RuleSet.LIVENESS_FOLDER);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<LivenessDeclaration> all = load(dir, false);
    for (LivenessDeclaration declaration : all) {
      for (String rule : declaration.rules()) {
        if (!ruleIds.contains(rule)) {
          throw new IllegalArgumentException(
              declaration.file()
                  + ": rules: '"
                  + rule
                  + "' is not a detector rule in "
                  + rulesDir
                  + "; name the id of a rule there");
        }
      }
    }
    return all;
  }

  private static List<LivenessDeclaration> load(Path dir, boolean shipped) {
    List<Path> files;
    try {
      files = RuleSet.yamlFiles(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException(dir + ": cannot list: " + e.getMessage(), e);
    }
    List<LivenessDeclaration> all = new ArrayList<>();
    Map<String, String> ruleOwners = new HashMap<>();
    for (Path file : files) {
      JsonNode root;
      try {
        root = YamlTrees.mapper().readTree(Files.readString(file));
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
      }
      LivenessDeclaration declaration = LivenessDeclaration.parse(file.toString(), root, shipped);
      for (String rule : declaration.rules()) {
        String before = ruleOwners.put(rule, file.toString());
        if (before != null) {
          throw new IllegalArgumentException(
              file + ": rule " + rule + " already has a liveness check in " + before);
        }
      }
      all.add(declaration);
    }
    return List.copyOf(all);
  }
}
