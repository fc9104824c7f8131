#!/usr/bin/env bash
# A blocklist sweep of a /16 against 15 lists served by rbldnsd on loopback: 65,536 × 15 =
# 983,040 A queries. dnsperf sends the same names to the same rbldnsd with the same number in
# flight; Bailiff runs `bailiff dnsbl check 198.18.0.0/16` with the 15 lists configured (plus
# their RFC 5782 test points, and a TXT query per listing). Every verdict is compared with what
# was planted: a wrong verdict fails the run.
#
# Usage: bench/dnsbl.sh [IN_FLIGHT]      default 256
# Needs: rbldnsd, dnsperf (apt-get install rbldnsd dnsperf).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/quiet.sh
window=${1:-256}
bailiff=.build-bench/release/bailiff
work=$(mktemp -d /tmp/bench-dnsbl.XXXXXX)
chmod 755 "$work"
trap 'kill ${rbl:-0} 2>/dev/null || true; wait 2>/dev/null || true' EXIT
run() { echo "\$ $*"; "$@"; }
for tool in rbldnsd dnsperf; do command -v $tool > /dev/null || { echo "needs $tool (apt-get install rbldnsd dnsperf)"; exit 1; }; done

run swift build -c release --product bailiff --scratch-path .build-bench > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# 15 zones; in zone n the address with index i (0..65535 in 198.18.0.0/16) is listed when
# (i * 7 + n) % 97 == 0, with code 127.0.0.2, .4 or .10 by (i + n) % 3 — about 1 % per zone.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
codes = ["127.0.0.2", "127.0.0.4", "127.0.0.10"]
expected = []
lists = []
names = open(f"{work}/queries.txt", "w")
for n in range(15):
    zone = f"z{n}.bench"
    with open(f"{work}/z{n}.ip4", "w") as data:
        data.write(f":127.0.0.2:listed in {zone}\n127.0.0.2\n")
        for i in range(65536):
            address = f"198.18.{i >> 8}.{i & 255}"
            if (i * 7 + n) % 97 == 0:
                code = codes[(i + n) % 3]
                data.write(f"{address} :{code}:listed in {zone} $\n")
                expected.append(f"{address}\t{zone}\t{code}")
    lists.append({"name": zone, "zone": zone, "codes": [{"code": c, "class": "abuse", "meaning": c} for c in codes], "queries_per_second": 1000000})
for i in range(65536):
    for n in range(15):
        names.write(f"{i & 255}.{i >> 8}.18.198.z{n}.bench A\n")
open(f"{work}/lists.json", "w").write(json.dumps(lists))
open(f"{work}/expected.txt", "w").write("\n".join(sorted(expected)) + "\n")
print(f"# planted {len(expected)} listings over 15 zones")
PY
chmod 644 "$work"/*
zones=()
for n in $(seq 0 14); do zones+=("z$n.bench:ip4set:z$n.ip4"); done
rbldnsd -n -b "127.0.0.1/$port" -w "$work" "${zones[@]}" > "$work/rbldnsd.log" 2>&1 &
rbl=$!
for _ in $(seq 1 100); do grep -q "zones reloaded" "$work/rbldnsd.log" && break; sleep 0.1; done
printf 'dnsbl.lists_file = %s\ndnsbl.server = 127.0.0.1:%s\ndnsbl.window = %s\ndnsbl.timeout_ms = 2000\n' "$work/lists.json" "$port" "$window" > "$work/bailiff.conf"
echo "# $(wc -l < "$work/queries.txt") queries, $window in flight, rbldnsd on 127.0.0.1:$port"

wait_for_quiet
echo "## dnsperf"
run dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -q "$window" -n 1 -t 5 | tee "$work/dnsperf.txt" | grep -E "Queries (sent|completed|lost)|Queries per second|Run time"
wait_for_quiet
echo "## bailiff dnsbl check"
/usr/bin/time -f "# bailiff: %e s wall, %U s user, %S s system, %M KiB max RSS" \
  $bailiff dnsbl check --config "$work/bailiff.conf" --data-dir "$work/data" --not-clean --summary 198.18.0.0/16 > "$work/bailiff.txt" 2> "$work/bailiff.err" || true
cat "$work/bailiff.err"
awk -F'\t' '$3 == "listed" { split($4, c, "("); print $1 "\t" $2 "\t" c[1] }' "$work/bailiff.txt" | sort > "$work/found.txt"
unknown=$(awk -F'\t' '$3 == "unknown"' "$work/bailiff.txt" | wc -l)
wrong=$(diff "$work/expected.txt" "$work/found.txt" | grep -c '^[<>]' || true)
echo "# verdicts: $(wc -l < "$work/found.txt") listed (planted $(wc -l < "$work/expected.txt")), $unknown unknown, $wrong wrong"
dnsperf_qps=$(awk '/Queries per second/ { print $4 }' "$work/dnsperf.txt")
bailiff_qps=$(sed -n 's/.*: \([0-9]*\) lookups\/s.*/\1/p' "$work/bailiff.err")
python3 -c "import sys; b, d = float(sys.argv[1]), float(sys.argv[2]); print(f'# Bailiff {b:,.0f} lookups/s, dnsperf {d:,.0f} queries/s: ratio {b / d:.2f}')" "$bailiff_qps" "$dnsperf_qps"
[ "$wrong" -eq 0 ] && [ "$unknown" -eq 0 ] || { echo "wrong or unknown verdicts: see $work"; exit 1; }
