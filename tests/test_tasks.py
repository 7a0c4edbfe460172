"""The Celery machinery, end to end: a real worker consuming from the configured broker."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from config.celery_app import app
from pokja.models import WorkerHeartbeat
from pokja.tasks import nightly_housekeeping


def close_worker_db_connection(**kwargs):
    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db):
    # The in-process worker runs tasks in its own thread with its own database connection;
    # closing it after each task lets the test database be dropped at the end of the run.
    task_postrun.connect(close_worker_db_connection)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    task_postrun.disconnect(close_worker_db_connection)


def test_housekeeping_runs_on_a_real_worker(celery_worker):
    result = nightly_housekeeping.delay()

    heartbeat_id = result.get(timeout=30)

    heartbeat = WorkerHeartbeat.objects.get(pk=heartbeat_id)
    assert heartbeat.task_name == "nightly_housekeeping"
    assert heartbeat.hostname and heartbeat.hostname in celery_worker.hostname


def test_worker_uses_the_configured_broker():
    assert app.connection().as_uri().split("://")[0] == settings.CELERY_BROKER_URL.split("://")[0]


def test_housekeeping_is_scheduled_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-housekeeping"]

    assert entry["task"] == nightly_housekeeping.name
    assert entry["schedule"] == crontab(hour=settings.HOUSEKEEPING_HOUR, minute=0)
    assert app.conf.beat_schedule["nightly-housekeeping"]["task"] == nightly_housekeeping.name


def test_tasks_speak_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
