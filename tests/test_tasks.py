"""The Celery machinery, end to end: a real worker consuming from the configured broker."""

import os

from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from config.celery_app import app
from pokja.models import Assessment, AssessmentRun, WorkerHeartbeat
from pokja.tasks import nightly_housekeeping, recompute_effectiveness


def test_housekeeping_runs_on_a_real_worker(celery_worker):
    result = nightly_housekeeping.delay()

    heartbeat_id = result.get(timeout=30)

    heartbeat = WorkerHeartbeat.objects.get(pk=heartbeat_id)
    assert heartbeat.task_name == "nightly_housekeeping"
    assert heartbeat.hostname and heartbeat.hostname in celery_worker.hostname


def test_worker_uses_the_configured_broker():
    driver = app.connection().transport.driver_type
    assert driver == settings.CELERY_BROKER_URL.split("://")[0]


def test_housekeeping_is_scheduled_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-housekeeping"]

    assert entry["task"] == nightly_housekeeping.name
    assert entry["schedule"] == crontab(hour=settings.HOUSEKEEPING_HOUR, minute=0)
    assert app.conf.beat_schedule["nightly-housekeeping"]["task"] == nightly_housekeeping.name


def test_tasks_speak_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0


def test_effectiveness_recompute_runs_on_a_real_worker(celery_worker, banjarmasin):
    run = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.BUTTON, scope_code="63", years=[2026]
    )

    recompute_effectiveness.delay(run_id=run.pk).get(timeout=30)

    run.refresh_from_db()
    assert run.status == AssessmentRun.Status.DONE
    assert run.region_count == 2  # Kalimantan Selatan and Kota Banjarmasin
    assert Assessment.objects.filter(region=banjarmasin, year=2026).exists()


def test_nightly_task_judges_the_current_and_previous_year(banjarmasin):
    run_id = recompute_effectiveness.apply().get()

    run = AssessmentRun.objects.get(pk=run_id)
    this_year = timezone.localdate().year
    assert run.trigger == AssessmentRun.Trigger.NIGHTLY
    assert run.years == [this_year - 1, this_year]
    assert Assessment.objects.filter(region=banjarmasin).count() == 2


def test_effectiveness_is_scheduled_nightly_at_the_configured_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-effectiveness"]

    assert entry["task"] == recompute_effectiveness.name
    assert entry["schedule"] == crontab(hour=settings.EFFECTIVENESS_HOUR, minute=0)
    assert settings.EFFECTIVENESS_HOUR == 1
    assert app.conf.timezone == settings.TIME_ZONE


def test_recompute_task_retries_when_the_database_connection_is_lost(db, monkeypatch):
    attempts = []

    def flaky_recompute(**kwargs):
        attempts.append(kwargs)
        if len(attempts) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("pokja.tasks.recompute", flaky_recompute)

    result = recompute_effectiveness.apply(kwargs={"years": [2026]})

    assert len(attempts) == 2
    assert result.successful()


def test_test_settings_ignore_a_developers_environment(monkeypatch, tmp_path):
    """EFFECTIVENESS_MINUTE=30 in a developer's .env once broke the schedule tests."""
    import subprocess
    import sys

    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.test'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.EFFECTIVENESS_HOUR, s.EFFECTIVENESS_MINUTE, s.TARGET_THRESHOLDS['hampir'])"
    )
    environment = {
        **os.environ,
        "EFFECTIVENESS_MINUTE": "30",
        "EFFECTIVENESS_HOUR": "4",
        "TARGET_THRESHOLD_HAMPIR": "50",
    }
    output = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert output.stdout.split() == ["1", "0", "90"]
