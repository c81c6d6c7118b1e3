package dev.tokenscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static List<String> repositories(int n) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      urls.add("https://github.com/example/service-" + i + ".git");
    }
    return urls;
  }

  @Test
  void everyRepositoryBelongsToExactlyOneShard() {
    List<String> urls = repositories(200);
    Set<String> seen = new HashSet<>();
    int total = 0;
    for (int i = 0; i < 4; i++) {
      List<String> part = new Shard(i, 4).select(urls);
      assertThat(part).as("shard %d gets some work", i).isNotEmpty();
      seen.addAll(part);
      total += part.size();
    }
    assertThat(total).isEqualTo(urls.size());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(urls);
  }

  @Test
  void aRepositoryKeepsItsShardWhenTheListChangesOrIsReordered() {
    List<String> urls = repositories(50);
    List<String> changed = new ArrayList<>(repositories(80));
    java.util.Collections.reverse(changed);
    Shard shard = new Shard(2, 5);
    assertThat(shard.select(changed)).containsAll(shard.select(urls));
  }

  @Test
  void spellingsOfOneRepositoryShareAShard() {
    assertThat(Shard.normalise("https://user@GitHub.com/Example/Repo.git/"))
        .isEqualTo(Shard.normalise("https://github.com/Example/Repo"));
    for (int n = 2; n < 9; n++) {
      assertThat(Shard.bucket(Shard.normalise("https://GITHUB.com/o/r.git"), n))
          .isEqualTo(Shard.bucket(Shard.normalise("https://github.com/o/r"), n));
    }
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
