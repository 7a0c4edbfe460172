"""The health page: bare status for anyone, detail for administrators only."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pokja import health
from pokja.models import AssessmentRun, WorkerHeartbeat
from pokja.tasks import beat_tick


def test_it_answers_ok_to_an_anonymous_load_balancer(client, db):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_the_bare_status_shows_no_detail_and_fails_when_the_database_fails(client, db, monkeypatch):
    from django.db import connections

    def broken(*args, **kwargs):
        raise connections["default"].Database.OperationalError("down")

    monkeypatch.setattr(type(connections["default"]), "temporary_connection", broken)

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.content == b"error\n"


@pytest.mark.parametrize("persona", ["staf_kalsel", "koord_6371", "pusat"])
def test_only_administrators_see_the_detail(request, client_for, persona):
    user = request.getfixturevalue(persona)

    assert client_for(user).get(reverse("health_detail")).status_code == 404


def test_the_detail_asks_an_anonymous_visitor_to_log_in(client, db):
    assert client.get(reverse("health_detail")).status_code == 302


def detail(client_for, admin):
    response = client_for(admin).get(reverse("health_detail"), {"format": "json"})
    return response.status_code, response.json()


def by_check(body: dict) -> dict:
    return {key.split("(")[0]: value for key, value in body.items()}


def test_the_detail_names_every_probe_and_what_is_wrong(client_for, admin, monkeypatch):
    # No worker answers in the test run, beat never ticked, no nightly run yet.
    monkeypatch.setattr("health_check.contrib.celery.Ping.run", _no_workers)

    status, body = detail(client_for, admin)

    checks = by_check(body)
    assert status == 500
    assert checks["Database"] == "OK"
    assert checks["Broker"] == "OK"
    assert "unavailable" in checks["Ping"].lower()
    assert checks["BeatTick"] == "Unavailable: beat has never ticked"
    assert checks["NightlyRun"] == "Warning: no successful nightly run yet"
    assert checks["MediaStorage"] == "OK"


def _no_workers(self):
    from health_check.exceptions import ServiceUnavailable

    raise ServiceUnavailable("Celery workers unavailable")


def test_beat_tick_and_nightly_run_turn_green_when_recent(
    transactional_db, client_for, admin, monkeypatch
):
    monkeypatch.setattr("health_check.contrib.celery.Ping.run", lambda self: None)
    beat_tick.apply()
    AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.NIGHTLY,
        status=AssessmentRun.Status.DONE,
        finished_at=timezone.now() - timedelta(hours=3),
    )

    status, body = detail(client_for, admin)

    assert status == 200, body
    assert set(by_check(body).values()) == {"OK"}


def test_a_stale_beat_and_an_old_nightly_run_are_reported(db):
    tick = health.record_beat_tick()
    WorkerHeartbeat.objects.filter(pk=tick.pk).update(ran_at=timezone.now() - timedelta(hours=1))
    AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.NIGHTLY,
        status=AssessmentRun.Status.DONE,
        finished_at=timezone.now() - timedelta(hours=30),
    )

    with pytest.raises(Exception, match="last beat tick 60 min ago"):
        health.BeatTick().run()
    with pytest.raises(Exception, match="30 h ago"):
        health.NightlyRun().run()


@override_settings(HEALTH_MIN_FREE_DISK_MB=10**12)
def test_too_little_disk_for_media_is_reported(db):
    with pytest.raises(Exception, match="MB free for media"):
        health.MediaStorage().run()


def test_beat_schedules_the_tick():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["beat-tick"]["task"] == beat_tick.name
