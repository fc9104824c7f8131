#!/usr/bin/env bash
# Starts `bailiff serve --demo` on a fresh data directory, waits for /healthz, and checks the
# README's whois examples against it. Usage: scripts/smoke.sh path/to/bailiff
set -euo pipefail
bailiff=$(realpath "$1")
data=$(mktemp -d)
port=18080
lmtp_port=12424
log="$data/serve.log"
token=smoke-token-0123456789abcdef
BAILIFF_INTAKE_TOKEN=$token BAILIFF_LMTP_PORT=$lmtp_port "$bailiff" serve --demo --data-dir "$data" --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

deadline=$(( $(date +%s) + 60 ))
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
  if [ "$(date +%s)" -gt "$deadline" ] || ! kill -0 $server 2>/dev/null; then
    echo "server did not become healthy; its log:"; cat "$log"; exit 1
  fi
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/healthz"; echo
curl -sf "http://127.0.0.1:$port/metrics" | grep -q '^bailiff_attribution_prefixes'

expect() {  # expect "<what whois must print>" whois-arguments...
  local wanted=$1; shift
  local got
  got=$("$bailiff" whois --data-dir "$data" "$@" 2>/dev/null)
  if ! grep -qF -- "$wanted" <<<"$got"; then
    echo "whois $* did not say '$wanted'; it said:"; echo "$got"; exit 1
  fi
  echo "ok: whois $* → $wanted"
}
expect "service:    demo-old" 198.51.100.10 --at 2025-02-28T23:59:59Z
expect "service:    demo-new" 198.51.100.10 --at 2025-03-01T00:00:00Z
expect "service:    demo-old" 2001:db8:100::1 --at 2024-06-01
expect "service:    demo-new" 2001:db8:100::1 --at 2025-06-01
expect "service:    demo-tenant" 203.0.113.45 --at 2023-06-01
expect "service:    demo-dedicated" 203.0.113.45 --at 2025-06-01
expect "answer:     not-ours" 8.8.8.8
expect "answer:     provider-infrastructure" 198.18.0.25
expect '"answer": "service"' 198.51.100.10 --json
# Bad input: a broken inventory file is rejected whole, with its lines, and changes nothing.
bad="$data/bad.csv"
printf 'record,service,prefix,from\nassignment,demo-new,198.51.100.0/33,2025-01-01\nassignment,S404,198.51.100.64/26,2025-01-01\nassignment,demo-new,192.168.7.0/24,2025-01-01\n' >"$bad"
if "$bailiff" import inventory "$bad" --data-dir "$data" 2>"$data/bad.err"; then
  echo "a bad inventory file was accepted"; exit 1
fi
for wanted in "line 2:" "line 3:" "line 4:" "nothing was changed"; do
  grep -qF "$wanted" "$data/bad.err" || { echo "the rejection does not say '$wanted':"; cat "$data/bad.err"; exit 1; }
done
curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"inventoryRevision":1' || { echo "a rejected import changed the inventory"; exit 1; }
echo "ok: a bad inventory file is rejected whole with every bad line"
if "$bailiff" whois 1.2.3.04 --data-dir "$data" 2>"$data/whois.err"; then echo "whois accepted 1.2.3.04"; exit 1; fi
grep -q "leading zeros" "$data/whois.err" || { echo "whois did not explain the rejection:"; cat "$data/whois.err"; exit 1; }
echo "ok: whois rejects a malformed address with a reason"

# Mail intake: an MTA client delivers one report over LMTP and gets 250.
if command -v swaks >/dev/null 2>&1; then
  swaks --protocol LMTP --server 127.0.0.1 --port "$lmtp_port" --from reporter@example.org --to abuse@provider.example \
    --header "Subject: spam from 198.18.1.77" --body "198.18.1.77 sent us spam" --hide-all
  curl -sf "http://127.0.0.1:$port/metrics" | grep -q '^bailiff_lmtp_messages_stored_total 1' || { echo "the LMTP delivery was not stored"; exit 1; }
  echo "ok: a report delivered over LMTP was stored"
  # … parsed, attributed to the demo service holding 198.18.1.77, and made a case under the policy.
  # (The demo's own complaints open cases too: look for this service's. Lists are read into a
  # variable before grep, so that grep -q stopping early cannot fail the pipeline.)
  service=$("$bailiff" whois 198.18.1.77 --json --data-dir "$data" | python3 -c 'import json, sys; print(json.load(sys.stdin)["service"]["id"])')
  deadline=$(( $(date +%s) + 30 ))
  while :; do
    listed=$("$bailiff" cases list --category spam --data-dir "$data" 2>/dev/null || true)
    line=$(grep "service $service	" <<< "$listed" || true)
    grep -q "clause spam.*policy 2026.1" <<< "$line" && break
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "no spam case was opened for $service; cases:"; echo "$listed"; cat "$log"; exit 1; fi
    sleep 0.5
  done
  grep -q "awaiting-customer" <<< "$line" || { echo "a lone low-trust report should only notify: $line"; exit 1; }
  echo "ok: the report opened a spam case citing clause spam of policy 2026.1"
  # The notice its customer would get, and the templates it is written from.
  case_id=$(sed 's/^#\([0-9]*\).*/\1/' <<< "$line")
  "$bailiff" notices preview --data-dir "$data" "$case_id" | grep -q "Acceptable Use Policy, clause" || { echo "notices preview did not show the notice"; exit 1; }
  "$bailiff" notices check --data-dir "$data" | grep -q "^ok  notice.de$" || { echo "notices check did not read the templates"; exit 1; }
  echo "ok: notices preview shows the customer's notice; notices check reads the templates"
  "$bailiff" audit anchor --data-dir "$data" >/dev/null
  "$bailiff" audit verify --data-dir "$data" | grep -q "^intact" || { echo "the audit log does not verify"; exit 1; }
  echo "ok: the audit log verifies against its anchors"
fi

# The pipe, handing the message to the server over HTTP as Postfix would run it.
sha=$(printf 'From r@example.org Mon Jan  1 00:00:00 2025\nSubject: scan from 198.18.1.80\n\nscan\n' \
  | SENDER=r@example.org RECIPIENT=abuse+c5@provider.example BAILIFF_INTAKE_SERVER_URL="http://127.0.0.1:$port" \
    BAILIFF_INTAKE_TOKEN=$token "$bailiff" ingest --data-dir "$data")
[ -n "${sha#stored }" ] || { echo "bailiff ingest did not store through the server"; exit 1; }
echo "ok: bailiff ingest handed a message to the server ($sha)"
status=0
printf 'Subject: y\n\nz\n' | BAILIFF_INTAKE_SERVER_URL="http://127.0.0.1:$port" BAILIFF_INTAKE_TOKEN=wrong-token-0123456789 \
  "$bailiff" ingest --data-dir "$data" 2>/dev/null || status=$?
[ "$status" = 75 ] || { echo "a wrong token should defer the mail (75), got $status"; exit 1; }
echo "ok: a wrong token defers the mail with exit status 75"

echo "smoke test passed"
