#!/usr/bin/env bash
# Regenerates rules/catalog/gcp-roles.json from Google's live IAM API: every predefined role
# (roles.list, view=FULL, all pages) with its included permissions, one role per line.
#
#   scripts/refresh-gcp-roles.sh > rules/catalog/gcp-roles.json
#
# Needs: gcloud (logged in; any account can list predefined roles), curl, jq.
# TOKENSCOPE_GCP_ACCESS_TOKEN and TOKENSCOPE_GCP_IAM_URL override the token and the endpoint.
# Read-only: roles.list is a GET and changes nothing.
set -euo pipefail
token="${TOKENSCOPE_GCP_ACCESS_TOKEN:-$(gcloud auth print-access-token)}"
base="${TOKENSCOPE_GCP_IAM_URL:-https://iam.googleapis.com}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
page=""
n=0
while :; do
  url="$base/v1/roles?view=FULL&pageSize=1000"
  [[ -n "$page" ]] && url="$url&pageToken=$page"
  curl -fsS -H "Authorization: Bearer $token" "$url" > "$tmp/page-$n.json"
  page="$(jq -r '.nextPageToken // empty' "$tmp/page-$n.json")"
  n=$((n + 1))
  [[ -z "$page" ]] && break
done
today="$(date -u +%Y-%m-%d)"
jq -s --arg today "$today" '
  [.[].roles[]] | map(select(.deleted != true)) |
  {
    provenance: {
      source: ("Google Cloud IAM API roles.list (view=FULL), every predefined role, fetched " + $today + " by scripts/refresh-gcp-roles.sh"),
      generated_by: "scripts/refresh-gcp-roles.sh",
      refresh: "scripts/refresh-gcp-roles.sh > rules/catalog/gcp-roles.json"
    },
    roles: (map({key: .name, value: {title: (.title // ""), complete: true, source: "roles.list", stage: (.stage // ""), permissions: ((.includedPermissions // []) | sort)}}) | from_entries)
  }' "$tmp"/page-*.json |
  jq -c '.' | jq -r '
    "{",
    "\"provenance\": " + (.provenance | tojson) + ",",
    "\"roles\": {",
    ((.roles | to_entries) as $e | $e | to_entries[] | ((.value.key | tojson) + ": " + (.value.value | tojson) + (if .key < ($e | length) - 1 then "," else "" end))),
    "}}"'
