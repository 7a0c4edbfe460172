"""gunicorn's configuration for the portal (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Used by the systemd unit (deploy/systemd/pokja-web.service), by the production smoke test and by
the load measurement of `make bench`, so what CI runs is what is deployed. Everything that
differs between machines comes from the environment (the unit's EnvironmentFile).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the portal's pages are short database reads. Two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Below nginx's proxy_read_timeout (deploy/nginx/pokja.conf), so gunicorn answers first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound (0: never; the load
# measurement of `make bench` sets that, so a worker's start is not counted as a page's cost).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# Trust X-Forwarded-* only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# "-" is stderr (the journal under systemd); a path writes a file that logrotate rotates.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The portal's log format (pokja/logs.py): JSON lines with the UTC time, level, request id,
# user id and the real client address, like Django's and Celery's; LOG_FORMAT=text for the
# access_log_format below.
logger_class = "pokja.logs.GunicornLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
proc_name = "pokja-web"
# No gunicornc control socket: systemd reloads with HUP, and the default path
# ($HOME/.gunicorn/gunicorn.ctl) would be shared by every gunicorn of the same user.
control_socket_disable = True
