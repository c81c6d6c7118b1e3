#!/usr/bin/env bash
# Recall on other scanners' published rule examples (issue 18's measure), at pinned commits:
#
#   scripts/bench/peer-examples.sh [DIR]     # DIR: where to keep the checkouts
#                                            # (default: ~/.cache/tokenscope/peers)
#
# Fetches Kingfisher's and Nosey Parker's rule folders (only what `bench --peer` reads) and runs
# `bin/tokenscope bench --peer` on them: recall per scanner, the share of their negative examples
# we report, and the peer providers with the most missed examples. Their examples stay in DIR and
# are never copied into this repository (their licences differ, and a measure is honest only on
# what nobody here wrote). A negative example there is negative for that one rule of theirs: some
# are real credentials of another kind (an xoxb- bot token under their user-token rule), so the
# second figure overstates false alarms.
set -euo pipefail
# shellcheck source=pinned.sh
source "$(dirname "$0")/pinned.sh"
dir="${1:-$bench_cache/peers}"

# name, repository, commit, rules folder inside it
peers=(
  "kingfisher https://github.com/mongodb/kingfisher.git ee7c0db3ef87575768f817820c24736249ffcdef data/rules"
  "noseyparker https://github.com/praetorian-inc/noseyparker.git 2e6e7f36ce36619852532bbe698d8cb7a26d2da7 crates/noseyparker/data/default/builtin/rules"
)
args=()
for peer in "${peers[@]}"; do
  read -r name url commit rules <<<"$peer"
  checkout="$dir/$name"
  pinned_checkout "$checkout" "$url" "$commit" "$rules"
  args+=(--peer "$checkout/$rules")
done
"$here/bin/tokenscope" bench "${args[@]}"
