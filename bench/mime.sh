#!/usr/bin/env bash
# MIME parse throughput over the corpus mails: Bailiff's parser against Python's standard
# `email` package (message_from_bytes + walking every part) on the same files in the same run.
# Usage: bench/mime.sh [ITERATIONS] [CORPUS]   (default 20 iterations, ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-20}
corpus=${2:-$(cd .. && pwd)/shared/corpus}
echo "\$ swift build -c release --product MIMEBenchmark --scratch-path .build-bench"
swift build -c release --product MIMEBenchmark --scratch-path .build-bench 2>&1 | grep -E "error|Compiling MIME|Build" || true
echo "\$ python3 bench/mime_python_email.py $iterations $corpus"
python3 bench/mime_python_email.py "$iterations" "$corpus"
