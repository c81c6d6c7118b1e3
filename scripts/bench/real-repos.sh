#!/usr/bin/env bash
# Precision on real repositories nobody here wrote, at pinned commits:
#
#   scripts/bench/real-repos.sh [DIR]     # DIR: where to keep the clones
#                                         # (default: ~/.cache/tokenscope/real-repos)
#
# Clones each repository's tree at the commit below (shallow), scans it with the README's launcher
# and prints, per repository, how many credentials are reported above info and at info, then every
# finding above info with its rule, file and line, for a person to read. These repositories hold
# configuration, Helm values, SDK tests and documentation: the decoys a scanner meets in the field
# (ids next to provider names, changelog links, format strings, documented example values). What
# they hold of real credentials is test keys and weak compose passwords, so the count is mostly
# false alarms; every rule change that moves it should say why.
set -euo pipefail
# shellcheck source=pinned.sh
source "$(dirname "$0")/pinned.sh"
dir="${1:-$bench_cache/real-repos}"

# name, repository, commit
repos=(
  "prometheus https://github.com/prometheus/prometheus.git d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86"
  "bitnami-charts https://github.com/bitnami/charts.git 5165628ae06697f8f68a670bef7739d93c4b7f44"
  "grafana-helm-charts https://github.com/grafana/helm-charts.git 7a0ab968961a165318ab95ff678908c3b9bc3240"
  "awesome-compose https://github.com/docker/awesome-compose.git 18f59bdb09ecf520dd5758fbf90dec314baec545"
  "sentry-self-hosted https://github.com/getsentry/self-hosted.git 89a143f8e4d396a858cf6f462a832ae7da9fd2db"
  "python-slack-sdk https://github.com/slackapi/python-slack-sdk.git ae87985e2c3811ead978f31ea5a1e4a7ca5c3515"
  "stripe-python https://github.com/stripe/stripe-python.git 6c6e3736d16dde7a2f0155379ea3cd99b976460b"
  "twilio-python https://github.com/twilio/twilio-python.git 306691e793f417b6974640d1ef88785e9de03b2a"
)
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
for repo in "${repos[@]}"; do
  read -r name url commit <<<"$repo"
  clone="$dir/$name"
  pinned_checkout "$clone" "$url" "$commit"
  "$here/bin/tokenscope" scan "$clone" --format json -o "$report" --fail-on none
  python3 - "$report" "$name" "$clone/" <<'PY'
import json, sys
report, name, root = sys.argv[1], sys.argv[2], sys.argv[3]
found = json.load(open(report))["credentials"]
above = [c for c in found if c["severity"] != "info"]
print(f"{name}: {len(above)} above info, {len(found) - len(above)} at info")
for c in sorted(above, key=lambda c: (c["rule"], c["locations"][0]["path"])):
    where = c["locations"][0]
    print(f"  {c['severity']:<8} {c['rule']:<36} {where['path'].replace(root, '')}:{where.get('line')}")
PY
done
