package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
  private static List<String> hits(List<String> keywords, String text) {
    KeywordIndex index = new KeywordIndex(keywords);
    List<String> out = new ArrayList<>();
    index.scan(text, (k, start, end) -> out.add(keywords.get(k) + "@" + start + "-" + end));
    return out;
  }

  @Test
  void findsEveryOccurrenceIncludingOverlappingAndNestedKeywords() {
    assertThat(hits(List.of("he", "she", "his", "hers"), "ushers"))
        .containsExactlyInAnyOrder("she@1-4", "he@2-4", "hers@2-6");
  }

  @Test
  void matchesCaseInsensitively() {
    assertThat(hits(List.of("ghp_", "aws_secret"), "GHP_x AWS_SECRET_ACCESS_KEY"))
        .containsExactly("ghp_@0-4", "aws_secret@6-16");
  }

  @Test
  void nonAsciiTextNeitherMatchesNorBreaksTheSearch() {
    assertThat(hits(List.of("token"), "tök ÿtokenß токен token")).containsExactly("token@5-10", "token@18-23");
  }

  @Test
  void keywordsSharingPrefixesAreEachFound() {
    assertThat(hits(List.of("xox", "xoxb-", "xoxe.xox"), "xoxe.xoxb-1"))
        .containsExactlyInAnyOrder("xox@0-3", "xox@5-8", "xoxe.xox@0-8", "xoxb-@5-10");
  }
}
