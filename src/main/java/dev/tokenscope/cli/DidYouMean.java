package dev.tokenscope.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The flag or command a misspelling was meant to be, for the cases picocli's own suggestions miss:
 * its letter-pair similarity finds {@code --formt} but not two swapped letters ({@code --fromat},
 * {@code hsitory}), the commonest slip at a keyboard. Edit distance with transpositions counts a
 * swap as one edit.
 */
final class DidYouMean {
  private DidYouMean() {}

  /**
   * The names of {@code spec} (flags for a flag, subcommands otherwise) closest to {@code typed}.
   */
  static List<String> closest(String typed, CommandSpec spec) {
    Collection<String> names =
        typed.startsWith("-") ? spec.optionsMap().keySet() : spec.subcommands().keySet();
    String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    int allowed = word.replace("-", "").length() <= 4 ? 1 : 2;
    int best =
        names.stream().mapToInt(n -> distance(word, n)).filter(d -> d <= allowed).min().orElse(-1);
    if (best < 0) {
      return List.of();
    }
    return names.stream()
        .filter(n -> distance(word, n) == best)
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
