#!/usr/bin/env bash
# Loads the demo organization into an empty database, then starts the background-task
# worker and the development web server; stops both on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PROMESA=.venv/bin/promesa

$PROMESA load_demo --if-empty

$PROMESA db_worker --no-reload --queue-name '*' &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo
echo "Promesa: http://127.0.0.1:8000/  (administration: http://127.0.0.1:8000/admin/)"
echo
$PROMESA runserver 127.0.0.1:8000
