#!/usr/bin/env bash
# Publishes a release (FAKE token, for the tokenscope example).
set -euo pipefail
export GITHUB_TOKEN=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
curl -s -H "Authorization: token ${GITHUB_TOKEN}" https://api.github.com/repos/acme/app/releases
