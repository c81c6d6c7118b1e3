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
 * The repositories a scan covers: URLs given on the command line, read from a file (one per line,
 * {@code #} comments), or listed from a GitHub organisation or GitLab group. Duplicates (the same
 * normalised URL) are dropped, keeping the first spelling.
 */
public final class RepositoryList {
  private final Map<String, String> byNormalised = new LinkedHashMap<>();

  public void add(String url) {
    byNormalised.putIfAbsent(Shard.normalise(url), url.trim());
  }

  public List<String> urls() {
    return List.copyOf(byNormalised.values());
  }

  public boolean isEmpty() {
    return byNormalised.isEmpty();
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
