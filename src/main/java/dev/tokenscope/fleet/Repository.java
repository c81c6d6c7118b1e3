package dev.tokenscope.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One repository of a fleet: the URL to clone, its canonical name (the target it is recorded under,
 * the same however it was spelled) and an estimate of its size in bytes, for balancing shards
 * ({@link #UNKNOWN_SIZE} when nothing said).
 */
public record Repository(String url, String name, long sizeBytes) {
  public static final long UNKNOWN_SIZE = -1;

  /**
   * A repository as listed: local repositories are cloned from their canonical {@code file://} URL
   * and measured on disk (the size of their object store) when no size was given.
   */
  public static Repository of(String spelled, long listedSize) {
    String name = canonical(spelled);
    if (name.startsWith("file://")) {
      long size = listedSize >= 0 ? listedSize : objectBytes(Path.of(URI.create(name)));
      return new Repository(name, name, size);
    }
    return new Repository(spelled.trim(), name, listedSize);
  }

  /**
   * The name of a repository that does not depend on how it was written. Local repositories: a
   * {@code file://} URL of the real absolute path, so {@code ./r}, {@code ../x/r}, {@code /x/r/},
   * {@code /x/r/.git}, {@code /x/r.git} (when only {@code /x/r} exists) and {@code file:///x/r} are
   * one. Remote ones: no credentials, lower-case scheme and host, no trailing slash or {@code
   * .git}; {@code git@host:o/r} becomes {@code ssh://host/o/r}.
   */
  public static String canonical(String spelled) {
    String text = spelled.trim();
    while (text.length() > 1 && text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    Path local = localPath(text);
    if (local != null) {
      return "file://" + canonicalPath(local).toString().replace('\\', '/');
    }
    if (text.endsWith(".git")) {
      text = text.substring(0, text.length() - 4);
    }
    java.util.regex.Matcher scp =
        java.util.regex.Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$").matcher(text);
    if (!text.contains("://") && scp.matches()) {
      return "ssh://" + scp.group(1).toLowerCase(Locale.ROOT) + "/" + scp.group(2);
    }
    try {
      URI uri = new URI(text);
      if (uri.getScheme() != null && uri.getHost() != null) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + port
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
      }
    } catch (URISyntaxException e) {
      // not a URL: kept as written
    }
    return text;
  }

  /** The local path a spelling names, or null for a remote repository. */
  private static Path localPath(String text) {
    try {
      if (text.regionMatches(true, 0, "file:", 0, 5)) {
        return Path.of(
            URI.create(text.startsWith("file://") ? text : "file://" + text.substring(5)));
      }
      if (text.contains("://")) {
        return null;
      }
      if (text.startsWith("/") || text.startsWith(".") || text.startsWith("~")) {
        return Path.of(text);
      }
      // host:path (scp-like) is remote; a bare relative name is local when it exists
      if (!text.contains(":") && Files.exists(Path.of(text))) {
        return Path.of(text);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static Path canonicalPath(Path path) {
    Path p = path.toAbsolutePath().normalize();
    if (p.getFileName() != null
        && p.getFileName().toString().equals(".git")
        && p.getParent() != null) {
      p = p.getParent();
    } else if (p.getFileName() != null
        && p.getFileName().toString().endsWith(".git")
        && !Files.exists(p)) {
      String name = p.getFileName().toString();
      Path without = p.resolveSibling(name.substring(0, name.length() - 4));
      if (Files.exists(without)) {
        p = without;
      }
    }
    try {
      return Files.exists(p) ? p.toRealPath() : p;
    } catch (IOException e) {
      return p;
    }
  }

  /**
   * The bytes of a local repository's object store (loose objects and packs): what a history scan
   * reads, so a fair stand-in for how long it takes. Unknown when the folder cannot be read.
   */
  static long objectBytes(Path repository) {
    Path objects =
        Files.isDirectory(repository.resolve(".git/objects"))
            ? repository.resolve(".git/objects")
            : repository.resolve("objects");
    if (!Files.isDirectory(objects)) {
      return UNKNOWN_SIZE;
    }
    try (Stream<Path> files = Files.walk(objects)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return UNKNOWN_SIZE;
    }
  }
}
