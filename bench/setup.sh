#!/usr/bin/env bash
# Installs what the benchmark needs besides Promesa's venv: wrk and the PostgreSQL client
# tools (psql, pgbench), and makes sure the local PostgreSQL answers. Idempotent.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v pgbench >/dev/null || missing+=(postgresql-contrib)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
bash "$ROOT/scripts/ensure-postgres.sh"
[ -x "$ROOT/.venv/bin/promesa" ] || make -C "$ROOT" install-runtime
echo "bench setup: wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $(pgbench --version)"
