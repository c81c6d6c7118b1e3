#!/usr/bin/env bash
# Checks the HTML report in a real headless browser: installs Debian's chromium when missing,
# runs the browser tests (sorting on load and on a click), and renders a sample report to a
# screenshot you can look at.
#
#   scripts/check-html-report.sh            # needs root (or sudo) for apt-get when chromium is missing
#   CHROMIUM=/path/to/chromium scripts/check-html-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "check-html-report: installing chromium (Debian package)" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi
export CHROMIUM

mvn -B -q test -Dtest='HtmlReportBrowserTest,HtmlReportTest' -Dsurefire.failIfNoSpecifiedTests=false
if grep -q 'skipped="[1-9]' target/surefire-reports/TEST-dev.tokenscope.report.HtmlReportBrowserTest.xml; then
  echo "check-html-report: the browser test was skipped: no chromium at $CHROMIUM" >&2
  exit 1
fi

# A sample report from the test fixtures folder, and a screenshot of it.
mvn -B -q -DskipTests package
out="$(mktemp -d)"
printf 'AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n' > "$out/app.env"
java -jar target/tokenscope.jar scan "$out/app.env" --format html -o "$out/report.html" || true
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$out/profile" --window-size=1280,800 --screenshot="$out/report.png" "file://$out/report.html" 2>/dev/null
echo "check-html-report: browser tests passed; sample report $out/report.html, screenshot $out/report.png"
