package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    assertThat(hits(List.of("token"), "tök ÿtokenß токен token"))
        .containsExactly("token@5-10", "token@18-23");
  }

  @Test
  void keywordsSharingPrefixesAreEachFound() {
    assertThat(hits(List.of("xox", "xoxb-", "xoxe.xox"), "xoxe.xoxb-1"))
        .containsExactlyInAnyOrder("xox@0-3", "xox@5-8", "xoxe.xox@0-8", "xoxb-@5-10");
  }

  /** The interleaved walks meet at a third of the text and at two thirds less a keyword. */
  @Test
  void aKeywordAcrossEitherSeamOfALongTextIsFoundOnce() {
    String keyword = "aws_secret_access_key";
    int length = 3 * KeywordIndex.INTERLEAVED;
    int third = length / 3;
    int secondSeam = 2 * third - (keyword.length() - 1);
    for (int seam : new int[] {third, secondSeam}) {
      for (int at = seam - keyword.length() - 2; at <= seam + 2; at++) {
        String text = "x".repeat(at) + keyword + "x".repeat(length - at - keyword.length());
        assertThat(hits(List.of(keyword, "secret", "key"), text))
            .as("keyword at %d, seam at %d", at, seam)
            .containsExactlyInAnyOrder(
                "secret@" + (at + 4) + "-" + (at + 10),
                "key@" + (at + 18) + "-" + (at + 21),
                keyword + "@" + at + "-" + (at + 21));
      }
    }
  }

  /** More hits than the later walks can hold are all found, in order. */
  @Test
  void aTextDenseWithKeywordsLosesNone() {
    String text = "key token ".repeat(600);
    List<String> found = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    new KeywordIndex(List.of("key", "token"))
        .scan(
            text.getBytes(StandardCharsets.ISO_8859_1),
            (k, start, end) -> {
              found.add(start + "-" + end);
              ends.add(end);
            });
    assertThat(found).hasSize(1200).doesNotHaveDuplicates();
    assertThat(ends).isSorted();
  }

  /**
   * A range of a text (what a history blob's changed part is) is walked three ways at once too when
   * long enough; it reports exactly the keywords wholly inside it, as a scan of that slice alone
   * would, wherever the range starts.
   */
  @Test
  void aRangeReportsWhatAScanOfItsSliceReports() {
    List<String> keywords =
        List.of("ab", "password", "ghp_", "sword", "xox", "aws_secret_access_key");
    KeywordIndex index = new KeywordIndex(keywords);
    Random random = new Random(11);
    String alphabet = "abpswordghx_AWSECRTK019 \n";
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder text = new StringBuilder();
      int length = 50 + random.nextInt(6 * KeywordIndex.INTERLEAVED);
      while (text.length() < length) {
        if (random.nextInt(5) == 0) {
          text.append(keywords.get(random.nextInt(keywords.size())));
        } else {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
      int from = random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      List<String> ranged = new ArrayList<>();
      index.scanRange(bytes, from, to, (k, start, end) -> ranged.add(k + "@" + start + "-" + end));
      List<String> sliced = new ArrayList<>();
      index.scan(
          java.util.Arrays.copyOfRange(bytes, from, to),
          (k, start, end) -> sliced.add(k + "@" + (start + from) + "-" + (end + from)));
      assertThat(ranged).as("trial %d, range %d-%d", trial, from, to).isEqualTo(sliced);
    }
  }

  /** Whatever the text, the hits and runs are exactly those of a plain search. */
  @Test
  void hitsAndRunsAreThoseOfAPlainSearch() {
    List<String> keywords = List.of("ab", "password", "ghp_", "sword", "b+", "xox");
    KeywordIndex index = new KeywordIndex(keywords);
    Random random = new Random(7);
    // Also the characters either side of the base64 range ('*' ',' '.' '{' '`'), and non-ASCII.
    String alphabet = "abpswordghxABP_+/=019 \n*,.{`\u00e9\u0080";
    for (int trial = 0; trial < 300; trial++) {
      int length = 200 + random.nextInt(3000);
      StringBuilder text = new StringBuilder();
      while (text.length() < length) {
        switch (random.nextInt(4)) {
          case 0 -> text.append(keywords.get(random.nextInt(keywords.size())));
          case 1 ->
              text.append("Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5".substring(0, 10 + random.nextInt(18)));
          default -> text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String t = text.toString();
      byte[] bytes = t.getBytes(StandardCharsets.ISO_8859_1);
      List<String> hits = new ArrayList<>();
      List<Integer> ends = new ArrayList<>();
      List<String> runs = new ArrayList<>();
      index.scan(
          bytes,
          (k, start, end) -> {
            hits.add(keywords.get(k) + "@" + start);
            ends.add(end);
          },
          (start, end) -> runs.add(start + "-" + end));

      assertThat(hits)
          .as("trial %d", trial)
          .containsExactlyInAnyOrderElementsOf(plainHits(keywords, t));
      assertThat(ends).as("trial %d: hits in order of their ends", trial).isSorted();
      assertThat(runs).as("trial %d", trial).containsExactlyElementsOf(plainRuns(t));
    }
  }

  private static List<String> plainHits(List<String> keywords, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String keyword : keywords) {
      for (int i = lower.indexOf(keyword); i >= 0; i = lower.indexOf(keyword, i + 1)) {
        out.add(keyword + "@" + i);
      }
    }
    return out;
  }

  private static List<String> plainRuns(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("[A-Za-z0-9+/_-]{" + KeywordIndex.MIN_RUN + ",}").matcher(text);
    while (m.find()) {
      String run = m.group();
      if (run.matches(".*[A-Z].*") && run.matches(".*[a-z].*") && run.matches(".*[0-9].*")) {
        out.add(m.start() + "-" + m.end());
      }
    }
    return out;
  }
}
