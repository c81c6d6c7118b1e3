#!/usr/bin/env bash
# Regenerates rules/catalog/gcp-roles.json, every current Google Cloud predefined role (basic roles
# owner/editor/viewer/browser included) with all the permissions it includes, from the public
# export iann0036/iam-dataset (MIT). That export keeps Google's own answers:
#   gcp/predefined_roles.json  `gcloud iam roles list --show-deleted` (which roles exist now)
#   gcp/roles/<role>.json      `gcloud iam roles describe <role>` (includedPermissions, view FULL)
# A role file whose role is no longer listed is stale (the export never deletes files) and is left
# out; so is a listed role with no describe answer (roles/admin, reader, writer: listed without
# permissions).
#
#   scripts/refresh-gcp-roles.sh DATASET_GIT_DIR [COMMIT] > rules/catalog/gcp-roles.json
#   scripts/refresh-gcp-roles.sh --check DATASET_GIT_DIR   # regenerate at the commit the committed
#                                                          # file names; fail if it differs
#
# DATASET_GIT_DIR is a clone (or bare mirror) of https://github.com/iann0036/iam-dataset; COMMIT
# defaults to HEAD. The output depends only on the data at that commit (sorted roles, sorted
# permissions, no timestamps other than the commit's own date), so a rerun reproduces the committed
# file byte for byte. Needs git and python3. Reads only: nothing is fetched or written but stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
catalog="$root/rules/catalog/gcp-roles.json"

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  shift
fi
[[ $# -ge 1 && $# -le 2 ]] || usage
dataset="$1"
if [[ -d "$dataset/.git" ]]; then
  dataset="$dataset/.git"
fi
git --git-dir="$dataset" rev-parse --verify -q HEAD >/dev/null ||
  { echo "refresh-gcp-roles: $1 is not a git repository of iann0036/iam-dataset" >&2; exit 2; }

if [[ $check -eq 1 ]]; then
  commit="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["provenance"]["commit"])' "$catalog")"
  tmp="$(mktemp)"
  trap 'rm -f "$tmp"' EXIT
  "$0" "$dataset" "$commit" > "$tmp"
  if cmp -s "$tmp" "$catalog"; then
    echo "refresh-gcp-roles: rules/catalog/gcp-roles.json reproduces from iam-dataset@$commit"
    exit 0
  fi
  echo "refresh-gcp-roles: rules/catalog/gcp-roles.json differs from what iam-dataset@$commit gives" >&2
  diff <(tr ',' '\n' < "$catalog") <(tr ',' '\n' < "$tmp") | head -20 >&2 || true
  exit 1
fi

commit="$(git --git-dir="$dataset" rev-parse --verify "${2:-HEAD}^{commit}")"
date="$(git --git-dir="$dataset" log -1 --format=%cI "$commit")"
python3 - "$dataset" "$commit" "$date" <<'PY'
import json, subprocess, sys

git_dir, commit, date = sys.argv[1:4]

tree = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", commit, "gcp/predefined_roles.json", "gcp/roles/"],
                      capture_output=True, check=True, text=True).stdout.splitlines()
blobs = {}
for line in tree:
    meta, path = line.split("\t", 1)
    blobs[path] = meta.split()[2]
# One `git cat-file --batch` for every file: one `git show` per role takes minutes.
wanted = sorted(blobs)
batch = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                       input="".join(blobs[p] + "\n" for p in wanted).encode(),
                       capture_output=True, check=True).stdout
contents, at = {}, 0
for path in wanted:
    header_end = batch.index(b"\n", at)
    size = int(batch[at:header_end].split()[2])
    contents[path] = batch[header_end + 1:header_end + 1 + size]
    at = header_end + 1 + size + 1

def show(path):
    return json.loads(contents[path])

listed = show("gcp/predefined_roles.json")
# Role files are named after the role; one differs only in case (compliancescanning.ServiceAgent).
files = {p.rsplit("/", 1)[1][:-5].lower(): p for p in wanted if p.startswith("gcp/roles/") and p.endswith(".json")}
roles = {}
for entry in listed:
    name = entry["name"]
    if entry.get("deleted"):
        continue
    short = name.split("/", 1)[1].lower()
    if short not in files:
        continue
    described = show(files[short])
    if described.get("name") != name:
        sys.exit(f"refresh-gcp-roles: {files[short]} describes {described.get('name')}, not {name}")
    roles[name] = {
        "title": described.get("title", ""),
        "stage": described.get("stage", ""),
        "permissions": sorted(set(described.get("includedPermissions", []))),
    }

def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

provenance = {
    "source": "Google Cloud IAM predefined roles (gcloud iam roles list / describe, view FULL) as exported by https://github.com/iann0036/iam-dataset (MIT) at the commit below: every role listed and not deleted, basic roles included, each with all its included permissions.",
    "repository": "https://github.com/iann0036/iam-dataset",
    "commit": commit,
    "date": date,
    "license": "MIT",
    "roles": len(roles),
    "generated_by": "scripts/refresh-gcp-roles.sh",
    "refresh": "scripts/refresh-gcp-roles.sh DATASET_GIT_DIR [COMMIT] > rules/catalog/gcp-roles.json; check: scripts/refresh-gcp-roles.sh --check DATASET_GIT_DIR",
}
out = ["{", '"provenance": ' + dump(provenance) + ",", '"roles": {']
names = sorted(roles)
for i, name in enumerate(names):
    out.append(dump(name) + ": " + dump(roles[name]) + ("," if i < len(names) - 1 else ""))
out.append("}}")
sys.stdout.write("\n".join(out) + "\n")
PY
