#!/usr/bin/env bash
# Runs scripts/browser-test.py against a fresh `bailiff serve --demo` (needs chromium,
# chromium-driver and python3-selenium or `pip install selenium`).
# Usage: scripts/browser-test.sh [path/to/bailiff] [screenshot-dir]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bailiff="${1:-$here/.build/debug/bailiff}"
shots="${2:-$(mktemp -d)/screenshots}"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
lmtp="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'lmtp.port = %s\n' "$lmtp" > "$work/bailiff.conf"
BAILIFF_DATA_DIR="$work/data" BAILIFF_CONFIG="$work/bailiff.conf" "$bailiff" serve --demo --port "$port" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  if grep -q 'Reseller portal' "$work/serve.out" 2>/dev/null && curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then break; fi
  if ! kill -0 $server 2>/dev/null; then echo "the server exited:"; cat "$work/serve.err"; exit 1; fi
  sleep 0.5
done
echo "server on port $port; screenshots in $shots"
python=python3
/usr/bin/python3 -c 'import selenium' > /dev/null 2>&1 && python=/usr/bin/python3
timeout 300 "$python" "$here/scripts/browser-test.py" "http://127.0.0.1:$port" "$work/serve.out" "$shots"
