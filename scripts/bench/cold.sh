#!/usr/bin/env bash
# Cold one-shot runs: the real CLI as a fresh process, N times, beside ripgrep, alternating
# (tokenscope, rg, tokenscope, rg …) so both see the same machine load. Three cases:
#
#   small    a scan of 3 small files (a commit hook's work)    vs  rg over the same 3 files
#   tree     a scan of REPO's checked-out files                vs  rg -j$(nproc) over REPO
#   history  scan --git REPO (every blob of every commit)      vs  git cat-file --batch | rg, one
#            pipeline per core (the blob list is made before timing, as in ripgrep-baseline.sh)
#
#   git clone https://github.com/netty/netty /tmp/netty
#   scripts/bench/cold.sh /tmp/netty                 # all three cases, 5 runs each
#   scripts/bench/cold.sh /tmp/netty tree 10         # one case, 10 runs
#   TOKENSCOPE="java -jar $PWD/target/tokenscope.jar" scripts/bench/cold.sh /tmp/netty small
#
# Both tools run with the repository as their working directory, as in a commit hook or a CI job,
# so tokenscope reads the repository's own .tokenscope.yaml if it has one (netty has none; a
# config costs a short scan about 0.03 CPU-seconds).
#
# ripgrep gets the 20 regexes of scripts/bench/ripgrep-20.txt with --no-unicode (tokenscope
# reads bytes as Latin-1, so ripgrep's Unicode classes would be extra work it does not do).
# tokenscope runs through bin/tokenscope (what the README tells users to run) unless TOKENSCOPE
# names another command. Prints, per case and tool: wall seconds best / median / worst, CPU
# seconds (user+sys) median, peak RSS (max over runs), and the ratio of ripgrep's best wall time
# to tokenscope's (1.0 or more: tokenscope is at least as fast). Needs rg, git, GNU time
# (/usr/bin/time) and awk.
set -euo pipefail
repo="${1:?usage: $0 REPO [small|tree|history|all] [RUNS]}"
what="${2:-all}"
runs="${3:-5}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
regexes="$here/ripgrep-20.txt"
tokenscope="${TOKENSCOPE:-$root/bin/tokenscope}"
[[ -d "$repo/.git" ]] || { echo "$repo is not a git checkout (git clone https://github.com/netty/netty)" >&2; exit 2; }
repo="$(cd "$repo" && pwd)"
command -v rg >/dev/null || { echo "ripgrep (rg) is not on PATH" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time, Debian package time) is missing" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "java:    $(java -version 2>&1 | sed -n 1p)"
echo "rg:      $(rg --version | sed -n 1p)"
echo "tokenscope: $tokenscope"
echo "repository: $repo at $(git -C "$repo" rev-parse --short HEAD), $runs runs per tool, alternating"

# The launcher makes its class-data archive on its first run with a jar; that is once per build,
# not part of a run, so it happens here, untimed.
$tokenscope --version > /dev/null

# One timed run of "$@": appends "wall cpu rss_kb" to the file $out; output goes to /dev/null.
# tokenscope exits 1 when it finds something; only 2 (an error) or worse stops the benchmark.
timed() {
  local out="$1"
  shift
  local rc=0
  # Inside the repository, as a commit hook or CI step runs: its own config (or none) applies.
  (cd "$repo" && /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" > /dev/null 2> "$work/stderr") || rc=$?
  if ((rc >= 2)); then
    echo "failed ($rc): $*" >&2
    tail -5 "$work/stderr" >&2
    exit 2
  fi
  tail -1 "$work/time" | awk '{printf "%s %.2f %d\n", $1, $2 + $3, $4}' >> "$out"
}

# Prints one line of figures from a file of "wall cpu rss" lines.
summary() {
  local cpu
  cpu=$(sort -n -k2 "$2" | awk '{c[NR] = $2} END {print c[int((NR + 1) / 2)]}')
  sort -n -k1 "$2" | awk -v what="$1" -v cpu="$cpu" '
    { wall[NR] = $1; if ($3 > rss) rss = $3 }
    END {
      printf "  %-10s wall best %6.2f s, median %6.2f, worst %6.2f | CPU median %6.2f s | peak RSS %5.0f MB\n",
        what, wall[1], wall[int((NR + 1) / 2)], wall[NR], cpu, rss / 1024
    }'
}

ratio() { # rg's best wall over tokenscope's best wall
  awk -v t="$(sort -n "$1" | head -1 | cut -d' ' -f1)" -v r="$(sort -n "$2" | head -1 | cut -d' ' -f1)" \
    'BEGIN { if (t > 0) printf "  ratio (rg best / tokenscope best wall): %.2f\n", r / t }'
}

# shellcheck disable=SC2086
bench() { # name, then a tokenscope command line and an rg command line as two strings
  local name="$1" ts="$2" rgcmd="$3"
  : > "$work/$name.ts"
  : > "$work/$name.rg"
  for _ in $(seq "$runs"); do
    timed "$work/$name.ts" $tokenscope $ts
    timed "$work/$name.rg" sh -c "$rgcmd"
  done
  echo "$name:"
  summary tokenscope "$work/$name.ts"
  summary ripgrep "$work/$name.rg"
  ratio "$work/$name.ts" "$work/$name.rg"
}

if [[ "$what" == small || "$what" == all ]]; then
  mkdir -p "$work/small"
  # Three files of a typical small commit: no credentials, so both tools read and match everything.
  git -C "$repo" ls-files > "$work/files"
  grep -E '\.(java|xml|md)$' "$work/files" > "$work/text-files" || true
  for f in $(head -3 "$work/text-files"); do
    cp "$repo/$f" "$work/small/"
  done
  files="$(ls "$work/small" | sed "s|^|$work/small/|" | tr '\n' ' ')"
  bench small "scan $files" "rg -c --no-unicode -f '$regexes' $files"
fi

if [[ "$what" == tree || "$what" == all ]]; then
  bench tree "scan $repo" "rg -j$(nproc) -c --no-unicode -f '$regexes' '$repo'"
fi

if [[ "$what" == history || "$what" == all ]]; then
  git -C "$repo" rev-list --objects --all | cut -d' ' -f1 |
    git -C "$repo" cat-file --batch-check='%(objecttype) %(objectname)' |
    awk '$1 == "blob" {print $2}' > "$work/blobs"
  echo "history: $(wc -l < "$work/blobs") blobs, $(git -C "$repo" rev-list --all | wc -l) commits"
  split -n "l/$(nproc)" "$work/blobs" "$work/share."
  pipeline=""
  for share in "$work"/share.*; do
    pipeline="$pipeline (git -C '$repo' cat-file --batch < '$share' | rg -c --no-unicode -f '$regexes' > /dev/null) &"
  done
  bench history "scan --git $repo" "$pipeline wait"
fi
