#!/usr/bin/env bash
# Runs the Celery worker (with its embedded beat) beside the development web server and stops
# both together. Used by `make run` (`make run PORT=8002`: another port; default 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8000}

.venv/bin/celery -A config worker --beat --loglevel=INFO --pool=solo \
    >var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Celery worker with beat started (log: var/worker.log)."
echo "Portal: http://127.0.0.1:$port  (Ctrl+C stops web and worker)"
.venv/bin/python manage.py runserver "127.0.0.1:$port"
