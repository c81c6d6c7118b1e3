package dev.tokenscope.store;

import static dev.tokenscope.store.StoreFixtures.at;
import static dev.tokenscope.store.StoreFixtures.exposed;
import static dev.tokenscope.store.StoreFixtures.token;

import dev.tokenscope.model.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process writing one shard into a shared store, as a CI matrix job would: its own
 * targets, plus a target every shard writes, to make the writers collide on the same rows.
 * Arguments: URL SHARD SHARDS TARGETS TOKENS_PER_TARGET ROUNDS.
 */
public final class ShardWriter {
  private ShardWriter() {}

  public static void main(String[] args) {
    String url = args[0];
    int shard = Integer.parseInt(args[1]);
    int shards = Integer.parseInt(args[2]);
    int targets = Integer.parseInt(args[3]);
    int tokens = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    try (ScanStore store = ScanStore.open(url, null, null)) {
      for (int round = 0; round < rounds; round++) {
        for (int t = shard; t < targets; t += shards) {
          store.record(
              "repo-" + t,
              shard + "/" + shards,
              Instant.now(),
              Instant.now(),
              findings(t * 10_000, tokens),
              true);
        }
        store.record(
            "shared",
            shard + "/" + shards,
            Instant.now(),
            Instant.now(),
            findings(0, tokens),
            true);
      }
    }
  }

  static List<Finding> findings(int first, int count) {
    List<Finding> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(exposed(token(first + k), at("config/" + k + ".env", k + 1)));
    }
    return out;
  }
}
