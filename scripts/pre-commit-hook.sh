#!/bin/sh
# Entry of the pre-commit hook (.pre-commit-hooks.yaml): scans what `git commit` will record (the
# index) with the checkout's .tokenscope.yaml allow-list. pre-commit runs it from its own clone of
# the tokenscope repository, so no jar needs downloading by hand: the first run builds
# target/tokenscope.jar there with Maven (Java 17 and mvn needed), later runs reuse it. A
# `tokenscope` on the PATH wins.
#
# Exit: 0 nothing at or above the threshold, 1 credentials found, 2 tokenscope could not check.
set -u
here=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
if command -v tokenscope >/dev/null 2>&1; then
  set -- tokenscope "$@"
else
  jar="${TOKENSCOPE_JAR:-$here/target/tokenscope.jar}"
  if [ ! -f "$jar" ]; then
    if ! command -v mvn >/dev/null 2>&1; then
      echo "tokenscope hook: no $jar and no mvn to build it: install Maven and Java 17, or put tokenscope on the PATH" >&2
      exit 2
    fi
    echo "tokenscope hook: building tokenscope once (mvn package in $here)" >&2
    (cd "$here" && mvn -B -q -DskipTests package >&2) || {
      echo "tokenscope hook: the build failed (above)" >&2
      exit 2
    }
  fi
  if [ -x "$here/bin/tokenscope" ]; then
    export TOKENSCOPE_JAR="$jar"
    set -- "$here/bin/tokenscope" "$@"
  else
    set -- java -jar "$jar" "$@"
  fi
fi
"$@"
code=$?
if [ "$code" -eq 1 ]; then
  echo "tokenscope hook: credentials in the staged changes (above): remove them, or allow-list fixtures in .tokenscope.yaml" >&2
elif [ "$code" -ne 0 ]; then
  echo "tokenscope hook: could not check the staged changes (exit $code, error above)" >&2
fi
exit "$code"
