package dev.tokenscope.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One part of a deterministic split of a repository list: shard {@code index} of {@code count},
 * 0-based (as Kubernetes' {@code JOB_COMPLETION_INDEX}), balanced by repository size so that one
 * large repository does not make its shard the one everybody waits for.
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

  /**
   * This shard's repositories: the list split into {@code count} parts of about equal total size,
   * largest first, each into the part with the least so far (longest-processing-time-first). The
   * order is fixed by size and then canonical name, and ties go to the lowest shard, so every shard
   * computes the same split from the same list without talking to the others, in whatever order the
   * list was written. Repositories of unknown size count as the median of the known sizes (or all
   * alike when none is known).
   */
  public List<Repository> select(List<Repository> repositories) {
    return split(repositories).get(index);
  }

  /** Every shard's part, by shard index. */
  public List<List<Repository>> split(List<Repository> repositories) {
    long fallback = medianKnown(repositories);
    List<Repository> order = new ArrayList<>(repositories);
    order.sort(
        Comparator.comparingLong((Repository r) -> estimate(r, fallback))
            .reversed()
            .thenComparing(Repository::name));
    List<List<Repository>> parts = new ArrayList<>();
    long[] load = new long[count];
    for (int i = 0; i < count; i++) {
      parts.add(new ArrayList<>());
    }
    for (Repository r : order) {
      int lightest = 0;
      for (int i = 1; i < count; i++) {
        if (load[i] < load[lightest]) {
          lightest = i;
        }
      }
      parts.get(lightest).add(r);
      // +1 so that repositories of size 0 still spread across shards
      load[lightest] += estimate(r, fallback) + 1;
    }
    return parts;
  }

  private static long estimate(Repository r, long fallback) {
    return r.sizeBytes() >= 0 ? r.sizeBytes() : fallback;
  }

  private static long medianKnown(List<Repository> repositories) {
    long[] known =
        repositories.stream()
            .mapToLong(Repository::sizeBytes)
            .filter(s -> s >= 0)
            .sorted()
            .toArray();
    return known.length == 0 ? 1 : known[known.length / 2];
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
