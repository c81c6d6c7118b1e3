#!/usr/bin/env bash
# Times ripgrep with 20 typical secret regexes (scripts/bench/ripgrep-20.txt) over the inputs a
# `tokenscope bench --keep DIR` run left in DIR, for comparison with tokenscope's figures:
#
#   java -jar target/tokenscope.jar bench --keep /tmp/corpus
#   scripts/bench/ripgrep-baseline.sh /tmp/corpus
#
# tree:    rg over the checked-out files, on every core.
# history: the same blobs tokenscope scans (every blob of every commit), fed to rg by
#          `git cat-file --batch`, as ripgrep cannot read git objects itself; the blobs are split
#          into one share per core, each piped through its own cat-file and rg, all at once.
# Needs rg (Debian package ripgrep), git and awk on PATH. Prints the fastest of 5 runs of each.
set -euo pipefail
dir="${1:?usage: $0 DIR (from tokenscope bench --keep DIR)}"
here="$(cd "$(dirname "$0")" && pwd)"
regexes="$here/ripgrep-20.txt"
command -v rg >/dev/null || { echo "ripgrep (rg) is not on PATH" >&2; exit 2; }

best() { # best of 5 wall-clock seconds of "$@"
  local best=""
  for _ in 1 2 3 4 5; do
    local start end took
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    took=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
    if [[ -z "$best" ]] || awk -v t="$took" -v b="$best" 'BEGIN {exit !(t < b)}'; then best=$took; fi
  done
  echo "$best"
}

tree_bytes=$(find -L "$dir/tree" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
tree_s=$(best rg -j"$(nproc)" -c -f "$regexes" "$dir/tree")
report() { awk -v what="$1" -v b="$2" -v s="$3" 'BEGIN {printf "%-12s %8.1f MB: %6.2f s, %7.1f MB/s\n", what, b / 1e6, s, b / 1e6 / s}'; }
report "rg tree" "$tree_bytes" "$tree_s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$dir/history" rev-list --objects --all | cut -d' ' -f1 |
  git -C "$dir/history" cat-file --batch-check='%(objecttype) %(objectname) %(objectsize)' |
  awk '$1 == "blob" {print $2}' > "$work/blobs"
history_bytes=$(git -C "$dir/history" cat-file --batch-check='%(objectsize)' < "$work/blobs" | awk '{s+=$1} END {print s}')
split -n "l/$(nproc)" "$work/blobs" "$work/share."
history() {
  for share in "$work"/share.*; do
    (git -C "$dir/history" cat-file --batch < "$share" | rg -c -f "$regexes" > /dev/null) &
  done
  wait
}
history_s=$(best history)
report "rg history" "$history_bytes" "$history_s"
