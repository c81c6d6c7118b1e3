package dev.tokenscope.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code .tokenscope.yaml} inside the scanned tree may decide: only to report less, and only
 * by naming what it hides (fixture paths, fingerprints, rules), the severities and the failure
 * threshold. Everything that decides where a token is sent or which local file is read (provider
 * base URLs, database hosts, the inventory, the fingerprint key) is ignored, and so is an allow
 * entry that would hide everything; each is reported, so a pull request that tries is visible.
 */
final class InTreeConfig {
  /**
   * Paths that stand for "every file" at the top, deep down, and absolute: a glob matching all of
   * one group hides every file of a scan.
   */
  private static final List<List<String>> EVERYWHERE =
      List.of(
          List.of("a", ".env", "config.yml", "Makefile"),
          List.of("src/main/java/App.java", "deploy/prod/secrets.yaml", "x/.env", "a/b/c/d/e"),
          List.of("/a", "/srv/app/.env", "/home/user/project/src/App.java"));

  private InTreeConfig() {}

  static Config narrow(Config tree, Path file, Path userFile, List<ConfigProblem> problems) {
    String where = file.toString();
    String fix =
        ": a config inside the scanned tree may only narrow what is reported, never choose where"
            + " tokens go or which files are read. Put it in "
            + userFile
            + " or pass --config FILE";
    if (!tree.providers().isEmpty()) {
      problems.add(
          new ConfigProblem(
              where,
              "'providers' (" + String.join(", ", tree.providers().keySet()) + ") ignored" + fix));
    }
    if (!tree.database().allowHosts().isEmpty()) {
      problems.add(new ConfigProblem(where, "'database.allow_hosts' ignored" + fix));
    }
    if (tree.inventory() != null) {
      problems.add(new ConfigProblem(where, "'inventory' ignored" + fix));
    }
    if (tree.fingerprintKey() != null) {
      problems.add(new ConfigProblem(where, "'fingerprint_key' ignored" + fix));
    }
    List<String> paths = new ArrayList<>();
    for (String glob : tree.allow().paths()) {
      if (hidesEverything(glob)) {
        problems.add(
            new ConfigProblem(
                where,
                "allow.paths '"
                    + glob
                    + "' ignored: it would hide every file; name the fixture folders instead"));
      } else {
        paths.add(glob);
      }
    }
    List<String> rules = new ArrayList<>();
    for (String rule : tree.allow().rules()) {
      if (rule.isBlank() || rule.matches(".*[*?\\[\\]{}].*") || !rule.contains(".")) {
        problems.add(
            new ConfigProblem(
                where,
                "allow.rules '"
                    + rule
                    + "' ignored: an in-tree config may turn off single rules by id (such as"
                    + " generic.password-assignment), never a whole provider or every rule"));
      } else {
        rules.add(rule);
      }
    }
    return new Config(
        new Config.Allow(paths, tree.allow().fingerprints(), rules),
        tree.failOn(),
        null,
        null,
        null,
        tree.assess(),
        null);
  }

  static boolean hidesEverything(String glob) {
    PathMatcher matcher;
    try {
      matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (RuntimeException e) {
      return false; // Config.parse rejects a glob that does not compile
    }
    for (List<String> group : EVERYWHERE) {
      if (group.stream().allMatch(p -> matcher.matches(Path.of(p)))) {
        return true;
      }
    }
    return false;
  }
}
