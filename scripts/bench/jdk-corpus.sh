#!/usr/bin/env bash
# Builds a benchmark corpus of real code from a JDK's own sources (lib/src.zip; Temurin ships it,
# Debian's openjdk packages need openjdk-NN-source):
#
#   DIR/tree     every source file of the JDK
#   DIR/history  a git repository whose commits add the first 40 modules one at a time, packed
#
#   scripts/bench/jdk-corpus.sh "$JAVA_HOME/lib/src.zip" /tmp/jdk
#   java -jar target/tokenscope.jar bench --tree /tmp/jdk/tree --git /tmp/jdk/history
#   scripts/bench/ripgrep-baseline.sh /tmp/jdk
#
# Unlike bench's generated corpus (a planted credential every 200 lines, `token` on many lines),
# this is code as people write it: tokenscope finds nothing in it.
set -euo pipefail
zip="${1:?usage: $0 SRC_ZIP DIR}"
dir="${2:?usage: $0 SRC_ZIP DIR}"
[[ -f "$zip" ]] || { echo "no such file: $zip" >&2; exit 2; }
[[ -e "$dir" ]] && { echo "$dir already exists (give a new folder)" >&2; exit 2; }
mkdir -p "$dir/tree" "$dir/history"
dir="$(cd "$dir" && pwd)"
unzip -q "$zip" -d "$dir/tree"
cd "$dir/history"
git init -q
git config user.email bench@tokenscope.invalid
git config user.name bench
git config gc.auto 0
for module in $(ls "$dir/tree" | head -40); do
  cp -r "$dir/tree/$module" .
  git add -A
  git commit -qm "add $module"
done
git gc -q
echo "corpus in $dir: $(du -sh "$dir/tree" | cut -f1) of sources, $(git rev-list --count HEAD) commits"
