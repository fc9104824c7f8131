#!/usr/bin/env bash
# Attribution lookup benchmark: Bailiff's AttributionTable against pytricia, on the same data.
#
# Usage: bench/attribution.sh [DATA-DIRECTORY]   (default bench/.data, git-ignored)
# Builds AttributionBenchmark in release mode in its own scratch path (.build-bench, git-ignored,
# so it never disturbs the default .build), installs pytricia if missing, runs the Swift side
# (which generates the inventory and writes the prefixes and queries), then the Python side on
# those files, and prints both figures and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA="${1:-bench/.data}"
PYTHON="${PYTHON:-python3}"
SCRATCH=".build-bench"

run() { echo "+ $*" >&2; "$@"; }

run swift build -c release --product AttributionBenchmark --scratch-path "$SCRATCH"
BIN="$(swift build -c release --product AttributionBenchmark --scratch-path "$SCRATCH" --show-bin-path)/AttributionBenchmark"

if ! "$PYTHON" -c 'import pytricia' 2>/dev/null; then
    run "$PYTHON" -m pip install --quiet pytricia
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo
run "$BIN" "$DATA" | tee "$OUT/bailiff.txt"
echo
run "$PYTHON" bench/attribution_pytricia.py "$DATA" | tee "$OUT/pytricia.txt"

value() { sed -n "s/^RESULT $1=//p" "$2" | tail -n 1; }
BAILIFF_BEST="$(value match_ns_best "$OUT/bailiff.txt")"
BAILIFF_MEDIAN="$(value match_ns_median "$OUT/bailiff.txt")"
BAILIFF_ATTRIBUTE="$(value attribute_ns "$OUT/bailiff.txt")"
BUILD="$(value build_seconds "$OUT/bailiff.txt")"
INDEX_MB="$(value index_mb "$OUT/bailiff.txt")"
RSS_MB="$(value rss_growth_mb "$OUT/bailiff.txt")"
PY_BEST="$(value pytricia_ns_best "$OUT/pytricia.txt")"
PY_PACKED="$(value pytricia_packed_ns_best "$OUT/pytricia.txt")"
PY_OVERHEAD="$(value python_overhead_ns "$OUT/pytricia.txt")"
PY_RSS="$(value pytricia_rss_growth_mb "$OUT/pytricia.txt")"

BAILIFF_FOUND="$(value found "$OUT/bailiff.txt")"
PY_FOUND="$(value pytricia_found "$OUT/pytricia.txt")"
QUERIES="$(value queries "$OUT/bailiff.txt")"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo
echo "== Summary =="
echo "Bailiff match:      best ${BAILIFF_BEST} ns/lookup, median ${BAILIFF_MEDIAN} ns/lookup"
echo "Bailiff attribute:  ${BAILIFF_ATTRIBUTE} ns/lookup (full answer)"
echo "Bailiff table:      built in ${BUILD} s, index ${INDEX_MB} MB, resident-set growth ${RSS_MB} MB (incl. holder arrays)"
echo "pytricia get(text): best ${PY_BEST} ns/lookup (Python loop/call overhead alone: ${PY_OVERHEAD} ns); get(packed bytes): ${PY_PACKED} ns"
echo "pytricia memory:    resident-set growth ${PY_RSS} MB"
echo "cross-check:        of ${QUERIES} addresses, Bailiff found a holder or network for ${BAILIFF_FOUND}, pytricia a prefix for ${PY_FOUND}"
echo "ratio (pytricia ns / Bailiff match ns, best vs best): $(ratio "$PY_BEST" "$BAILIFF_BEST")x"
echo "caveat: pytricia's figure includes Python's call overhead and has no time dimension."
