#!/usr/bin/env bash
# Sourced by the bench scripts that measure on other people's repositories at pinned commits.
#
#   pinned_checkout CHECKOUT URL COMMIT [PATH…]
#
# Makes CHECKOUT hold URL's tree at COMMIT, fetching only that commit (shallow), and only PATHs'
# blobs when PATHs are given. Does nothing when CHECKOUT is already at COMMIT, so a second run
# measures without the network.
#
# Also sets `here` (this repository's root) and `bench_cache` (where those repositories are kept
# unless a script is given a folder).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_cache="${XDG_CACHE_HOME:-$HOME/.cache}/tokenscope"

pinned_checkout() {
  local checkout="$1" url="$2" commit="$3"
  shift 3
  if [[ "$(git -C "$checkout" rev-parse HEAD 2>/dev/null || true)" == "$commit" ]]; then
    return 0
  fi
  echo "fetching $(basename "$checkout") at ${commit:0:12}…" >&2
  rm -rf "$checkout"
  mkdir -p "$checkout"
  git -C "$checkout" init -q
  if (($#)); then
    git -C "$checkout" fetch -q --depth 1 --filter=blob:none "$url" "$commit"
    git -C "$checkout" checkout -q FETCH_HEAD -- "$@"
    git -C "$checkout" update-ref HEAD FETCH_HEAD
  else
    git -C "$checkout" fetch -q --depth 1 "$url" "$commit"
    git -C "$checkout" checkout -q FETCH_HEAD
  fi
}
