package dev.tokenscope.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repositories a scan covers: URLs or paths given on the command line, read from a file (one
 * per line, {@code #} comments), or listed from a GitHub organisation or GitLab group. Spellings of
 * one repository (see {@link Repository#canonical}) are one entry, scanned once, keeping the first
 * spelling and the first size known.
 */
public final class RepositoryList {
  private final Map<String, String> spelled = new LinkedHashMap<>();
  private final Map<String, Long> sizes = new LinkedHashMap<>();

  public void add(String url) {
    add(url, Repository.UNKNOWN_SIZE);
  }

  /** Adds a repository with the size a hosting API listed for it, in bytes. */
  public void add(String url, long sizeBytes) {
    String name = Repository.canonical(url);
    spelled.putIfAbsent(name, url.trim());
    if (sizeBytes >= 0) {
      sizes.putIfAbsent(name, sizeBytes);
    }
  }

  public List<String> urls() {
    return List.copyOf(spelled.values());
  }

  /** The repositories, each with its size estimate (measured on disk for local ones). */
  public List<Repository> repositories() {
    List<Repository> out = new ArrayList<>();
    spelled.forEach(
        (name, url) ->
            out.add(Repository.of(url, sizes.getOrDefault(name, Repository.UNKNOWN_SIZE))));
    return out;
  }

  public boolean isEmpty() {
    return spelled.isEmpty();
  }

  /** Reads a list file; a line that is not a URL or path is an error naming the file and line. */
  public static List<String> read(Path file) throws IOException {
    List<String> urls = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(
          file
              + ": cannot read the repository list ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String entry = (hash < 0 ? line : line.substring(0, hash)).trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.contains(" ") || entry.contains("\t")) {
        throw new IOException(
            file + ":" + (i + 1) + ": expected one repository URL per line, found '" + entry + "'");
      }
      urls.add(entry);
    }
    return urls;
  }
}
