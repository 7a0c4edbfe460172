#!/usr/bin/env bash
# Production smoke test (run by .ci/run): the portal as docs/operations.md deploys it, on loopback.
#
# A fresh PostgreSQL database (pokja_smoke) and Redis database (13), an environment file like
# deploy/pokja.env.example, `deploy/manage.sh` for migrate and collectstatic, then gunicorn with
# deploy/gunicorn.conf.py, a Celery worker and beat, all with production settings. The demo data
# is seeded with the *local* settings into the same database and media folder before gunicorn
# starts: production settings refuse demo data on purpose, and the demo generators are a
# development-only package that production never imports, so no override flag is added.
# scripts/smoke_production.py then logs in as every demo account and checks every page's status.
# Any failure, or a process that outlives the clean stop, fails the script. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
DB_NAME=${SMOKE_DB_NAME:-pokja_smoke}
REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/13}
HOST=portal.smoke.test
work="$(mktemp -d /tmp/pokja-smoke.XXXXXX)"
. scripts/smoke_lib.sh
port="${SMOKE_PORT:-$(free_port)}"
MAIL_PORT="${SMOKE_MAIL_PORT:-$(free_port)}"  # nobody listens: the smoke test sends no mail

bash scripts/ensure_services.sh >/dev/null
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
createdb -h 127.0.0.1 -U postgres "$DB_NAME"
redis-cli -u "$REDIS_URL" flushdb >/dev/null

write_env "$work/pokja.env"
cat >>"$work/pokja.env" <<EOF
GUNICORN_BIND=127.0.0.1:$port
GUNICORN_ACCESS_LOG=$work/access.log
GUNICORN_ERROR_LOG=$work/error.log
EOF
export POKJA_ENV_FILE="$work/pokja.env"
# The folders docs/operations.md creates: beat keeps its schedule in CELERY_DIR.
mkdir -p "$work/media" "$work/static" "$work/celery"

stop_all() {
    local status=$?
    stop_sessions || status=1
    if [ "$status" -ne 0 ]; then
        echo "--- logs in $work:" >&2
        tail -n 40 "$work"/*.log >&2 || true
    else
        dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
        rm -rf "$work"
    fi
    exit "$status"
}
trap stop_all EXIT

echo "== smoke: migrate, regions, collectstatic (production settings)"
deploy/manage.sh migrate --noinput >"$work/setup.log"
deploy/manage.sh load_regions >>"$work/setup.log"
deploy/manage.sh collectstatic --noinput >>"$work/setup.log"
echo "== smoke: demo data (local settings, same database and media folder)"
(
    set -a
    . "$POKJA_ENV_FILE"
    DJANGO_SETTINGS_MODULE=config.settings.local
    $PY manage.py seed_demo >>"$work/setup.log"
)
deploy/manage.sh recompute_effectiveness >>"$work/setup.log"

echo "== smoke: gunicorn (deploy/gunicorn.conf.py), Celery worker and beat on 127.0.0.1:$port"
start "$POKJA_ENV_FILE" gunicorn.log .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi
start "$POKJA_ENV_FILE" worker.log .venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 \
    --hostname="smoke@%h"
start "$POKJA_ENV_FILE" beat.log .venv/bin/celery -A config beat --loglevel=INFO
wait_http "http://127.0.0.1:$port" "$HOST"
wait_log worker.log "ready\\."

(
    set -a
    . "$POKJA_ENV_FILE"
    timeout 300 $PY scripts/smoke_production.py "http://127.0.0.1:$port" "$HOST"
)
# A load balancer probing this backend directly: an IP address as Host, plain HTTP.
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/kesehatan/")"
[ "$status" = 200 ] || { echo "SMOKE TEST FAILED: /kesehatan/ by IP answered $status" >&2; exit 1; }
# gunicorn's access line is JSON with the request id Django gave it (pokja/logs.py).
tail -n 1 "$work/access.log" | $PY -c '
import json, sys
line = json.loads(sys.stdin.read())
assert (line["path"], line["status"]) == ("/kesehatan/", 200) and line["request_id"], line
' || { echo "SMOKE TEST FAILED: the access log is not the portal's JSON" >&2; exit 1; }
if grep -E '"status": 5[0-9][0-9]' "$work/access.log"; then  # JSON lines (pokja/logs.py)
    echo "SMOKE TEST FAILED: server errors in the access log" >&2
    exit 1
fi
grep -q "beat: Starting" "$work/beat.log" || { echo "SMOKE TEST FAILED: beat did not start" >&2; exit 1; }
for sid in "${sessions[@]}"; do
    pgrep -s "$sid" >/dev/null || { echo "SMOKE TEST FAILED: a process died early" >&2; exit 1; }
done
echo "== smoke: passed; stopping gunicorn, worker and beat"
