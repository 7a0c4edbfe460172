"""The embedded default (SQLite in a file) runs in WAL mode: readers and the writer never wait
for each other, so concurrent logins get no "database is locked" (the load itself is checked by
scripts/sqlite_concurrency.py, a CI stage: it needs server processes and a database file)."""

import json
import os

from tests.helpers import manage_shell

ASK = (
    "import json; from django.db import connection; c = connection.cursor();"
    " print(json.dumps([c.execute(f'PRAGMA {p}').fetchone()[0]"
    " for p in ('journal_mode', 'synchronous', 'busy_timeout')]))"
)


def test_a_sqlite_database_file_is_opened_in_wal_mode(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        PORTAL_IGNORE_DOTENV="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    journal_mode, synchronous, busy_timeout = json.loads(manage_shell(ASK, environment))
    assert journal_mode == "wal"
    assert synchronous == 1  # NORMAL
    assert busy_timeout == 20_000  # a writer waits 20 s for another before giving up
