#!/usr/bin/env bash
# Recall on gitleaks' rule examples, at a pinned commit (what peer-examples.sh measures for
# Kingfisher and Nosey Parker):
#
#   scripts/bench/gitleaks-examples.sh [DIR]     # DIR: where to keep the checkout and examples
#                                                # (default: ~/.cache/tokenscope/gitleaks-examples)
#
# gitleaks writes its examples as Go code in its rule generators (cmd/generate/config/rules/), not
# as data, so `bench --peer` cannot read them: gitleaks_examples/extract.py evaluates that code
# (with a fixed seed for the random secrets, so a run gives the same files) and writes one example
# a file into DIR/examples/ex/. This scans that folder with the README's launcher and prints the
# recall over the positive examples (found: a finding above info in the example's file), the share
# of the negative examples reported, and the 15 gitleaks rules with the most missed examples.
# Their sources and examples stay in DIR and are never copied into this repository (their licence
# differs, and a measure is honest only on what nobody here wrote). A negative example there is
# negative for that one rule of theirs, so the second figure overstates false alarms.
set -euo pipefail
# shellcheck source=pinned.sh
source "$(dirname "$0")/pinned.sh"
dir="${1:-$bench_cache/gitleaks-examples}"

url=https://github.com/gitleaks/gitleaks.git
commit=b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b
checkout="$dir/gitleaks"
examples="$dir/examples"
pinned_checkout "$checkout" "$url" "$commit" cmd/generate/config/rules cmd/generate/config/utils
python3 "$here/scripts/bench/gitleaks_examples/extract.py" --source "$checkout" --out "$examples"

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"$here/bin/tokenscope" scan "$examples/ex" --format json -o "$report" --fail-on none
python3 "$here/scripts/bench/gitleaks_examples/score.py" "$examples/ex.index.json" "$report" 15
