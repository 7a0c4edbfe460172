#!/usr/bin/env bash
# Property-based tests of the REST API against its own schema (a stage of .ci/run; by hand:
# `bash scripts/api_fuzz.sh`). Schemathesis reads /api/v1/schema/ and sends generated requests,
# valid and invalid, to every operation, then follows the schema's links from each create to the
# new record (stateful). It fails on any 5xx and on any answer the schema does not describe
# (status code, content type, headers, body).
#
# A throwaway portal on the embedded default: a SQLite database, media, cache and broker folders
# in a temporary directory (the developer's var/ is not touched), the regions without villages
# and the demo records, then gunicorn with the local settings (DEBUG off) on 127.0.0.1:8113.
# One run per API token: provincial staff (staf-kalsel) and a kab/kota coordinator (koord-6371).
# Throttling is raised for the run, per token and per user (429 is documented, but a run of
# 429s tests nothing: with the per-user limit at its 240/min, 141 of 144 operations mostly got 429).
#
# Bounded in time: each run has a time budget (--max-time) and a hard timeout above it. One
# Schemathesis worker: with two, Hypothesis failed inside its own code ("AST constructor
# recursion depth mismatch"), and the 2-core machine runs the server too.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT=${API_FUZZ_PORT:-8113}
EXAMPLES=${API_FUZZ_EXAMPLES:-3}  # per operation and round; rounds repeat until the budget is spent
BUDGET=${API_FUZZ_SECONDS:-55}  # seconds of testing per token: the stage takes ~3 minutes
RUN_TIMEOUT=${API_FUZZ_TIMEOUT:-$((BUDGET + 60))}  # hard stop, should the budget not hold
# Schemathesis's coverage phase (every boundary and every negative value of every parameter,
# unbounded by --max-examples) takes 6+ minutes per token here; CI runs the generated phases
# (positive and negative data) and the stateful one. By hand, everything:
#   API_FUZZ_PHASES=examples,coverage,fuzzing,stateful API_FUZZ_TIMEOUT=1800 bash scripts/api_fuzz.sh
PHASES=${API_FUZZ_PHASES:-examples,fuzzing,stateful}
work="$(mktemp -d /tmp/pokja-api-fuzz.XXXXXX)"
server=""

cleanup() {
    local status=$?
    if [ -n "$server" ]; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ] && [ -s "$work/error.log" ]; then
        echo "== gunicorn error log (last 40 lines)"
        tail -n 40 "$work/error.log"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

export PORTAL_IGNORE_DOTENV=1
export DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_DEBUG=False
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$work/db.sqlite3"
export DJANGO_MEDIA_ROOT="$work/media"
export DJANGO_STATIC_ROOT="$work/static"
export CELERY_DIR="$work/celery"
export CACHE_URL="locmemcache://"
export API_THROTTLE_RATE=100000/min
export API_USER_THROTTLE_RATE=100000/min
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND

t0=$SECONDS
$PY manage.py migrate --noinput >/dev/null
$PY manage.py load_regions >/dev/null  # no villages: the demo's village operator has its own
$PY manage.py seed_demo >/dev/null
staff_token="$($PY manage.py create_api_token staf-kalsel --name api-fuzz)"
coordinator_token="$($PY manage.py create_api_token koord-6371 --name api-fuzz)"
echo "== throwaway portal ready in $((SECONDS - t0))s"

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 2 \
    --access-logfile /dev/null --error-logfile "$work/error.log" >>"$work/error.log" 2>&1 &
server=$!
for _ in $(seq 60); do
    curl -fs -o /dev/null -H "Authorization: Token $staff_token" \
        "http://127.0.0.1:$PORT/api/v1/schema/" && break
    sleep 0.5
done

# Every check but one. positive_data_acceptance expects every request the schema allows to
# succeed. The schema now says what a create requires (the form's required fields) and lists the
# rules between fields in each create's description, but many rules stay beyond what a schema can
# say: an id that exists and lies in the user's scope, the record's current state (a document
# before verifying), one record per Pokja/region and period, dates in order and plausible, the
# status choices a role may set. Run with it (API_FUZZ_EXCLUDE= ), on 6 December 2026: 32
# operations failed it (21 as staff, 11 as coordinator), every one a 400 for such a rule (no
# other check failed, no "schema validation mismatch" warning). Those refusals are still checked
# here: documented status, content type and body.
CHECKS=all
EXCLUDE=${API_FUZZ_EXCLUDE-positive_data_acceptance}  # API_FUZZ_EXCLUDE= runs every check

fuzz() {  # fuzz NAME TOKEN
    echo "== schemathesis as $1"
    timeout --kill-after=10 "$RUN_TIMEOUT" .venv/bin/schemathesis run \
        "http://127.0.0.1:$PORT/api/v1/schema/" \
        --header "Authorization: Token $2" \
        --checks "$CHECKS" ${EXCLUDE:+--exclude-checks "$EXCLUDE"} \
        --mode all --phases "$PHASES" \
        --max-examples "$EXAMPLES" --max-time "$BUDGET" --no-shrink --seed "${API_FUZZ_SEED:-23}" \
        --request-timeout 20 --suppress-health-check all --output-truncate true
}

status=0
fuzz "provincial staff (staf-kalsel)" "$staff_token" || status=1
fuzz "coordinator (koord-6371)" "$coordinator_token" || status=1
exit "$status"
