#!/usr/bin/env bash
# Builds a 41-repository fleet (40 small generated repositories and a local clone of a big real
# one) and scans it twice: in one process, then as 4 concurrent shards (--shard i/4, balanced by
# size). Prints wall time and peak RSS (GNU time's "Maximum resident set size") of each.
#
#   mvn -B -q package -DskipTests          # builds target/tokenscope.jar
#   scripts/bench/fleet.sh [WORKDIR] [BIG_REPO]
#
# BIG_REPO defaults to the netty mirror used here (/work/.mirror/netty+netty/repo); any local git
# repository (or URL) works. Each shard writes its own embedded store, so the figures are the
# scan's, not a database's. The generated tokens are fake AWS access key ids built at run time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/tokenscope-fleet}"
BIG="${2:-/work/.mirror/netty+netty/repo}"
JAR="${TOKENSCOPE_JAR:-$ROOT/target/tokenscope.jar}"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }

mkdir -p "$WORK/repos"
if [ ! -f "$WORK/repos.txt" ]; then
  : >"$WORK/repos.txt.tmp"
  for i in $(seq -w 1 40); do
    r="$WORK/repos/service-$i"
    rm -rf "$r" && git init -q -b main "$r"
    for c in 1 2 3 4 5; do
      mkdir -p "$r/src" "$r/config"
      seq 1 $((200 * c)) | sed "s/^/line $c of service $i: /" >"$r/src/module$c.txt"
      if [ "$c" = 3 ]; then
        # a fake, well-formed AWS access key id, different per repository
        key="AKIA$(printf '%s' "service-$i" | sha256sum | tr -dc 'A-Z2-7' | head -c 16)"
        while [ ${#key} -lt 20 ]; do key="${key}Q"; done
        echo "AWS_ACCESS_KEY_ID=$key" >"$r/config/app.env"
      fi
      git -C "$r" add -A
      git -C "$r" -c user.name=bench -c user.email=bench@example.com commit -q -m "change $c"
    done
    echo "$r" >>"$WORK/repos.txt.tmp"
  done
  git clone -q --bare "$BIG" "$WORK/repos/big.git"
  echo "$WORK/repos/big.git" >>"$WORK/repos.txt.tmp"
  mv "$WORK/repos.txt.tmp" "$WORK/repos.txt"
fi

measure() { # NAME ARGS... : runs the scan under GNU time, prints "NAME wall_s peak_rss_MB exit"
  local name="$1"; shift
  local log="$WORK/$name.time"
  set +e
  /usr/bin/time -v java $JAVA_OPTS -jar "$JAR" scan --repos "$WORK/repos.txt" --quiet \
    --format json -o "$WORK/$name.json" "$@" 2>"$log"
  local code=$?
  set -e
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{printf "%.0f", $NF/1024}')
  echo "$name wall=$wall peak_rss_MB=$rss exit=$code findings=$(grep -o '"fingerprint"' "$WORK/$name.json" | wc -l)"
}

rm -rf "$WORK/stores"
echo "# single process"
measure single --store "jdbc:h2:file:$WORK/stores/single/history" --run bench-single
echo "# 4 shards, concurrently"
start=$(date +%s.%N)
for i in 0 1 2 3; do
  measure "shard-$i" --shard "$i/4" --store "jdbc:h2:file:$WORK/stores/shard-$i/history" --run bench-shards &
done
wait
end=$(date +%s.%N)
echo "4 shards wall (until the last finished): $(echo "$end - $start" | bc) s"
