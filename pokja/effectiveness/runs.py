"""Effectiveness runs as a user or the scheduler asks for them: queueing, and tidying up after
runs a dead worker left behind.

The engine (engine.py) does the computing under its lock (kernel/locks.py); this module writes the
run rows around it.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from pokja.broker import WorkerUnreachable, broker_reachable, queued_run_timeout
from pokja.kernel import pagecache
from pokja.models import AssessmentRun, Region, User

logger = logging.getLogger(__name__)

Status = AssessmentRun.Status


def _unreachable() -> WorkerUnreachable:
    return WorkerUnreachable(
        _(
            "The background worker cannot be reached right now, so the recompute was not "
            "queued. Try again later or ask the administrator to check the worker."
        ),
        code="worker_unreachable",
    )


def run_enqueue(*, region: Region, year: int, user: User) -> AssessmentRun:
    """Queue a recompute of `region` for `year` on behalf of `user` (the recompute button).

    Refuses with WorkerUnreachable, writing nothing, when the broker is down. Should sending
    still fail after the row is committed, the run is marked failed with the reason, so no
    "queued" run is left that no worker will ever pick up.
    """
    if not broker_reachable():
        raise _unreachable()
    run = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.BUTTON,
        scope_code=region.code,
        years=[year],
        requested_by=user,
    )
    # Only once the run row is committed may the worker look for it.
    transaction.on_commit(lambda: _send(run.pk))
    return run


def _send(run_id: int) -> None:
    try:
        # By dotted path, at call time: the tasks module imports this one (a web process
        # has not imported the tasks, so Celery's registry would not know the name yet).
        import_string("pokja.tasks.recompute_effectiveness").delay(run_id=run_id)
    except (BrokerError, OSError) as exc:
        logger.exception("Could not queue effectiveness run %s", run_id)
        mark_failed(
            AssessmentRun.objects.filter(pk=run_id, status=Status.QUEUED),
            _("The worker could not be reached: %(error)s") % {"error": exc},
        )


def mark_failed(runs, reason: str) -> int:
    """Mark the given runs failed with `reason`; one UPDATE per run, guarded by its status."""
    now = timezone.now()
    count = 0
    for run in runs:
        updated = AssessmentRun.objects.filter(pk=run.pk, status=run.status).update(
            status=Status.FAILED,
            finished_at=now,
            errors=[*run.errors, {"region": "", "error": reason}],
        )
        count += updated
    if count:
        pagecache.bump()  # the province page shows the run's status
    return count


def fail_abandoned_runs(*, exclude_pk: int | None = None) -> int:
    """Runs a dead worker left behind, marked failed with the reason. Call it holding the lock.

    Whoever holds the engine lock knows no other run is computing, so any other run still
    "running" died with its worker; a run queued longer than `queued_run_timeout()` lost its
    message (or its retries) and will never start.
    """
    others = AssessmentRun.objects.exclude(pk=exclude_pk) if exclude_pk else AssessmentRun.objects
    left = list(
        others.filter(
            Q(status=Status.RUNNING)
            | Q(status=Status.QUEUED, queued_at__lt=timezone.now() - queued_run_timeout())
        ).only("pk", "status", "errors")
    )
    dead = mark_failed(
        [run for run in left if run.status == Status.RUNNING],
        _("The worker stopped during this run (killed, out of memory or restarted)."),
    )
    lost = mark_failed(
        [run for run in left if run.status == Status.QUEUED],
        _("No worker started this run; it was given up."),
    )
    if dead or lost:
        logger.warning("Marked %s dead and %s lost effectiveness runs as failed", dead, lost)
    return dead + lost
