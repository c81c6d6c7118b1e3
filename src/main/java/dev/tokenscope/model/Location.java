package dev.tokenscope.model;

import java.time.Instant;

/**
 * Where a secret was seen. {@code source} names the kind of place ("file", "git", "stdin", "vault",
 * "aws-secrets", "k8s", "provider-account" …); {@code path} is the file path, the store path or the
 * resource name. Git locations carry the commit, author and date; store locations carry a version.
 * Line and column are 1-based; 0 means not known (a store value, an account).
 */
public record Location(
    String source,
    String path,
    int line,
    int column,
    String commit,
    String author,
    Instant date,
    String version) {

  /** Secret stores, whose locations show as {@code source://path#version} and have no lines. */
  private static final java.util.Set<String> STORE_SOURCES =
      java.util.Set.of("vault", "aws-secrets", "aws-ssm", "gcp-secrets", "k8s");

  public static Location file(String path) {
    return new Location("file", path, 0, 0, null, null, null, null);
  }

  public static Location store(String source, String path, String version) {
    return new Location(source, path, 0, 0, null, null, null, version);
  }

  /** The same place, narrowed to a line and column inside it. */
  public Location at(int line, int column) {
    if (STORE_SOURCES.contains(source)) {
      return this; // a store value's text is assembled by its reader: its lines mean nothing to the
      // user
    }
    return new Location(source, path, line, column, commit, author, date, version);
  }

  /**
   * A short human form: {@code path:line} with the commit when there is one; a store location as
   * {@code source://path#vN} ({@code vault://secret/data/payments/stripe#v3}).
   */
  public String display() {
    if (STORE_SOURCES.contains(source)) {
      String shown = source + "://" + path;
      return version == null
          ? shown
          : shown + "#" + (version.chars().allMatch(Character::isDigit) ? "v" : "") + version;
    }
    StringBuilder out = new StringBuilder(path == null ? source : path);
    if (line > 0) {
      out.append(':').append(line);
    }
    if (version != null) {
      out.append('#').append(version);
    }
    if (commit != null) {
      out.append(" @ ").append(commit, 0, Math.min(12, commit.length()));
    }
    return out.toString();
  }
}
