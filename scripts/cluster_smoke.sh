#!/usr/bin/env bash
# Cluster smoke test (run by .ci/run): the portal on several hosts, as docs/operations.md
# "Several hosts" deploys it, on loopback.
#
# nginx (Debian's, our own configuration in a temporary folder) in front of two gunicorn hosts A
# and B, each with its own local folders (DJANGO_MEDIA_ROOT, CELERY_DIR) as on two machines; one
# Celery worker host, one beat host; PostgreSQL (database cluster_smoke), Redis (database 5) for
# broker and cache, and object storage (moto's S3 server) for the portal's files. All with
# production settings. scripts/cluster_smoke.py then uploads evidence through A and downloads it
# through B, has the worker write an export that B serves, and kills host A (SIGKILL) under load
# through nginx. Between the two, a second beat must refuse to start. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
DB_NAME=cluster_smoke
REDIS_URL=redis://127.0.0.1:6379/5
HOST=portal.cluster.test
# This test's ports: nginx, host A, host B, the S3 server, and a mail port nobody listens on.
NGINX_PORT=8260 A_PORT=8261 B_PORT=8262 S3_PORT=8263 MAIL_PORT=8264
BUCKET=pokja-cluster
work="$(mktemp -d /tmp/pokja-cluster.XXXXXX)"
. scripts/smoke_lib.sh

bash scripts/ensure_services.sh >/dev/null
bash scripts/ensure_debian_package.sh nginx /usr/sbin/nginx "the cluster smoke test"
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
createdb -h 127.0.0.1 -U postgres "$DB_NAME"
redis-cli -u "$REDIS_URL" flushdb >/dev/null

# One environment file for the whole cluster, as the guide has it; each host adds its own bind
# address and local folders (the folders are never shared: a file only one host has is a bug).
write_env "$work/pokja.env"
cat >>"$work/pokja.env" <<EOF
AWS_STORAGE_BUCKET_NAME=$BUCKET
AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
AWS_ACCESS_KEY_ID=cluster-smoke
AWS_SECRET_ACCESS_KEY=cluster-smoke
AWS_S3_REGION_NAME=us-east-1
AXES_PROXY_COUNT=1
EXPORT_INLINE_MAX_ROWS=0
EOF
host_env() {  # host_env NAME [PORT]: the cluster's file plus this host's own lines
    local name=$1 port=${2:-}
    mkdir -p "$work/$name/media" "$work/$name/celery"
    {
        cat "$work/pokja.env"
        echo "DJANGO_MEDIA_ROOT=$work/$name/media"
        echo "CELERY_DIR=$work/$name/celery"
        [ -z "$port" ] || echo "GUNICORN_BIND=127.0.0.1:$port"
        echo "GUNICORN_ACCESS_LOG=$work/$name-access.log"
        echo "GUNICORN_ERROR_LOG=$work/$name-error.log"
    } >"$work/$name.env"
}
host_env host-a "$A_PORT"
host_env host-b "$B_PORT"
host_env worker
host_env beat
host_env beat-2
export POKJA_ENV_FILE="$work/host-a.env"  # setup commands run on host A
mkdir -p "$work/static" "$work/nginx"

stop_all() {
    local status=$?
    if [ -f "$work/nginx/nginx.pid" ]; then
        kill -QUIT "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
    fi
    stop_sessions || status=1
    if [ "$status" -ne 0 ]; then
        echo "--- logs in $work:" >&2
        tail -n 30 "$work"/*.log "$work"/nginx/*.log >&2 || true
    else
        dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
        rm -rf "$work"
    fi
    exit "$status"
}
trap stop_all EXIT

echo "== cluster: S3 server (moto) on 127.0.0.1:$S3_PORT, bucket $BUCKET"
start "$work/pokja.env" s3.log .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT"

echo "== cluster: migrate, regions, collectstatic, the bucket (the driver adds its own account)"
deploy/manage.sh collectstatic --noinput >"$work/collectstatic.log" &  # needs no database
collectstatic=$!
deploy/manage.sh migrate --noinput >"$work/setup.log"
deploy/manage.sh load_regions >>"$work/setup.log"
wait "$collectstatic"
for _ in $(seq 60); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.5; done
deploy/manage.sh prepare_bucket >>"$work/setup.log"  # as the guide creates it, once
echo "   setup done after $SECONDS s"

echo "== cluster: hosts A (:$A_PORT) and B (:$B_PORT), worker, beat, nginx (:$NGINX_PORT)"
start "$work/host-a.env" host-a.log .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi
host_a_session=${sessions[-1]}
disown "$host_a_session"  # the driver kills it: no "Killed" notice from this shell
start "$work/host-b.env" host-b.log .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi
start "$work/worker.env" worker.log .venv/bin/celery -A config worker --loglevel=INFO \
    --concurrency=1 --hostname="cluster-worker@%h"
start "$work/beat.env" beat.log .venv/bin/celery -A config beat --loglevel=INFO
cat >"$work/nginx/nginx.conf" <<EOF
# The load balancer of docs/operations.md "Several hosts", on loopback without TLS. Its workers
# run as this user (as root, nginx would switch them to nobody, who cannot enter \$work).
user $(id -un);
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    upstream pokja_hosts {
        server 127.0.0.1:$A_PORT max_fails=1 fail_timeout=10s;
        server 127.0.0.1:$B_PORT max_fails=1 fail_timeout=10s;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 11m;
        location / {
            proxy_pass http://pokja_hosts;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            # TLS ends at this proxy in production; here the clients speak plain HTTP.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_redirect off;
            proxy_read_timeout 75s;
            include $PWD/deploy/nginx/pokja-failover.conf;
        }
    }
}
EOF
/usr/sbin/nginx -t -q -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
/usr/sbin/nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
wait_http "http://127.0.0.1:$A_PORT" "$HOST"
wait_http "http://127.0.0.1:$B_PORT" "$HOST"
wait_http "http://127.0.0.1:$NGINX_PORT" "$HOST"
wait_log worker.log "ready\\."
wait_log beat.log "holding the beat lock"

echo "== cluster: a second beat (another host, same Redis) must refuse to start"
status=0
(
    set -a
    . "$work/beat-2.env"
    exec timeout 180 .venv/bin/celery -A config beat --loglevel=INFO >"$work/beat-2.log" 2>&1
) || status=$?
if [ "$status" -ne 1 ] || ! grep -q "refusing to start, another beat is running" "$work/beat-2.log"; then
    echo "CLUSTER TEST FAILED: the second beat did not refuse (exit status $status)" >&2
    exit 1
fi
echo "  second beat refused (exit status 1): $(grep -o 'another beat is running.*' "$work/beat-2.log" | head -1)"

(
    set -a
    . "$POKJA_ENV_FILE"
    timeout 150 $PY scripts/cluster_smoke.py \
        --nginx "http://127.0.0.1:$NGINX_PORT" --host-a "http://127.0.0.1:$A_PORT" \
        --host-b "http://127.0.0.1:$B_PORT" --host "$HOST" \
        --kill-host-a "$host_a_session"
)
for log in host-b-access.log worker.log beat.log; do
    if grep -E '" 5[0-9][0-9] |Traceback' "$work/$log"; then
        echo "CLUSTER TEST FAILED: errors in $log" >&2
        exit 1
    fi
done
echo "== cluster: passed after $SECONDS s; stopping nginx, hosts, worker, beat and the S3 server"
