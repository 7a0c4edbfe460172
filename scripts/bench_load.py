"""Throughput under load, the second half of `make bench`.

gunicorn with production settings and deploy/gunicorn.conf.py (2 workers) on loopback, against
the national data in the database named by DATABASE_URL (`make bench` generates it). `wrk`
(Debian's package) sends requests from 10 connections for DURATION seconds per page, with a
logged-in session, `Host` and `X-Forwarded-Proto: https` as the proxy would. The login page is
the ceiling of this stack (a form, no data); every other page is reported as a ratio of it.

The ratio is taken from the CPU time the gunicorn workers spend per request (read from /proc
before and after each page), not from the requests per second wrk counts: on two cores the
workers' CPU is the throughput's limit, so on a quiet machine the two ratios agree, but on a
machine others share the rate follows their load from one page to the next (the province
dashboard measured 0.35x one run and 0.79x the next on the same code) while the CPU per request
stays the page's own. Both are printed. Even the CPU per request grows with the machine's
load (shared caches and cores), so the login page is measured again just before each page and
each ratio is taken against that adjacent measurement, not against the first one. What it
leaves out: PostgreSQL's time, which is one short query for a page from the cache.

Goals (issue #22, raised from #11's 0.6x and 0.4x): every dashboard >= 0.9x the login page,
every list and the Rakerda page >= 0.8x, zero errors (socket errors, timeouts or any status
other than 200).

Run as `.venv/bin/python scripts/bench_load.py` (`make bench` prepares the database first).
BENCH_LOAD_SECONDS sets the seconds per page (10), BENCH_LOAD_REDIS the Redis database used as
the cache (redis://127.0.0.1:6379/7; CACHE_URL, if set, wins), BENCH_LOAD_PORT gunicorn's port
(a free one by default), BENCH_LOAD_PAGES a comma-separated list of paths to measure instead of
every page (the login page is always measured first, e.g. `BENCH_LOAD_PAGES=/wilayah/63/`).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_table import print_table  # scripts/, this script's own folder

ROOT = Path(__file__).resolve().parent.parent
HOST = "bench.portal.test"
DURATION = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))
CONNECTIONS = 10
WORKERS = 2
YEAR = date.today().year
DASHBOARD_GOAL, LIST_GOAL = 0.9, 0.8
LOGIN_PATH = "/masuk/"
REDIS = os.environ.get("BENCH_LOAD_REDIS", "redis://127.0.0.1:6379/7")

# (label, path, user kind or None for anonymous, goal as a ratio of the login page)
PAGES = [
    ("Login page /masuk/", LOGIN_PATH, None, None),
    ("National dashboard /nasional/", "/nasional/", "pusat", DASHBOARD_GOAL),
    ("Kab/kota dashboard /wilayah/63.71/", "/wilayah/63.71/", "koord", DASHBOARD_GOAL),
    ("Province dashboard /wilayah/63/", "/wilayah/63/", "staf", DASHBOARD_GOAL),
    ("SK list, filtered", "/daftar/sk/?status=terverifikasi", "staf", LIST_GOAL),
    ("Work plan list", "/daftar/rencana-kerja/", "staf", LIST_GOAL),
    ("Planning document list", "/daftar/dokumen-indikator/", "staf", LIST_GOAL),
    ("Budget list, sorted", "/daftar/anggaran/?sort=-amount", "staf", LIST_GOAL),
    ("Regions without a work plan", "/daftar/tanpa-rencana-kerja/", "staf", LIST_GOAL),
    ("GDPK list", "/daftar/gdpk/", "staf", LIST_GOAL),
    ("Verification queue /verifikasi/", "/verifikasi/", "staf", LIST_GOAL),
    ("Rakerda page", f"/target/rakerda/63/{YEAR}/", "staf", LIST_GOAL),
    # The no-login public page (#21): anonymous, no session, served from its whole-page cache.
    ("Public national page /publik/", "/publik/", None, DASHBOARD_GOAL),
]


def chosen_pages() -> list[tuple]:
    """PAGES, or the login page and those BENCH_LOAD_PAGES names."""
    wanted = {path for path in os.environ.get("BENCH_LOAD_PAGES", "").split(",") if path}
    if not wanted:
        return PAGES
    return [page for page in PAGES if page[1] == LOGIN_PATH or page[1] in wanted]


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: `make bench` installs Debian's package (ensure_debian_package.sh).")
        return 2
    env = production_environment()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("scripts/bench_load.py measures PostgreSQL only: set DATABASE_URL=postgres://...")
        return 2
    from django.core.cache import cache

    try:
        cache.get("bench-load-probe")
    except Exception as error:  # any failure: the pages cannot be served without it
        print(f"The cache ({os.environ['CACHE_URL']}) is unreachable: {error}")
        return 2
    cookies = {kind: session_cookie(kind) for kind in ("pusat", "koord", "staf")}
    connection.close()

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ},
        check=True,
    )
    port = int(os.environ.get("BENCH_LOAD_PORT") or free_port())
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        print(
            f"\nLoad: gunicorn, {WORKERS} workers, production settings; wrk, {CONNECTIONS}"
            f" connections, {DURATION} s per page; {os.cpu_count()} CPUs"
        )
        rows, ceiling = [], None
        for label, path, kind, goal in chosen_pages():
            cookie = cookies.get(kind)
            status = first_status(port, path, cookie)
            if ceiling is not None:
                # The login page again, just before this page: the reference is measured under
                # the same load as the page (others' measurements come and go within a run).
                ceiling, _rate, _errors = cpu_per_request(server.pid, port, LOGIN_PATH, None)
            cpu_ms, rate, errors = cpu_per_request(server.pid, port, path, cookie)
            errors += 0 if status == 200 else 1
            if ceiling is None:
                ceiling = cpu_ms
                rows.append(
                    (
                        f"{label}: {rate:.1f} req/s (HTTP {status}); workers' CPU per request",
                        f"{cpu_ms:.1f} ms",
                        "",
                        None,
                    )
                )
            else:
                ratio = ceiling / cpu_ms if cpu_ms else 0.0
                rows.append(
                    (
                        f"{label}: {rate:.1f} req/s, {cpu_ms:.1f} ms CPU a request,"
                        f" ratio to login (HTTP {status})",
                        f"{ratio:.2f}x",
                        f">= {goal}x",
                        ratio >= goal,
                    )
                )
            rows.append((f"{label}: errors", errors, "0", errors == 0))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(env["DJANGO_STATIC_ROOT"], ignore_errors=True)
    print_table(rows)
    return 0 if all(row[3] is not False for row in rows) else 1


def cpu_per_request(master_pid: int, port: int, path: str, cookie: str | None):
    """The workers' CPU milliseconds per request of `path` under wrk's load, the rate, errors."""
    cpu_before = workers_cpu(master_pid)
    rate, requests, errors = run_wrk(port, path, cookie)
    return (workers_cpu(master_pid) - cpu_before) * 1000 / max(requests, 1), rate, errors


def production_environment() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="pokja-bench-static-"),
        # Production requires them all (config/settings/production.py): the bench's database;
        # the cache production uses, Redis (`make bench` starts it), in a database of its own:
        # every page but the login page reads it four times a request (session, the navbar's
        # count, the data generation, the page's parts), and a read from Redis costs the worker
        # about 0.14 ms of CPU where one from the folder cache cost 0.02 ms, so the folder cache
        # (the default until December 2026) made the pages look cheaper than production's; the
        # broker is not used by these pages; no mail is sent.
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "filesystem://"),
        "CACHE_URL": os.environ.get("CACHE_URL", REDIS),
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "PORTAL_BASE_URL": f"https://{HOST}",
        "DEFAULT_FROM_EMAIL": f"noreply@{HOST}",
        "GUNICORN_WORKERS": str(WORKERS),
        # No recycling while measuring: a new worker's start (importing the portal, some CPU
        # seconds) would land on whichever page was being measured.
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESS_LOG": "",  # off: ten thousand lines per page say nothing here
        "GUNICORN_ERROR_LOG": "-",
        # One client address sends every request: the public page's throttle still counts
        # each one (its cost is measured) but never refuses.
        "PUBLIC_REQUESTS_PER_MINUTE": "100000000",
    }


def session_cookie(kind: str) -> str:
    """A logged-in session of the bench user of that kind (scripts/bench.py's users)."""
    from django.conf import settings
    from django.test import Client

    from pokja.models import User

    role, region = {
        "pusat": (User.Role.PUSAT, None),
        "koord": (User.Role.KOORDINATOR, "63.71"),
        "staf": (User.Role.STAF_PROVINSI, "63"),
    }[kind]
    user, _ = User.objects.update_or_create(
        username=f"bench-{kind}", defaults={"role": role, "region_id": region}
    )
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def headers(cookie: str | None) -> dict[str, str]:
    sent = {"Host": HOST, "X-Forwarded-Proto": "https"}
    if cookie:
        sent["Cookie"] = cookie
    return sent


def first_status(port: int, path: str, cookie: str | None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers(cookie))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            first_status(port, LOGIN_PATH, None)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start within 60 s")


def workers_cpu(master_pid: int) -> float:
    """CPU seconds (user and system) the gunicorn workers have used so far: the live workers'
    own, and those of the workers the master recycled (max_requests) and reaped."""
    ticks = os.sysconf("SC_CLK_TCK")

    def stat(pid) -> list[str]:
        # The fields after the command name, which may hold spaces: state is field 3.
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    reaped = stat(master_pid)
    total = int(reaped[13]) + int(reaped[14])  # cutime, cstime (fields 16, 17)
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        try:
            fields = stat(pid)
        except FileNotFoundError:  # recycled meanwhile: counted in cutime from now on
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / ticks


def run_wrk(port: int, path: str, cookie: str | None) -> tuple[float, int, int]:
    """Requests per second, the requests answered, and the errors wrk saw (socket errors and
    non-2xx/3xx answers)."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "30s"]
    for name, value in headers(cookie).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=DURATION + 60,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        errors += int(bad.group(1))
    return rate, requests, errors


if __name__ == "__main__":
    sys.exit(main())
