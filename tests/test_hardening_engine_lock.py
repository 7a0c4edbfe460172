"""The engine lock is held by a live process only; runs a dead worker left are marked failed."""

import contextlib
import subprocess
import sys
from datetime import timedelta

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pokja.effectiveness import engine, runs
from pokja.kernel import locks
from pokja.models import AssessmentRun
from pokja.services.housekeeping import run_housekeeping

YEAR = 2026
Status = AssessmentRun.Status

HOLD_FILE_LOCK = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(120)
"""


@contextlib.contextmanager
def lock_held_by_another_worker():
    """Another worker holding the lock; `kill()` makes it die the way `kill -9` would."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        other = psycopg2.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            password=settings["PASSWORD"] or None,
        )
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(%s), pg_backend_pid()",
                [locks._advisory_key(engine.LOCK_NAME)],
            )
            pid = cursor.fetchone()[1]

        def kill():
            with connection.cursor() as cursor:
                # With a timeout, PostgreSQL waits until the backend has exited (and its locks
                # are gone), as the holder's death would be complete before anyone looks.
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])

        try:
            yield kill
        finally:
            other.close()
        return
    locks.lock_dir().mkdir(parents=True, exist_ok=True)
    path = locks.lock_dir() / f"{engine.LOCK_NAME}.lock"
    holder = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", HOLD_FILE_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"

    def kill():
        holder.kill()  # SIGKILL: no cleanup code runs in the holder
        holder.wait()

    try:
        yield kill
    finally:
        holder.kill()
        holder.wait()


def recompute():
    return engine.recompute(years=[YEAR], scope_code=None)


def test_a_run_stands_down_while_a_live_worker_holds_the_lock(transactional_db, banjarmasin):
    with lock_held_by_another_worker(), pytest.raises(engine.EngineBusy):
        recompute()

    assert AssessmentRun.objects.get().status == Status.SKIPPED


def test_a_killed_holder_frees_the_lock_at_once(transactional_db, banjarmasin):
    with lock_held_by_another_worker() as kill:
        kill()

        finished = recompute()

    assert finished.status == Status.DONE


def test_the_run_a_killed_worker_left_running_is_marked_failed(transactional_db, banjarmasin):
    dead = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.NIGHTLY,
        years=[YEAR],
        status=Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
    )

    recompute()

    dead.refresh_from_db()
    assert dead.status == Status.FAILED
    assert dead.finished_at is not None
    assert "Worker berhenti" in dead.errors[-1]["error"]


def test_old_queued_runs_are_given_up_and_fresh_ones_kept(transactional_db, banjarmasin):
    lost = AssessmentRun.objects.create(trigger=AssessmentRun.Trigger.BUTTON, years=[YEAR])
    AssessmentRun.objects.filter(pk=lost.pk).update(
        queued_at=timezone.now() - runs.queued_run_timeout() - timedelta(minutes=1)
    )
    fresh = AssessmentRun.objects.create(trigger=AssessmentRun.Trigger.BUTTON, years=[YEAR])

    run_housekeeping()

    assert AssessmentRun.objects.get(pk=lost.pk).status == Status.FAILED
    assert AssessmentRun.objects.get(pk=fresh.pk).status == Status.QUEUED


def test_housekeeping_leaves_a_running_run_alone_while_its_worker_lives(
    transactional_db, banjarmasin
):
    alive = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.NIGHTLY, years=[YEAR], status=Status.RUNNING
    )

    with lock_held_by_another_worker():
        run_housekeeping()

    assert AssessmentRun.objects.get(pk=alive.pk).status == Status.RUNNING


def test_recompute_button_with_the_broker_down_queues_nothing_and_says_so(
    client_for, staf_kalsel, kalsel, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app
    from kombu import Connection

    # A Redis port where nothing listens: the broker is unreachable.
    monkeypatch.setattr(
        current_app,
        "connection_for_write",
        lambda *args, **kwargs: Connection("redis://127.0.0.1:1/0", connect_timeout=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staf_kalsel).post(
            reverse("pokja:recompute_now", args=[kalsel.code]), {"tahun": YEAR}, follow=True
        )

    assert response.status_code == 200
    assert not AssessmentRun.objects.exists()
    text = " ".join(str(m) for m in response.context["messages"])
    assert "tidak dapat dihubungi" in text


def test_a_send_that_fails_after_commit_leaves_a_failed_run_not_a_queued_one(
    db, kalsel, staf_kalsel, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from pokja.tasks import recompute_effectiveness

    monkeypatch.setattr(runs, "broker_reachable", lambda: True)

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(recompute_effectiveness, "delay", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_enqueue(region=kalsel, year=YEAR, user=staf_kalsel)

    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "connection refused" in run.errors[-1]["error"]
