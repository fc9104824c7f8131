#!/usr/bin/env bash
# The web desk under load: with CASES cases in the database (default 100,000), wrk on loopback
# against the queue's first page, a case page and /healthz, one after the other in the same run
# (`wrk -t2 -c32 -dDURATION --latency`). /healthz is the framework's floor; the figure that
# matters is the queue's p99 and its ratio to the floor's p99 (aim: p99 < 50 ms on SQLite,
# ratio < 5). A signed-in staff session is made the way a browser does (password, then TOTP).
#
# Usage: bench/web.sh [CASES] [DURATION] [BACKENDS]     defaults: 100000 30s sqlite
# Environment: BENCH_MAX_LOAD / BENCH_MAX_WAIT (see bench/quiet.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/quiet.sh
cases=${1:-100000}
duration=${2:-30s}
backends=${3:-sqlite}
bailiff=.build-bench/release/bailiff
work=$(mktemp -d /tmp/bench-web.XXXXXX)
server=""
trap '[[ -n "$server" ]] && kill $server 2>/dev/null; wait 2>/dev/null || true' EXIT
run() { echo "\$ $*"; "$@"; }

command -v wrk > /dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
run swift build -c release --product bailiff --scratch-path .build-bench > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
lmtp=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

for backend in $backends; do
  data="$work/$backend"
  mkdir -p "$data"
  printf 'lmtp.port = %s\n' "$lmtp" > "$data/bailiff.conf"
  if [[ $backend == postgres ]]; then
    url=$(scripts/start-postgres.sh | tail -1)
    db="bailiff_bench_web_$$"
    psql "$url" -qc "CREATE DATABASE $db" > /dev/null
    printf 'database.url = %s\n' "${url%/*}/$db" >> "$data/bailiff.conf"
  fi
  export BAILIFF_DATA_DIR="$data" BAILIFF_CONFIG="$data/bailiff.conf"
  echo "# backend $backend: $cases cases"
  run $bailiff demo generate --out "$data/inventory.json" > /dev/null
  run $bailiff import inventory "$data/inventory.json" > /dev/null
  run $bailiff demo cases --count "$cases"
  credentials=$($bailiff staff add bench --role agent)
  password=$(sed -n 's/^password: *//p' <<< "$credentials")
  $bailiff serve --port "$port" > "$data/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
  jar="$data/cookies"
  csrf=$(curl -fsS -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode username=bench --data-urlencode "password=$password" "http://127.0.0.1:$port/login"
  csrf=$(curl -fsS -b "$jar" "http://127.0.0.1:$port/login/totp" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "code=$($bailiff staff code bench)" "http://127.0.0.1:$port/login/totp"
  session=$(awk '$6 == "bailiff_session" { print $7 }' "$jar")
  [[ -n "$session" ]] || { echo "could not sign in"; exit 1; }
  case_id=$(( cases / 2 ))
  rows=$(curl -fsS -b "bailiff_session=$session" "http://127.0.0.1:$port/desk" | grep -o "<tr><td><input" | wc -l)
  echo "# the queue's first page shows $rows cases; the case page is /desk/cases/$case_id"
  wait_for_quiet
  for target in "/desk" "/desk/cases/$case_id" "/healthz"; do
    echo "## $target"
    run wrk -t2 -c32 -d"$duration" --latency -H "Cookie: bailiff_session=$session" "http://127.0.0.1:$port$target" | tee "$data/wrk-$(tr '/' '_' <<< "$target").txt"
  done
  queue_p99=$(awk '$1 == "99%" { print $2 }' "$data/wrk-_desk.txt")
  floor_p99=$(awk '$1 == "99%" { print $2 }' "$data/wrk-_healthz.txt")
  python3 - "$queue_p99" "$floor_p99" <<'PY'
import sys
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit): return float(text[: -len(unit)]) * factor
    return float(text)
queue, floor = ms(sys.argv[1]), ms(sys.argv[2])
print(f"# queue p99 {queue:.2f} ms, /healthz p99 {floor:.2f} ms, ratio {queue / floor:.1f}")
PY
  kill $server; wait $server 2>/dev/null || true; server=""
done
