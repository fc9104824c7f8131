#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL from Debian's packages, with a role and a
# database named bailiff, and prints the URL to use as BAILIFF_TEST_POSTGRES_URL.
# Used by .ci/run; handy on a developer machine too. Needs root (apt-get, pg_ctlcluster).
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >&2
  read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
fi
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start >&2
fi

# Wait until it accepts connections (poll with a deadline, no fixed sleep).
for _ in $(seq 1 100); do
  if su postgres -c "psql -p $port -tAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bailiff') THEN
    CREATE ROLE bailiff LOGIN CREATEDB PASSWORD 'bailiff';
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'bailiff'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O bailiff bailiff" >&2
fi
echo "postgres://bailiff:bailiff@127.0.0.1:$port/bailiff?tlsmode=disable"
