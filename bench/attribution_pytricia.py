#!/usr/bin/env python3
"""The Python peer of the attribution benchmark: the same prefixes and query addresses in pytricia.

pytricia (PyPI `pytricia`) is a Patricia trie written in C. It answers plain longest-prefix
match: it has no time dimension, so the instants of the Bailiff queries (reassignment history)
play no part here, and every prefix is stored once however many holders it had.

Usage: attribution_pytricia.py [DATA-DIRECTORY] [--runs N]
DATA-DIRECTORY (default bench/.data) is where AttributionBenchmark wrote v4-prefixes.txt,
v6-prefixes.txt and queries.txt. Lines starting with "RESULT " are for scripts.
"""

import argparse
import gc
import importlib.metadata
import os
import socket
import statistics
import sys
import time

try:
    import pytricia
except ImportError:
    sys.exit("pytricia is not installed: python3 -m pip install pytricia")


def resident_bytes():
    """Resident set size from /proc/self/statm (Linux), or None."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def read_lines(path):
    with open(path) as handle:
        return handle.read().split()


def timed(pairs, runs):
    """Nanoseconds per lookup of each run, and how many lookups found a prefix."""
    results = []
    found = 0
    for _ in range(runs):
        found = 0
        start = time.perf_counter_ns()
        for get, key in pairs:
            if get(key) is not None:
                found += 1
        results.append((time.perf_counter_ns() - start) / len(pairs))
    return results, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="bench/.data")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    v4_prefixes = read_lines(os.path.join(args.data, "v4-prefixes.txt"))
    v6_prefixes = read_lines(os.path.join(args.data, "v6-prefixes.txt"))
    queries = read_lines(os.path.join(args.data, "queries.txt"))
    print("== pytricia peer ==")
    print(f"pytricia {importlib.metadata.version('pytricia')}, Python {sys.version.split()[0]}")
    print(f"loaded {len(v4_prefixes)} IPv4 and {len(v6_prefixes)} IPv6 distinct prefixes, {len(queries)} query addresses")

    # Build: the value of each prefix is its line number (an int object per prefix, as an id would be).
    gc.collect()
    before = resident_bytes()
    start = time.perf_counter()
    trie4 = pytricia.PyTricia(32)
    trie6 = pytricia.PyTricia(128)
    for index, prefix in enumerate(v4_prefixes):
        trie4[prefix] = index
    for index, prefix in enumerate(v6_prefixes):
        trie6[prefix] = index
    build_seconds = time.perf_counter() - start
    gc.collect()
    after = resident_bytes()
    growth = None if before is None or after is None else after - before
    print(f"built both tries in {build_seconds:.2f} s; resident-set growth "
          + ("n/a" if growth is None else f"{growth / 1048576:.1f} MB (trie nodes plus one Python int per prefix)"))

    # The same batch in the same order; the family dispatch is done once, outside the timing.
    pairs = [(trie6.get if ":" in address else trie4.get, address) for address in queries]
    packed = [(trie6.get, socket.inet_pton(socket.AF_INET6, address)) if ":" in address
              else (trie4.get, socket.inet_pton(socket.AF_INET, address)) for address in queries]
    empty = {}
    overhead_pairs = [(empty.get, address) for address in queries]

    timed(pairs[:100_000], 1)  # warm-up
    text_runs, found = timed(pairs, args.runs)
    packed_runs, packed_found = timed(packed, args.runs)
    overhead_runs, _ = timed(overhead_pairs, args.runs)
    for number, value in enumerate(text_runs, 1):
        print(f"  get(text) run {number}: {value:.1f} ns/lookup")

    best, median = min(text_runs), statistics.median(text_runs)
    overhead = min(overhead_runs)
    print()
    print(f"pytricia get(text address): best {best:.1f} ns/lookup, median {median:.1f} ns/lookup "
          f"over {args.runs} runs of {len(pairs)}; {found} found a prefix, {len(pairs) - found} did not")
    print(f"pytricia get(packed bytes): best {min(packed_runs):.1f} ns/lookup (address parsing done beforehand; found {packed_found})")
    print(f"Python loop + C call overhead alone (empty dict.get over the same keys): {overhead:.1f} ns/lookup")
    print("caveat: these figures include the Python interpreter's loop and call overhead, and pytricia answers")
    print("        plain longest-prefix match with no time dimension (no reassignment history).")
    print(f"RESULT pytricia_ns_best={best:.1f}")
    print(f"RESULT pytricia_ns_median={median:.1f}")
    print(f"RESULT pytricia_packed_ns_best={min(packed_runs):.1f}")
    print(f"RESULT python_overhead_ns={overhead:.1f}")
    print(f"RESULT pytricia_build_seconds={build_seconds:.2f}")
    print("RESULT pytricia_rss_growth_mb=" + ("n/a" if growth is None else f"{growth / 1048576:.1f}"))
    print(f"RESULT pytricia_found={found}")


if __name__ == "__main__":
    main()
