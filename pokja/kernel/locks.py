"""A named lock held by a live process only, so a killed worker frees it at once: the
effectiveness engine, the Kampung KB classification and housekeeping each take one, so that
two runs of the same job never overlap.

On PostgreSQL it is a session-level advisory lock (`pg_try_advisory_lock`): the server drops it
the moment the worker's connection goes away, whether the worker finished, crashed, was killed
with `kill -9` or lost its machine. On the embedded SQLite default it is an exclusive `flock` on
a file in LOCK_DIR, which the operating system drops when the process that holds it dies.

Either way nothing needs a "stale after two hours" rule: if the lock can be taken, nobody is
running, and any run still marked running or long queued was abandoned (see runs.py).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.db import connection


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key for the lock name (PostgreSQL advisory locks take a bigint)."""
    digest = hashlib.sha256(f"pokja:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_dir() -> Path:
    return Path(getattr(settings, "ENGINE_LOCK_DIR", settings.CELERY_DIR))


class ProcessLock:
    """`lock.acquire()` -> bool without waiting; `lock.release()`; one instance per holder."""

    def __init__(self, name: str):
        self.name = name
        self._handle = None  # the open lock file (SQLite), or True while the advisory lock is held

    @property
    def uses_advisory_lock(self) -> bool:
        return connection.vendor == "postgresql"

    def acquire(self) -> bool:
        if self._handle is not None:
            return False
        if self.uses_advisory_lock:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [_advisory_key(self.name)])
                if cursor.fetchone()[0]:
                    self._handle = True
            return self._handle is not None
        folder = lock_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / f"{self.name}.lock", "a+")  # noqa: SIM115 (held past this call)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # for an operator's curiosity only; the flock decides
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        if self._handle is True:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_advisory_key(self.name)])
        else:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
        self._handle = None

    def is_free(self) -> bool:
        """Whether nobody holds the lock right now (taken and given back at once)."""
        if self.acquire():
            self.release()
            return True
        return False
