#!/usr/bin/env bash
# Flow collector throughput: a large NetFlow v9 export (bench/flow_datagrams.py) replayed on
# loopback to nfcapd (decode and store only) and to `bailiff collect` (decode and every
# detector), one after the other, the same datagrams at the same pace. Reports flows per
# CPU-second of each collector process, their ratio, and the flows each lost (sent minus decoded;
# Bailiff also counts gaps in the sequence numbers).
#
# Usage: bench/flows.sh [FLOWS] [PACES]
#   FLOWS  flows in the export (default 3000000; 30 a datagram)
#   PACES  datagrams per second to replay at, space-separated; 0 = as fast as the sender goes
#          (default "33334 0": 1 million flows a second, then flat out)
# Both collectors get a 32 MiB socket buffer (nfcapd -B; Bailiff asks for it, and net.core.rmem_max
# is raised to allow it when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/quiet.sh
flows=${1:-3000000}
paces=${2:-33334 0}
bailiff=.build-bench/release/bailiff
work=$(mktemp -d /tmp/bench-flows.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

run() { echo "\$ $*"; "$@"; }
[ -x "$bailiff" ] || run swift build -c release --product bailiff --scratch-path .build-bench
command -v nfcapd >/dev/null || { echo "nfcapd is not installed (apt-get install nfdump)"; exit 1; }
if [ "$(id -u)" = 0 ]; then sysctl -qw net.core.rmem_max=33554432; fi

run python3 bench/flow_datagrams.py "$work/export.dgrams" "$flows"
cpu_seconds() { awk '{ printf "%.3f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

echo "| pace (datagrams/s) | collector | flows decoded | lost | wall s | CPU s | flows per CPU-second |"
echo "|---|---|---|---|---|---|---|"
for pace in $paces; do
  wait_for_quiet >&2
  # nfcapd: decode and store.
  port=$((20000 + RANDOM % 20000))
  mkdir -p "$work/nfcapd"; rm -f "$work/nfcapd"/*
  nfcapd -w "$work/nfcapd" -p "$port" -b 127.0.0.1 -B 33554432 >"$work/nfcapd.log" 2>&1 &
  pid=$!
  until grep -q Startup "$work/nfcapd.log" 2>/dev/null; do sleep 0.05; done
  start=$(date +%s.%N)
  python3 scripts/udp-replay.py "$work/export.dgrams" "127.0.0.1:$port" "$pace" >/dev/null
  sleep 2  # drain what is queued in the socket
  cpu=$(cpu_seconds $pid); wall=$(echo "$(date +%s.%N) - $start - 2" | bc)
  kill -INT $pid; wait $pid || true
  decoded=$(grep -o "Flows: [0-9]*" "$work/nfcapd.log" | tail -1 | cut -d' ' -f2)
  nf_rate=$(echo "$decoded / $cpu" | bc)
  echo "| $pace | nfcapd | $decoded | $((flows - decoded)) | $(printf %.2f "$wall") | $cpu | $nf_rate |"

  # Bailiff: decode and detect (all detectors on; the provider space of the export).
  port=$((20000 + RANDOM % 20000))
  "$bailiff" collect --data-dir "$work/data" --listen "127.0.0.1:$port" --idle-exit 2 \
    --networks 203.0.113.0/24 --networks 198.51.100.0/24 --networks 100.64.0.0/12 >"$work/bailiff.out" 2>"$work/bailiff.err" &
  pid=$!
  until grep -q "collecting flows" "$work/bailiff.err" 2>/dev/null; do sleep 0.05; done
  start=$(date +%s.%N)
  python3 scripts/udp-replay.py "$work/export.dgrams" "127.0.0.1:$port" "$pace" >/dev/null
  wait $pid
  wall=$(echo "$(date +%s.%N) - $start - 2" | bc)
  line=$(grep "^datagrams=" "$work/bailiff.out")
  get() { echo "$line" | grep -oE "(^| )$1=[0-9.]+" | cut -d= -f2; }
  decoded=$(get flows); cpu=$(get cpu_seconds); rate=$(get flows_per_cpu_second)
  echo "| $pace | bailiff | $decoded | $((flows - decoded)) (sequence gaps: $(get lost_datagrams) datagrams) | $(printf %.2f "$wall") | $cpu | $rate |"
  echo "| $pace | ratio bailiff/nfcapd | | | | | $(echo "scale=2; $rate / $nf_rate" | bc) |"
  grep -c '"ip"' "$work/bailiff.out" | sed 's/^/# detections reported by Bailiff: /' >&2 || true
done
