package dev.tokenscope.fleet;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * One part of a deterministic split of a repository list: shard {@code index} of {@code count},
 * 0-based (as Kubernetes' {@code JOB_COMPLETION_INDEX}). A repository belongs to the shard its
 * normalised URL hashes to, so every shard agrees on the split without talking to the others, and a
 * repository keeps its shard when others are added to or removed from the list.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard "
              + index
              + "/"
              + count
              + " does not exist: use i/n with 0 <= i < n, for example 0/4 … 3/4");
    }
  }

  /** Parses {@code i/n}; the message of the exception says what is accepted. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "--shard '"
              + text
              + "' is not i/n: give the 0-based shard index and the shard count, for example 0/4");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--shard '" + text + "' is not i/n with whole numbers, for example 0/4", e);
    }
  }

  public boolean owns(String repositoryUrl) {
    return bucket(normalise(repositoryUrl), count) == index;
  }

  public List<String> select(List<String> repositoryUrls) {
    return repositoryUrls.stream().filter(this::owns).toList();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }

  static int bucket(String normalised, int count) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return (int) Long.remainderUnsigned(value, count);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * The form of a repository URL that does not depend on how it was written: no credentials, lower
   * case scheme and host, no trailing slash or {@code .git}. {@code
   * https://user@GitHub.com/o/r.git/} and {@code https://github.com/o/r} are one repository.
   */
  public static String normalise(String url) {
    String text = url.trim();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.endsWith(".git")) {
      text = text.substring(0, text.length() - 4);
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
      // scp-like (git@host:owner/repo) or a local path: kept as written
    }
    return text;
  }
}
