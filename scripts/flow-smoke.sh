#!/usr/bin/env bash
# The flow collector inside the real server: `bailiff serve --demo` with flows.listen, softflowd's
# NetFlow v9 export of scripts/flow-pcaps.py's traffic replayed to it, and the cases that must
# (and must not) follow. In the demo inventory 203.0.113.0/24 is a dedicated server's; the test
# traffic's patterns and look-alikes all live there, the IPv6 scan in demo-new's 2001:db8:100::/48.
# Usage: scripts/flow-smoke.sh BAILIFF_BINARY
set -euo pipefail
bailiff=$(realpath "$1")
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/bailiff-flow-smoke.XXXXXX)
port=$((30000 + RANDOM % 20000)); http=$((30000 + RANDOM % 20000)); capture=$((30000 + RANDOM % 20000))
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
printf '[flows]\nlisten = 127.0.0.1:%s\n' "$port" >"$work/bailiff.conf"

python3 scripts/flow-pcaps.py "$work" >/dev/null
python3 scripts/udp-capture.py "127.0.0.1:$capture" "$work/export.dgrams" 2 >"$work/capture.out" &
until grep -q ready "$work/capture.out" 2>/dev/null; do sleep 0.1; done
softflowd -a -6 -r "$work/all.pcap" -n "127.0.0.1:$capture" -v 9 -d >/dev/null 2>&1
wait %1

"$bailiff" serve --demo --data-dir "$work" --port "$http" >"$work/serve.log" 2>&1 &
for _ in $(seq 1 300); do grep -q "collecting flows" "$work/serve.log" && break; sleep 0.2; done
grep -q "collecting flows" "$work/serve.log" || { cat "$work/serve.log"; echo "the server did not start its flow listener"; exit 1; }
python3 scripts/udp-replay.py "$work/export.dgrams" "127.0.0.1:$port" 2000 >/dev/null

expected="attack-target irc network-attack scanning scanning spam"
for _ in $(seq 1 60); do
  # Only the cases of the two services the test traffic lives in: the demo's own complaints open others.
  found=$("$bailiff" cases list --data-dir "$work" 2>/dev/null | awk '$5 == "demo-dedicated" || $5 == "demo-new" { print $3 }' | sort | xargs)
  [ "$found" = "$expected" ] && break
  sleep 1
done
"$bailiff" cases list --data-dir "$work"
if [ "$found" != "$expected" ]; then echo "cases: '$found', expected '$expected'"; exit 1; fi
curl -fsS "http://127.0.0.1:$http/metrics" | grep -E "^bailiff_flow_(records|detections|malformed)_total" || true
echo "flow smoke: the replayed capture opened exactly the expected cases"
