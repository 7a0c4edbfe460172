"""Nightly housekeeping: tidy what piles up and record that the worker is alive."""

from __future__ import annotations

import logging

from django.contrib.sessions.models import Session
from django.utils import timezone

from pokja.effectiveness.engine import LOCK_NAME
from pokja.effectiveness.runs import fail_abandoned_runs
from pokja.kernel import kept_uploads
from pokja.kernel.file_retention import remove_orphan_files
from pokja.kernel.locks import ProcessLock
from pokja.models import WorkerHeartbeat
from pokja.services.exports import remove_old_export_jobs

logger = logging.getLogger(__name__)


def run_housekeeping(*, hostname: str = "") -> WorkerHeartbeat:
    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    abandoned = fail_runs_left_by_dead_workers()
    exports_removed, exports_given_up = remove_old_export_jobs()
    kept_removed = kept_uploads.remove_expired()
    orphans = remove_orphan_files()
    if orphans:
        logger.warning("%s stored files belonged to no record, removed: %s", len(orphans), orphans)
    detail = (
        f"expired sessions removed: {expired}; abandoned runs marked failed: {abandoned}; "
        f"old exports removed: {exports_removed}; exports given up: {exports_given_up}; "
        f"expired kept uploads removed: {kept_removed}; "
        f"orphan files removed: {len(orphans)}"
    )
    if orphans:
        detail += f" (first: {orphans[0]})"
    return WorkerHeartbeat.objects.create(
        task_name="nightly_housekeeping", hostname=hostname, detail=detail[:255]
    )


def fail_runs_left_by_dead_workers() -> int:
    """With the engine lock free, no run is computing: mark what dead workers left as failed.

    When a live run holds the lock, the next run (or tomorrow's housekeeping) does it instead.
    """
    lock = ProcessLock(LOCK_NAME)
    if not lock.acquire():
        return 0
    try:
        return fail_abandoned_runs()
    finally:
        lock.release()
