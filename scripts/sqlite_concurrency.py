"""The embedded default under concurrent logins: SQLite in a file answers no 500.

Six clients log in, open their home page and log out, over and over for SECONDS seconds, against
gunicorn (four worker processes, each its own connection to the file) on a new SQLite database
with the portal's own settings (config.settings.local, DEBUG off). Every login writes (the
session, last_login, the access log) while the others read: in SQLite's default journal a
writer locks every reader out and a waiting reader fails with "database is locked" (a 500);
in WAL mode (config/settings/base.py) readers and the writer do not wait for each other.

Not a pytest test: the suite's SQLite database is in memory (no WAL there, and one process),
and CI's full suite runs on PostgreSQL; this needs its own database file and server processes.
Run by .ci/run; exits 1 on any 500, failed login or lost request. The database and every folder
live in a temporary directory. PORT (default: a free one) is where gunicorn listens.
"""

from __future__ import annotations

import collections
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 6
SECONDS = float(os.environ.get("SQLITE_CONCURRENCY_SECONDS", "8"))
PASSWORD = "bangga-kencana-uji"  # noqa: S105 (a throwaway database's accounts)
# The clients' accounts; prints the journal mode the portal's connections use.
PREPARE = f"""
from django.db import connection
from pokja.models import User
for n in range({CLIENTS}):
    User.objects.create_user(f"klien-{{n}}", password="{PASSWORD}", role=User.Role.PUSAT)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def portal_env(folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CELERY_", "CACHE_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="False",
        PORTAL_IGNORE_DOTENV="1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_STATIC_ROOT=str(folder),  # whitenoise warns about a missing folder
        CELERY_DIR=str(folder / "celery"),
        CACHE_URL=f"filecache://{folder / 'cache'}",
    )
    return env


def client_loop(base: str, username: str, until: float, statuses: collections.Counter) -> None:
    session = requests.Session()
    while time.monotonic() < until:
        try:
            form = session.get(f"{base}/masuk/", timeout=60)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
            login = session.post(
                f"{base}/masuk/",
                data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                allow_redirects=False,
                timeout=60,
            )
            statuses[f"login {login.status_code}"] += 1
            home = session.get(f"{base}/", timeout=60)
            statuses[f"home {home.status_code}"] += 1
            logout = session.post(
                f"{base}/keluar/",
                data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
                allow_redirects=False,
                timeout=60,
            )
            statuses[f"logout {logout.status_code}"] += 1
        except (requests.RequestException, TypeError, KeyError) as exc:
            statuses[f"error {type(exc).__name__}"] += 1


def main() -> int:
    python = str(ROOT / ".venv" / "bin" / "python")
    with tempfile.TemporaryDirectory(prefix="pokja-sqlite-") as scratch:
        folder = Path(scratch)
        env = portal_env(folder)
        manage = [python, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        journal = subprocess.run(
            [*manage, "shell", "--no-imports", "-c", PREPARE],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
        ).stdout.strip()
        port = int(os.environ.get("PORT") or free_port())
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(base)
            statuses: collections.Counter = collections.Counter()
            until = time.monotonic() + SECONDS
            threads = [
                threading.Thread(target=client_loop, args=(base, f"klien-{n}", until, statuses))
                for n in range(CLIENTS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    logins = statuses["login 302"]
    failures = {
        key: count
        for key, count in statuses.items()
        if key not in ("login 302", "home 200", "logout 302")
    }
    print(
        f"SQLite ({journal} journal), {CLIENTS} clients for {SECONDS:.0f} s: {logins} logins, "
        f"{statuses['home 200']} home pages, {statuses['logout 302']} logouts; "
        f"other answers: {failures or 'none'}"
    )
    return 1 if failures or not logins else 0


def wait_for(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/masuk/", timeout=30).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still importing
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {base}")


if __name__ == "__main__":
    sys.exit(main())
