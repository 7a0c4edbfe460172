# Pieces the smoke tests share (sourced by scripts/smoke_production.sh and scripts/cluster_smoke.sh).
# The caller sets PY (the virtualenv's python) and work (its temporary folder), and adds each
# process it starts to `sessions` through `start`.

sessions=()

# write_env FILE: the portal's environment file as deploy/pokja.env.example has it, with
# production settings. KEY=value lines without spaces: systemd's EnvironmentFile and `. file`
# read them alike. Uses DB_NAME, REDIS_URL, HOST and MAIL_PORT from the caller.
write_env() {
    cat >"$1" <<ENV
DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
DJANGO_ALLOWED_HOSTS=$HOST
DJANGO_CSRF_TRUSTED_ORIGINS=https://$HOST
PORTAL_BASE_URL=https://$HOST
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB_NAME
CONN_MAX_AGE=60
CELERY_BROKER_URL=$REDIS_URL
CELERY_RESULT_BACKEND=$REDIS_URL
CACHE_URL=$REDIS_URL
EMAIL_URL=smtp://127.0.0.1:$MAIL_PORT
DEFAULT_FROM_EMAIL=noreply@$HOST
AXES_PROXY_COUNT=1
DJANGO_STATIC_ROOT=$work/static
DJANGO_MEDIA_ROOT=$work/media
CELERY_DIR=$work/celery
GUNICORN_WORKERS=2
ENV
}

free_port() {
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start ENV_FILE LOG COMMAND...: the command with that environment, in a session of its own so
# that its children can be found and stopped with it; output appended to $work/LOG.
start() {
    local env_file=$1 log=$2
    shift 2
    (
        set -a
        # shellcheck disable=SC1090
        . "$env_file"
        exec setsid "$@" >>"$work/$log" 2>&1
    ) &
    sessions+=("$!")
}

# stop_sessions: TERM every session started, then wait (bounded). Whatever is left is killed
# and reported, and the function fails: a process that outlives a clean stop is a bug.
stop_sessions() {
    local sid left=""
    for sid in "${sessions[@]}"; do kill -TERM -- "-$sid" 2>/dev/null || true; done
    for _ in $(seq 60); do
        left=""
        for sid in "${sessions[@]}"; do pgrep -s "$sid" >/dev/null && left+=" $sid"; done
        [ -z "$left" ] && return 0
        sleep 0.5
    done
    echo "SMOKE TEST FAILED: processes still running after the stop (sessions$left)" >&2
    for sid in $left; do pkill -KILL -s "$sid" || true; done
    return 1
}

# wait_http URL HOST: until the portal behind URL answers (30 s at most).
wait_http() {
    for _ in $(seq 60); do
        curl -s -o /dev/null -H "Host: $2" -H "X-Forwarded-Proto: https" "$1/masuk/" && return 0
        sleep 0.5
    done
    echo "SMOKE TEST FAILED: nothing answers at $1" >&2
    return 1
}

# wait_log LOG TEXT: until the log in $work shows TEXT (30 s at most).
wait_log() {
    for _ in $(seq 60); do
        grep -q "$2" "$work/$1" 2>/dev/null && return 0
        sleep 0.5
    done
    echo "SMOKE TEST FAILED: no \"$2\" in $1" >&2
    return 1
}
