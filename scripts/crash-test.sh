#!/usr/bin/env bash
# Durability under a crash: deliver a stream of messages over LMTP from several clients, kill -9
# the server in the middle, and check that every message that was answered 250 is in the store.
# Usage: scripts/crash-test.sh path/to/bailiff   (needs swaks and python3)
set -euo pipefail
bailiff=$(realpath "$1")
data=$(mktemp -d)
port=18081
lmtp_port=12425
trap 'kill -9 ${server:-0} 2>/dev/null || true; rm -rf "$data"' EXIT

BAILIFF_LMTP_PORT=$lmtp_port "$bailiff" serve --data-dir "$data" --port "$port" >"$data/serve.log" 2>&1 &
server=$!
deadline=$(( $(date +%s) + 60 ))
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "server did not start"; cat "$data/serve.log"; exit 1; }
  sleep 0.2
done

client() {  # client N: deliver messages N-0, N-1, … until the server is gone; log those answered 250
  local n=$1 i=0
  while [ $i -lt 400 ]; do
    if swaks --protocol LMTP --server 127.0.0.1 --port $lmtp_port --from r@example.org --to abuse@provider.example \
        --header "Subject: crash-test-$n-$i" \
        --body "report $n $i from 198.51.100.$((i % 250))" --hide-all --timeout 5 2>/dev/null; then
      echo "crash-test-$n-$i" >>"$data/accepted-$n"
    else
      [ -e "$data/killed" ] && return 0
    fi
    i=$((i + 1))
  done
}
for n in 1 2 3 4; do client $n & done

# Let the stream run, then kill the server without warning.
until [ "$(cat "$data"/accepted-* 2>/dev/null | wc -l)" -ge 40 ]; do sleep 0.1; done
kill -9 $server
touch "$data/killed"
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true

accepted=$(cat "$data"/accepted-* | sort -u)
count=$(echo "$accepted" | wc -l)
python3 - "$data/bailiff.sqlite" "$count" <<PY
import sqlite3, sys
path, expected = sys.argv[1], int(sys.argv[2])
import re
stored = set()
for (content,) in sqlite3.connect(path).execute("SELECT content FROM raw_messages"):
    found = re.search(rb"^Subject: (crash-test-[0-9]+-[0-9]+)\r?$", bytes(content), re.M)
    if found: stored.add(found.group(1).decode())
accepted = """$accepted""".split()
missing = [m for m in accepted if m not in stored]
print(f"{len(accepted)} messages were answered 250 before the kill; {len(stored)} are in the store")
if missing:
    print("LOST after a 250:", missing[:10]); sys.exit(1)
print("crash test passed: nothing answered 250 was lost")
PY
