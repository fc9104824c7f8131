#!/usr/bin/env bash
# End-to-end intake over LMTP against `bailiff serve --demo` (release build): for a fixed time,
# parallel LMTP sessions deliver mail; the script counts what was answered 250 (stored and
# committed), then waits until every stored message is parsed (parse_status neither 'pending' nor
# 'processing', the processor's claim), which
# for a report means recognised, attributed against the demo inventory and its events saved.
#
# Two drivers, each against a fresh server and a fresh database:
#   smtp-source  Postfix's load generator: smtp-source -L -s SESSIONS -d -m ... Its generated
#                messages are unique (Message-Id counter, Date) but are not abuse reports, so this
#                measures LMTP + store + parse of a plain mail (no events).
#   arf          bench/intake_lmtp_client.py: the same LMTP dialogue (no pipelining, one
#                connection per session, message after message), each message a unique ARF report
#                whose Source-IP is a demo service address: one attributed event per message.
#                (smtp-source -F sends the same bytes each time, which the store keeps once.)
#
# Usage: bench/intake.sh [SECONDS] [BACKENDS] [DRIVERS]
#   SECONDS   length of the sending window (default 60)
#   BACKENDS  "sqlite", "postgres" or "sqlite postgres" (default sqlite)
#   DRIVERS   "smtp-source arf" (default), or one of them
# Environment: SESSIONS (default 8); PERF=1 records `perf` on the server for 10 s in the window;
#   BENCH_MAX_LOAD (0.6) / BENCH_MAX_WAIT (1500 s): wait for a quiet machine before each window.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
backends=${2:-sqlite}
drivers=${3:-smtp-source arf}
sessions=${SESSIONS:-8}
bailiff=.build-bench/release/bailiff
work=$(mktemp -d /tmp/bench-intake.XXXXXX)
server_pid=""
pg_db=""

run() { echo "\$ $*"; "$@"; }

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  if command -v postfix >/dev/null && postfix status >/dev/null 2>&1; then postfix stop >/dev/null 2>&1 || true; fi
  if [[ -n "$pg_db" ]]; then su postgres -c "dropdb --if-exists $pg_db" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

source bench/quiet.sh  # (the script has cd-ed to the repository root)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- smtp-source (Debian's postfix package), without leaving a Postfix daemon running -------------
if [[ ! -x /usr/sbin/smtp-source ]]; then
  made_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; fi
  run apt-get update -qq
  DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq postfix >/dev/null
  [[ -n "$made_policy" ]] && rm -f /usr/sbin/policy-rc.d
fi
if postfix status >/dev/null 2>&1; then run postfix stop; fi

echo "\$ swift build -c release --product bailiff --scratch-path .build-bench"
swift build -c release --product bailiff --scratch-path .build-bench 2>&1 | grep -E "error|Build" || true

# --- one measurement ------------------------------------------------------------------------------
query() {  # query SQL: one value or rows "a|b"
  if [[ "$backend" == sqlite ]]; then
    python3 - "$data/bailiff.sqlite" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
for row in db.execute(sys.argv[2]):
    print("|".join(str(v) for v in row))
PY
  else
    su postgres -c "psql -d $pg_db -Atc \"$1\""
  fi
}

measure() {  # measure BACKEND DRIVER
  backend=$1; driver=$2
  data="$work/$backend-$driver"; mkdir -p "$data"
  local lmtp http env=()
  lmtp=$(free_port); http=$(free_port)
  while [[ "$http" == "$lmtp" ]]; do http=$(free_port); done
  if [[ "$backend" == postgres ]]; then
    local url; url=$(scripts/start-postgres.sh)
    pg_db="bailiff_intake_$$_${driver//-/_}"
    su postgres -c "createdb -O bailiff $pg_db"
    env=(BAILIFF_DATABASE_URL="${url%/bailiff?*}/$pg_db?tlsmode=disable")
  fi
  echo
  echo "## $backend, $driver, $seconds s, $sessions sessions"
  echo "\$ env ${env[*]} BAILIFF_LMTP_PORT=$lmtp $bailiff serve --data-dir $data --port $http --demo"
  env "${env[@]}" BAILIFF_LMTP_PORT="$lmtp" BAILIFF_LOG_LEVEL=warning "$bailiff" serve --data-dir "$data" --port "$http" --demo >"$data/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$lmtp") 2>/dev/null; then break; fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
    sleep 0.1
  done
  wait_for_quiet

  local t0 t1 t2 stored1 processed1 stored2 deliveries status
  local perf_pid=""
  if [[ "${PERF:-0}" == 1 ]]; then
    (sleep $(( seconds > 20 ? 10 : 1 )); perf record -F 499 -g -p "$server_pid" -o "$work/perf-$backend-$driver.data" -- sleep 10 >/dev/null 2>&1) &
    perf_pid=$!
  fi
  t0=$(date +%s.%N)
  case "$driver" in
    smtp-source)
      echo "\$ timeout -s TERM $seconds /usr/sbin/smtp-source -L -s $sessions -d -m 100000000 -f fbl@mailbox.example -t abuse@provider.example -S complaint 127.0.0.1:$lmtp"
      status=0
      timeout -s TERM "$seconds" /usr/sbin/smtp-source -L -s "$sessions" -d -m 100000000 -f fbl@mailbox.example -t abuse@provider.example \
        -S complaint "127.0.0.1:$lmtp" >"$data/driver.txt" 2>&1 || status=$?
      [[ $status == 124 ]] || { echo "smtp-source ended early (status $status):"; cat "$data/driver.txt"; }
      ;;
    arf)
      echo "\$ python3 bench/intake_lmtp_client.py 127.0.0.1 $lmtp $seconds $sessions"
      python3 bench/intake_lmtp_client.py 127.0.0.1 "$lmtp" "$seconds" "$sessions" | tee "$data/driver.txt"
      ;;
  esac
  t1=$(date +%s.%N)
  stored1=$(query "SELECT count(*) FROM raw_messages")
  processed1=$(query "SELECT count(*) FROM raw_messages WHERE parse_status NOT IN ('pending', 'processing')")
  # Then wait until nothing is pending or claimed by the processor (at most 30 minutes).
  for _ in $(seq 1 3600); do
    [[ $(query "SELECT count(*) FROM raw_messages WHERE parse_status IN ('pending', 'processing')") == 0 ]] && break
    sleep 0.5
  done
  t2=$(date +%s.%N)
  stored2=$(query "SELECT count(*) FROM raw_messages")
  deliveries=$(query "SELECT count(*) FROM deliveries")
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "parse status:        $(query "SELECT parse_status || ' ' || count(*) FROM raw_messages GROUP BY parse_status" | tr '\n' ';')"
  echo "events by attribution: $(query "SELECT attribution || ' ' || count(*) FROM report_events GROUP BY attribution" | tr '\n' ';')"
  awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v s1="$stored1" -v p1="$processed1" -v s2="$stored2" -v d="$deliveries" -v b="$backend" -v dr="$driver" 'BEGIN {
    w = t1 - t0; all = t2 - t0
    printf "window %.1f s: stored (answered 250) %d messages, %d deliveries -> %.0f reports/s stored\n", w, s1, d, s1 / w
    printf "parsed by the end of the window: %d (%.0f/s)\n", p1, p1 / w
    printf "all %d parsed %.1f s after the start -> %.0f reports/s fully processed\n", s2, all, s2 / all
    printf "RESULT %s %s stored_per_s=%.0f processed_per_s=%.0f drain_after_window_s=%.1f\n", b, dr, s1 / w, s2 / all, t2 - t1 }'
  if [[ "${PERF:-0}" == 1 ]]; then
    wait "$perf_pid"
    perf report -i "$work/perf-$backend-$driver.data" --no-children --sort dso,symbol --percent-limit 1.5 --stdio 2>/dev/null \
      | grep -E '^ +[0-9]' | head -40 > "/tmp/bailiff-intake-perf-$backend-$driver.txt" || true
    echo "# perf top symbols written to /tmp/bailiff-intake-perf-$backend-$driver.txt"
  fi
  stop_server
  if [[ "$backend" == postgres ]]; then su postgres -c "dropdb --if-exists $pg_db"; pg_db=""; fi
}

for backend in $backends; do
  for driver in $drivers; do measure "$backend" "$driver"; done
done
