package dev.tokenscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static Repository repo(String name, long size) {
    return new Repository(
        "https://github.com/example/" + name, "https://github.com/example/" + name, size);
  }

  private static List<Repository> fleet() {
    List<Repository> fleet = new ArrayList<>();
    // the fleet: 40 small repositories, one big and one medium
    for (int i = 0; i < 40; i++) {
      fleet.add(repo("service-" + i, 200_000 + i * 1_000));
    }
    fleet.add(repo("netty", 120_000_000));
    fleet.add(repo("monolith", 60_000_000));
    return fleet;
  }

  @Test
  void everyRepositoryBelongsToExactlyOneShard() {
    List<Repository> fleet = fleet();
    Set<Repository> seen = new HashSet<>();
    int total = 0;
    for (int i = 0; i < 4; i++) {
      List<Repository> part = new Shard(i, 4).select(fleet);
      total += part.size();
      seen.addAll(part);
    }
    assertThat(total).isEqualTo(fleet.size());
    assertThat(seen).hasSize(fleet.size());
  }

  @Test
  void theTwoLargestRepositoriesGoToDifferentShardsAndTheSmallOnesFillTheOthers() {
    List<List<Repository>> parts = new Shard(0, 4).split(fleet());
    List<Long> loads =
        parts.stream().map(p -> p.stream().mapToLong(Repository::sizeBytes).sum()).toList();
    assertThat(parts.get(0))
        .extracting(Repository::name)
        .containsExactly("https://github.com/example/netty");
    assertThat(parts.get(1))
        .extracting(Repository::name)
        .containsExactly("https://github.com/example/monolith");
    assertThat(parts.get(2)).hasSize(20);
    assertThat(parts.get(3)).hasSize(20);
    assertThat(Collections.max(loads)).isEqualTo(120_000_000L);
  }

  @Test
  void theSplitIsTheSameWhateverOrderTheListIsWrittenIn() {
    List<Repository> fleet = fleet();
    List<Repository> shuffled = new ArrayList<>(fleet);
    Collections.shuffle(shuffled, new java.util.Random(7));
    for (int i = 0; i < 4; i++) {
      assertThat(new Shard(i, 4).select(shuffled)).isEqualTo(new Shard(i, 4).select(fleet));
    }
  }

  @Test
  void repositoriesOfEqualOrUnknownSizeAreSpreadEvenlyByName() {
    List<Repository> unknown = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      unknown.add(repo("r" + i, Repository.UNKNOWN_SIZE));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(new Shard(i, 3).select(unknown)).hasSize(3);
    }
    assertThat(new Shard(0, 3).select(unknown))
        .extracting(Repository::name)
        .containsExactly(
            "https://github.com/example/r0",
            "https://github.com/example/r3",
            "https://github.com/example/r6");
  }

  @Test
  void shardsAreZeroBasedAndOutOfRangeOnesAreRefusedWithTheAcceptedForm() {
    assertThat(Shard.parse("0/4")).isEqualTo(new Shard(0, 4));
    assertThat(Shard.parse(" 3 / 4 ")).isEqualTo(new Shard(3, 4));
    assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("0 <= i < n");
    assertThatThrownBy(() -> Shard.parse("1-4")).hasMessageContaining("is not i/n");
    assertThatThrownBy(() -> Shard.parse("a/4")).hasMessageContaining("whole numbers");
    assertThatThrownBy(() -> Shard.parse("0/0")).hasMessageContaining("does not exist");
  }
}
