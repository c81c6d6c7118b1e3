#!/usr/bin/env bash
# Builds a benchmark history shaped like real development: real code (300 files of a JDK's
# java.util sources, from lib/src.zip) imported once, then 150 commits that each change a few lines
# in 15 files. Most of its bytes are versions of the same files, as in most repositories' histories;
# bench's generated history (whole files rewritten with new random text) and jdk-corpus.sh (each
# file added once) have none of that.
#
#   DIR/history  the repository, packed
#   DIR/tree     its last checkout
#
#   scripts/bench/edits-corpus.sh "$JAVA_HOME/lib/src.zip" /tmp/edits
#   java -jar target/tokenscope.jar bench --git /tmp/edits/history --tree /tmp/edits/tree
#   scripts/bench/ripgrep-baseline.sh /tmp/edits
#
# Seeded: the same src.zip gives the same history. Needs git, unzip and awk.
set -euo pipefail
zip="${1:?usage: $0 SRC_ZIP DIR}"
dir="${2:?usage: $0 SRC_ZIP DIR}"
[[ -f "$zip" ]] || { echo "no such file: $zip" >&2; exit 2; }
[[ -e "$dir" ]] && { echo "$dir already exists (give a new folder)" >&2; exit 2; }
mkdir -p "$dir/src" "$dir/history" "$dir/tree"
dir="$(cd "$dir" && pwd)"
unzip -q "$zip" 'java.base/java/util/*' -d "$dir/src"
mapfile -t files < <(cd "$dir/src" && find java.base/java/util -name '*.java' | LC_ALL=C sort | head -300)
cd "$dir/history"
git init -q
git config user.email bench@tokenscope.invalid
git config user.name bench
git config gc.auto 0
for f in "${files[@]}"; do
  mkdir -p "$(dirname "$f")"
  cp "$dir/src/$f" "$f"
done
git add -A
git commit -qm "import"
for commit in $(seq 1 150); do
  for pick in $(seq 1 15); do
    f="${files[$(( (commit * 7919 + pick * 104729) % ${#files[@]} ))]}"
    lines=$(wc -l < "$f")
    # Three edits at seeded lines: a comment line inserted, or a comment added to a line.
    awk -v seed=$((commit * 100 + pick)) -v n="$lines" -v c="$commit" '
      BEGIN { srand(seed); for (e = 0; e < 3; e++) at[int(rand() * n) + 1] = int(rand() * 2) }
      (NR in at) && at[NR] == 0 { print "        // change " c ": check the bounds first" }
      (NR in at) && at[NR] == 1 { print $0 " // reviewed in change " c; next }
      { print }' "$f" > "$f.next"
    mv "$f.next" "$f"
  done
  git commit -qam "change $commit"
done
git gc -q
cp -r java.base "$dir/tree/"
rm -rf "$dir/src"
blobs=$(git rev-list --objects --all | cut -d' ' -f1 |
  git cat-file --batch-check='%(objecttype) %(objectsize)' | awk '$1 == "blob" {n++; s += $2} END {printf "%d blobs, %.1f MB", n, s / 1e6}')
echo "corpus in $dir: $(git rev-list --count HEAD) commits, $blobs"
