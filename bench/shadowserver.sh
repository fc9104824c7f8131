#!/usr/bin/env bash
# Shadowserver CSV -> events, 100,000 scan_ssh rows: Bailiff's ShadowserverCSV against IntelMQ 3.5's
# Shadowserver parser bot and its generic CSV parser bot (both run as a library), on the same file
# in the same run. Prints the commands it runs, the rates and the ratios.
# Usage: bench/shadowserver.sh [SWIFT_RUNS] [INTELMQ_RUNS]   (default 5 and 1)
# Environment: VENV (default /tmp/venv-intelmq; bench/ is not git-ignored, so not there),
#   BENCH_MAX_LOAD (default 0.6), BENCH_MAX_WAIT seconds (default 1500): before timing, wait until
#   the 1-minute load average is below BENCH_MAX_LOAD, polling every 20 s, at most BENCH_MAX_WAIT.
set -euo pipefail
cd "$(dirname "$0")/.."
swift_runs=${1:-5}
intelmq_runs=${2:-1}
venv=${VENV:-/tmp/venv-intelmq}
work=$(mktemp -d /tmp/bench-shadowserver.XXXXXX)
trap 'rm -rf "$work"' EXIT

run() { echo "\$ $*"; "$@"; }

source bench/quiet.sh  # (the script has cd-ed to the repository root)

echo "\$ swift build -c release --product ShadowserverBenchmark --scratch-path .build-bench"
swift build -c release --product ShadowserverBenchmark --scratch-path .build-bench 2>&1 | grep -E "error|Compiling Shadow|Build" || true
bench=.build-bench/release/ShadowserverBenchmark

if [[ ! -x "$venv/bin/python" ]]; then
  run python3 -m venv "$venv"
  run "$venv/bin/pip" install -q 'intelmq==3.5.*'
fi
echo "# $("$venv/bin/pip" show intelmq 2>/dev/null | grep -E '^(Name|Version)' | tr '\n' ' ')"

csv="$work/2023-04-01-scan_ssh-nl-asn64496.csv"
run "$bench" --write-csv "$csv"
sha256sum "$csv" | cut -c1-16 | sed 's/^/# sha256 prefix of the file: /'

wait_for_quiet
run "$bench" --parse "$csv" "$swift_runs" | tee "$work/swift.txt"
run "$venv/bin/python" bench/shadowserver_intelmq.py "$csv" shadowserver "$intelmq_runs" | tee "$work/intelmq.txt"
run "$venv/bin/python" bench/shadowserver_intelmq.py "$csv" generic "$intelmq_runs" | tee "$work/generic.txt"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

rate() { grep -oE '[0-9]+ rows/s' "$1" | tail -n 1 | cut -d' ' -f1; }
swift=$(rate "$work/swift.txt"); intelmq=$(rate "$work/intelmq.txt"); generic=$(rate "$work/generic.txt")
echo
printf '%-52s %10s rows/s\n' "Bailiff ShadowserverCSV (best of $swift_runs)" "$swift"
printf '%-52s %10s rows/s\n' "IntelMQ Shadowserver parser bot (best of $intelmq_runs)" "$intelmq"
printf '%-52s %10s rows/s\n' "IntelMQ generic CSV parser bot (best of $intelmq_runs)" "$generic"
awk -v s="$swift" -v i="$intelmq" -v g="$generic" 'BEGIN {
  printf "ratio Bailiff / IntelMQ Shadowserver parser: %.1fx\n", s / i
  printf "ratio Bailiff / IntelMQ generic CSV parser:  %.1fx (aim: >= 50x)\n", s / g }'
