#!/usr/bin/env bash
# Durability of the outbox across a crash, with the real binary and a real SMTP server:
# reports arrive while the relay is down (the notices wait), the server is killed with -9,
# the relay comes up, the server restarts — every notice arrives exactly once; a further
# restart sends nothing again.
# Usage: scripts/restart-test.sh path/to/bailiff   (needs swaks, curl, python3-aiosmtpd)
set -euo pipefail
bailiff=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp -d)
port=18091
lmtp_port=12435
smtp_port=12535
trap 'kill -9 ${server:-0} ${sink:-0} 2>/dev/null || true; rm -rf "$data"' EXIT
export BAILIFF_LMTP_PORT=$lmtp_port BAILIFF_MAIL_SMTP_HOST=127.0.0.1 BAILIFF_MAIL_SMTP_PORT=$smtp_port BAILIFF_MAIL_SMTP_SECURITY=none \
       BAILIFF_MAIL_ABUSE_ADDRESS=abuse@provider.example

cat >"$data/inventory.csv" <<CSV
record,id,name,customer,service,prefix,label,language,abuse,from
network,,,,,198.51.100.0/24,TEST-NET-2,,,
CSV
for i in 1 2 3 4 5; do
  printf 'customer,C%s,Customer %s,,,,,en,ops%s@customer.example,\nservice,S%s,,C%s,,,vps-%s,,,\nassignment,,,,S%s,198.51.100.%s/32,,,,2024-01-01\n' \
    $i $i $i $i $i $i $i $((i * 10)) >>"$data/inventory.csv"
done
"$bailiff" import inventory --data-dir "$data" "$data/inventory.csv" >/dev/null
# The default policy holds non-urgent notices for an hourly digest; this test wants them at once.
"$bailiff" policy default | sed -e 's/"version": "2026.1"/"version": "2026.1-nodigest"/' -e 's/"digest_hours": 1/"digest_hours": 0/' >"$data/policy.md"
"$bailiff" policy publish --data-dir "$data" --by restart-test "$data/policy.md" >/dev/null

start_server() {
  "$bailiff" serve --data-dir "$data" --port "$port" >>"$data/serve.log" 2>&1 &
  server=$!
  local deadline=$(( $(date +%s) + 60 ))
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "server did not start"; tail -20 "$data/serve.log"; exit 1; }
    sleep 0.2
  done
}
delivered() { ls "$data/maildir/new" 2>/dev/null | wc -l; }

# 1. The relay is down; five reports about five customers arrive.
start_server
for i in 1 2 3 4 5; do
  swaks --protocol LMTP --server 127.0.0.1 --port $lmtp_port --from reporter@example.org --to abuse@provider.example \
    --header "Subject: spam from your network" --body "We received spam from 198.51.100.$((i * 10)) at 2026-03-02 09:00 UTC." \
    --hide-all --timeout 10
done
# Wait until every notice was tried once (and deferred), then kill without warning.
deadline=$(( $(date +%s) + 60 ))
until python3 - "$data/bailiff.sqlite" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM action_intents WHERE action = 'notify' AND attempts >= 1 AND status = 'pending'").fetchone()
sys.exit(0 if rows[0] >= 5 else 1)
PY
do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "the notices were not tried"; tail -20 "$data/serve.log"; exit 1; }
  sleep 0.5
done
kill -9 $server
echo "killed the server with 5 notices waiting for the relay"

# 2. The relay comes up; the server restarts and sends each notice once.
/usr/bin/python3 "$here/smtp-sink.py" --port $smtp_port --maildir "$data/maildir" >"$data/sink.log" 2>&1 &
sink=$!
sleep 1
start_server
deadline=$(( $(date +%s) + 120 ))
until [ "$(delivered)" -ge 5 ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "only $(delivered) of 5 notices arrived"; tail -20 "$data/serve.log"; exit 1; }
  sleep 0.5
done

# 3. A further restart repeats nothing.
kill -9 $server
start_server
sleep 8
count=$(delivered)
ids=$(cat "$data"/maildir/new/* | grep -i '^Message-ID:' | sort | uniq | wc -l)
echo "$count notices in the mailbox, $ids distinct Message-IDs"
[ "$count" -eq 5 ] && [ "$ids" -eq 5 ] || { echo "restart test FAILED: expected 5 notices, each once"; exit 1; }
echo "restart test passed: every waiting notice reached the relay once, across a kill -9 and two restarts"
