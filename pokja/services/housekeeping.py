"""Nightly housekeeping: tidy what piles up and record that the worker is alive."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone

from pokja.effectiveness.engine import LOCK_NAME
from pokja.effectiveness.locks import EngineLock
from pokja.effectiveness.runs import fail_abandoned_runs
from pokja.models import WorkerHeartbeat


def run_housekeeping(*, hostname: str = "") -> WorkerHeartbeat:
    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    abandoned = fail_runs_left_by_dead_workers()
    return WorkerHeartbeat.objects.create(
        task_name="nightly_housekeeping",
        hostname=hostname,
        detail=f"expired sessions removed: {expired}; abandoned runs marked failed: {abandoned}",
    )


def fail_runs_left_by_dead_workers() -> int:
    """With the engine lock free, no run is computing: mark what dead workers left as failed.

    When a live run holds the lock, the next run (or tomorrow's housekeeping) does it instead.
    """
    lock = EngineLock(LOCK_NAME)
    if not lock.acquire():
        return 0
    try:
        return fail_abandoned_runs()
    finally:
        lock.release()
