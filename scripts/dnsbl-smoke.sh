#!/usr/bin/env bash
# The blocklist demo with the real binary: rbldnsd (Debian) serves a list with planted listings
# of the demo provider's addresses; `bailiff serve --demo` runs; `bailiff dnsbl sweep` finds them.
# Checks that the customer's address opens a delisting case (notice, port 25 closed), that the
# provider's mail relay and a listed range open provider cases, that a later sweep sees the
# delisting, and that the fee (50 € + 50 € per started hour) is exported after logged time.
# Usage: scripts/dnsbl-smoke.sh path/to/bailiff
set -euo pipefail
bailiff=$(realpath "$1")
data=$(mktemp -d)
chmod 755 "$data"
port=18083
dns_port=15399
log="$data/serve.log"

cat >"$data/demo.ip4" <<'EOF'
:127.0.0.2:Spam source, see https://bl.demo.test/lookup?ip=$
127.0.0.2
198.51.100.10
198.18.0.25
203.0.113.77 :127.0.0.20:Range listed for spam
EOF
chmod 644 "$data/demo.ip4"
cat >"$data/lists.json" <<EOF
[{"name": "demo", "zone": "demo.bl", "ipv4": true, "ipv6": false,
  "codes": [{"code": "127.0.0.2", "class": "abuse", "meaning": "spam source"},
            {"code": "127.0.0.10", "class": "policy", "meaning": "dynamic range"},
            {"code": "127.0.0.20", "class": "neighbourhood", "meaning": "the range is listed"}],
  "delist_url": "https://bl.demo.test/remove"}]
EOF

/usr/sbin/rbldnsd -n -b "127.0.0.1/$dns_port" -w "$data" demo.bl:ip4set:demo.ip4 >"$data/rbldnsd.log" 2>&1 &
rbldnsd=$!
export BAILIFF_DNSBL_LISTS_FILE="$data/lists.json" BAILIFF_DNSBL_SERVER="127.0.0.1:$dns_port" BAILIFF_LMTP_ENABLED=false
"$bailiff" serve --demo --data-dir "$data" --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server $rbldnsd 2>/dev/null || true; wait $server $rbldnsd 2>/dev/null || true; rm -rf "$data"' EXIT

deadline=$(( $(date +%s) + 60 ))
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && grep -q "zones reloaded" "$data/rbldnsd.log"; do
  if [ "$(date +%s)" -gt "$deadline" ] || ! kill -0 $server 2>/dev/null; then
    echo "server or rbldnsd did not start; logs:"; cat "$log" "$data/rbldnsd.log"; exit 1
  fi
  sleep 0.2
done

fail() { echo "$1"; echo "--- server log"; tail -30 "$log"; exit 1; }
addresses=(198.51.100.10 198.18.0.25 203.0.113.77 198.51.100.11)
sweep=$("$bailiff" dnsbl sweep --data-dir "$data" --json "${addresses[@]}")
echo "$sweep"
grep -q '"listed": 3' <<<"$sweep" || fail "the sweep did not find the three planted listings"
grep -q '"customer_listings": 1' <<<"$sweep" || fail "the customer's listing was not reported"
grep -q '"provider_cases": \[[0-9]*, [0-9]*\]' <<<"$sweep" || fail "the relay and the range did not open two provider cases"

# The running server turns the sensor report into the customer's delisting case.
deadline=$(( $(date +%s) + 30 ))
until "$bailiff" cases list --data-dir "$data" --category blocklisted --json | grep -q '"service": "demo-new"'; do
  [ "$(date +%s)" -gt "$deadline" ] && fail "no delisting case for demo-new"
  sleep 0.5
done
cases=$("$bailiff" cases list --data-dir "$data" --category blocklisted --json)
echo "$cases"
case_id=$(grep '"service": "demo-new"' <<<"$cases" | sed -E 's/.*"id": ([0-9]+).*/\1/')
[ "$(grep -c '"service": "the provider"' <<<"$cases")" = 2 ] || fail "expected two provider cases"
shown=$("$bailiff" cases show "$case_id" --data-dir "$data")
grep -q "close-port-25" <<<"$shown" || fail "the delisting case does not close port 25: $shown"
grep -q "notify" <<<"$shown" || fail "the delisting case does not notify"
echo "ok: case $case_id for demo-new (notice, port 25 closed) and two provider cases"

# Delisted: the list drops the address, the next sweep notices and notes it on the case.
sed -i '/^198.51.100.10$/d' "$data/demo.ip4"
touch -d '+10 seconds' "$data/demo.ip4"
kill -HUP $rbldnsd
deadline=$(( $(date +%s) + 10 ))
until [ "$(grep -c 'zones reloaded' "$data/rbldnsd.log")" -ge 2 ]; do [ "$(date +%s)" -gt "$deadline" ] && fail "rbldnsd did not reload"; sleep 0.1; done
again=$("$bailiff" dnsbl sweep --data-dir "$data" --json "${addresses[@]}")
grep -q '"delisted": 1' <<<"$again" || fail "the next sweep did not see the delisting: $again"
"$bailiff" dnsbl listings --data-dir "$data" 198.51.100.10 | grep -q "demo-new" || fail "the history of 198.51.100.10 lacks the listing"
"$bailiff" cases show "$case_id" --data-dir "$data" | grep -q "no longer listed on demo" || fail "the delisting is not on the case"
echo "ok: the delisting is seen by the next sweep and noted on case $case_id"

# 61 minutes of staff time: 50 € + 2 started hours × 50 € = 150.00 EUR, exported for billing.
"$bailiff" cases log-time "$case_id" 61 --by alice --note "delisting request and follow-up" --data-dir "$data"
"$bailiff" cases resolve "$case_id" --by alice --statement "the customer removed the compromised mailer and the list delisted it" --data-dir "$data"
charges=$("$bailiff" charges export --since 2000-01-01 --data-dir "$data")
grep -q "delisting,150.00,EUR,true" <<<"$charges" || fail "no 150.00 EUR delisting charge: $charges"
echo "ok: resolving case $case_id exported 150.00 EUR"
