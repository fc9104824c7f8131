# Sourced by the benchmark scripts: wait until the machine is quiet before timing anything.
# BENCH_MAX_LOAD (default 0.6) is the 1-minute load average to wait for, BENCH_MAX_WAIT
# (default 1500 s) how long to wait before measuring anyway; the load is printed either way.
wait_for_quiet() {
  local max=${BENCH_MAX_LOAD:-0.6} limit=${BENCH_MAX_WAIT:-1500} waited=0 load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$load" -v m="$max" 'BEGIN { exit !(l < m) }'; then break; fi
    if (( waited >= limit )); then echo "# load $load still >= $max after ${waited} s; measuring anyway"; break; fi
    sleep 20; waited=$((waited + 20))
  done
  echo "# load average at measurement: $(cut -d' ' -f1-3 /proc/loadavg) (waited ${waited} s)"
}
