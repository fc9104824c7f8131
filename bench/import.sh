#!/usr/bin/env bash
# Inventory import benchmark: 100,000 services with ~220,000 assignments (IPv4 /32s, IPv6 /64s,
# /29s of dedicated servers, earlier holders), imported into an empty SQLite file and an empty
# PostgreSQL database, then imported again (the idempotent path: nothing changes).
# Usage: bench/import.sh            (needs root for PostgreSQL; uses scripts/start-postgres.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bailiff >/dev/null
bailiff=.build/release/bailiff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/inventory.json"
echo "\$ bailiff demo generate --out inventory.json --resellers 20 --customers 30000 --services 100000 --seed 7"
"$bailiff" demo generate --out "$file" --resellers 20 --customers 30000 --services 100000 --seed 7
ls -l "$file" | awk '{print "file size: " $5 " bytes"}'

timed() {  # timed LABEL command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/out.txt" 2>"$work/err.txt" || { cat "$work/err.txt"; exit 1; }
  end=$(date +%s.%N)
  printf '%-42s %6.2f s   %s\n' "$label" "$(echo "$end - $start" | bc)" "$(tail -n 1 "$work/out.txt" | cut -c1-90)"
}

timed "SQLite: first import (empty database)" "$bailiff" import inventory "$file" --data-dir "$work/sqlite"
timed "SQLite: same file again (no change)" "$bailiff" import inventory "$file" --data-dir "$work/sqlite"
timed "SQLite: whois (rows covering the address)" "$bailiff" whois 198.18.1.77 --data-dir "$work/sqlite"

url=$(scripts/start-postgres.sh)
db="bailiff_bench_$$"
su postgres -c "createdb -O bailiff $db"
pg_url="${url%/bailiff?*}/$db?tlsmode=disable"
timed "PostgreSQL: first import (empty database)" env BAILIFF_DATABASE_URL="$pg_url" "$bailiff" import inventory "$file" --data-dir "$work/pg"
timed "PostgreSQL: same file again (no change)" env BAILIFF_DATABASE_URL="$pg_url" "$bailiff" import inventory "$file" --data-dir "$work/pg"
timed "PostgreSQL: whois (rows covering the address)" env BAILIFF_DATABASE_URL="$pg_url" "$bailiff" whois 198.18.1.77 --data-dir "$work/pg"
su postgres -c "dropdb $db"
