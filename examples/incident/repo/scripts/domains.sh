#!/usr/bin/env sh
# Adds or removes a custom domain on the shop's web service through Railway's GraphQL API.
# Usage: scripts/domains.sh add|remove DOMAIN
set -eu
. "$(dirname "$0")/../deploy/domains.env"
action="$1"; domain="$2"
case "$action" in
  add) query='mutation customDomainCreate($input: CustomDomainCreateInput!) { customDomainCreate(input: $input) { id } }' ;;
  remove) query='mutation customDomainDelete($id: String!) { customDomainDelete(id: $id) }' ;;
  *) echo "usage: $0 add|remove DOMAIN" >&2; exit 2 ;;
esac
curl -sS https://backboard.railway.com/graphql/v2 \
  -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' \
  --data "{\"query\": \"$query\", \"variables\": {\"input\": {\"domain\": \"$domain\", \"projectId\": \"$RAILWAY_PROJECT_ID\"}}}"
