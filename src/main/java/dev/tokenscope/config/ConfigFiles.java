package dev.tokenscope.config;

import dev.tokenscope.model.UserFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which config files apply to a run, and what each may decide.
 *
 * <p>Trusted for everything (where tokens are sent, which database hosts may be contacted, the
 * inventory file, the fingerprint key): a {@code --config FILE} the user names, else the user's own
 * {@code config.yaml} in {@link #userDirectory()}. The {@code .tokenscope.yaml} found next to or
 * above the scanned path belongs to the scanned tree, which in a pre-merge check is written by
 * whoever opened the pull request: it may only narrow what is reported ({@link InTreeConfig}).
 */
public final class ConfigFiles {
  /** The user's own config file's name, in {@link #userDirectory()}. */
  public static final String USER_FILE = "config.yaml";

  private ConfigFiles() {}

  /** The config of a run, and what was wrong with it that the run must report. */
  public record Loaded(Config config, List<ConfigProblem> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }
  }

  /** tokenscope's folder for the user's own settings (see {@link UserFolder}). */
  public static Path userDirectory() {
    return UserFolder.path();
  }

  /**
   * The config for a run: the file the user named (trusted, used alone); else the user's own config
   * and the in-tree {@code .tokenscope.yaml} nearest to {@code scanned} (or in the current folder),
   * narrowed to what a scanned tree may decide.
   *
   * @param scanned the first scanned path or repository, or null
   */
  public static Loaded load(Path explicit, Path scanned) throws ConfigException {
    if (explicit != null) {
      if (!Files.exists(explicit)) {
        throw new ConfigException("--config " + explicit + ": no such file; check the path");
      }
      return new Loaded(Config.load(explicit), List.of());
    }
    Path userFile = userDirectory().resolve(USER_FILE);
    Config user = Files.isRegularFile(userFile) ? Config.load(userFile) : Config.empty();
    Path inTree = discover(scanned);
    if (inTree == null || sameFile(inTree, userFile)) {
      return new Loaded(user, List.of());
    }
    List<ConfigProblem> problems = new ArrayList<>();
    Config narrowed = InTreeConfig.narrow(Config.load(inTree), inTree, userFile, problems);
    return new Loaded(merge(user, narrowed), problems);
  }

  /**
   * The user's config with an in-tree config's narrowing on top: both allow-lists, the in-tree
   * threshold and assessment settings where it sets them.
   */
  static Config merge(Config user, Config tree) {
    Config.Allow allow =
        new Config.Allow(
            union(user.allow().paths(), tree.allow().paths()),
            union(user.allow().fingerprints(), tree.allow().fingerprints()),
            union(user.allow().rules(), tree.allow().rules()));
    Map<String, String> severities = new LinkedHashMap<>(user.assess().severities());
    severities.putAll(tree.assess().severities());
    Config.Assess assess =
        new Config.Assess(
            tree.assess().staleDays() != null
                ? tree.assess().staleDays()
                : user.assess().staleDays(),
            tree.assess().maxAgeDays() != null
                ? tree.assess().maxAgeDays()
                : user.assess().maxAgeDays(),
            severities);
    return new Config(
        allow,
        tree.failOn() != null ? tree.failOn() : user.failOn(),
        user.providers(),
        user.database(),
        user.inventory(),
        assess,
        user.fingerprintKey());
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /**
   * The {@code .tokenscope.yaml} nearest to the scanned path (in its folder or a parent, not above
   * the enclosing git repository), else the one in the current folder, else null.
   */
  static Path discover(Path scanned) {
    if (scanned != null) {
      Path start = scanned.toAbsolutePath().normalize();
      if (!Files.isDirectory(start)) {
        start = start.getParent();
      }
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(Config.FILE_NAME);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
        if (Files.exists(dir.resolve(".git"))) {
          break;
        }
      }
    }
    Path here = Path.of(Config.FILE_NAME);
    return Files.isRegularFile(here) ? here : null;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
