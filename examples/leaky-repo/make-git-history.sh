#!/usr/bin/env bash
# Builds a git repository in DIR in which a (FAKE) GitHub token is committed and later deleted,
# to show that `tokenscope scan --git DIR` finds secrets the working tree no longer has.
# Usage: make-git-history.sh DIR   (DIR must not exist yet)
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
if [ -e "$dir" ]; then
  echo "$0: $dir already exists; give a new folder" >&2
  exit 2
fi
mkdir -p "$dir"
cd "$dir"
git init -q -b main
git config commit.gpgsign false
export GIT_AUTHOR_NAME="Dev One" GIT_AUTHOR_EMAIL="dev.one@example.com"
export GIT_COMMITTER_NAME="Dev One" GIT_COMMITTER_EMAIL="dev.one@example.com"

printf '# deploy tool\n' > README.md
git add README.md
GIT_AUTHOR_DATE="2024-01-10T09:00:00Z" GIT_COMMITTER_DATE="2024-01-10T09:00:00Z" git commit -q -m "Start"

printf '#!/bin/sh\nexport GITHUB_TOKEN=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\n./deploy\n' > deploy.sh
git add deploy.sh
GIT_AUTHOR_DATE="2024-01-11T09:00:00Z" GIT_COMMITTER_DATE="2024-01-11T09:00:00Z" git commit -q -m "Add deploy script"

printf '#!/bin/sh\n: "${GITHUB_TOKEN:?set it in the environment}"\n./deploy\n' > deploy.sh
git add deploy.sh
GIT_AUTHOR_DATE="2024-01-12T09:00:00Z" GIT_COMMITTER_DATE="2024-01-12T09:00:00Z" git commit -q -m "Read the token from the environment"

printf 'export STRIPE_KEY=sk_test_Rk7Vb2Qx9LmZ4pTw8NcY3hJd\n' > .env
git add .env
GIT_AUTHOR_DATE="2024-01-13T09:00:00Z" GIT_COMMITTER_DATE="2024-01-13T09:00:00Z" git commit -q -m "Local env"
git rm -q .env
GIT_AUTHOR_DATE="2024-01-14T09:00:00Z" GIT_COMMITTER_DATE="2024-01-14T09:00:00Z" git commit -q -m "Remove .env"

echo "Built $dir: a GitHub token added in commit 2 and removed in commit 3; a Stripe key added and removed in the last two."
