"""The health page: bare status for anyone, detail for administrators only."""

from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
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


@pytest.fixture
def deployed():
    """`deployed(ago)`: as if the database had been migrated that long ago (the deployment's
    birth). The migration rows are put back afterwards: a transactional test's flush keeps
    them."""
    applied = list(MigrationRecorder.Migration.objects.values_list("pk", "applied"))

    def set_age(ago: timedelta) -> None:
        MigrationRecorder.Migration.objects.update(applied=timezone.now() - ago)

    yield set_age
    for pk, moment in applied:
        MigrationRecorder.Migration.objects.filter(pk=pk).update(applied=moment)


PROBES = {"database", "broker", "celery_workers", "beat_tick", "nightly_run", "media_storage"}
PROBES |= {"evidence_stamps"}


def test_the_detail_keys_are_stable_names(client_for, admin, monkeypatch):
    monkeypatch.setattr("health_check.contrib.celery.Ping.run", _no_workers)

    _status, body = detail(client_for, admin)

    # never a repr such as "Ping(app=<Celery pokja at 0x7fba…>)", which changes per process
    assert set(body) == PROBES


def test_the_detail_names_every_probe_and_what_is_wrong(
    transactional_db, client_for, admin, monkeypatch, deployed
):
    # No worker answers in the test run; deployed two days ago, beat never ticked, no nightly run.
    monkeypatch.setattr("health_check.contrib.celery.Ping.run", _no_workers)
    deployed(timedelta(days=2))

    status, body = detail(client_for, admin)

    assert status == 500
    assert body["database"] == "OK"
    assert body["broker"] == "OK"
    assert "unavailable" in body["celery_workers"].lower()
    assert body["beat_tick"] == "Unavailable: never ticked, deployed 2880 min ago"
    assert body["nightly_run"] == "Warning: no successful nightly run yet (deployed 48 h ago)"
    assert body["media_storage"] == "OK"
    assert body["evidence_stamps"] == "OK"


def test_a_fresh_deployment_is_not_red_before_its_first_tick_and_night(
    transactional_db, client_for, admin, monkeypatch, deployed
):
    monkeypatch.setattr("health_check.contrib.celery.Ping.run", lambda self: None)
    deployed(timedelta(minutes=3))

    status, body = detail(client_for, admin)

    assert status == 200, body
    assert body["beat_tick"] == "OK"
    assert body["nightly_run"] == "OK"


def test_a_beat_that_never_ticked_is_red_once_a_tick_is_overdue(db, deployed):
    deployed(timedelta(minutes=20))  # HEALTH_BEAT_MAX_AGE_MINUTES is 15; ticks every 5

    with pytest.raises(Exception, match="never ticked, deployed 20 min ago"):
        health.BeatTick().run()
    health.NightlyRun().run()  # the first night is still to come


def test_no_nightly_run_is_a_warning_once_a_night_was_missed(db, deployed):
    deployed(timedelta(hours=27))  # HEALTH_NIGHTLY_MAX_AGE_HOURS is 26

    with pytest.raises(Exception, match="no successful nightly run yet"):
        health.NightlyRun().run()


def _no_workers(self):
    from health_check.exceptions import ServiceUnavailable

    raise ServiceUnavailable("Celery workers unavailable")


def test_beat_tick_and_nightly_run_turn_green_when_recent(
    transactional_db, client_for, admin, monkeypatch, deployed
):
    monkeypatch.setattr("health_check.contrib.celery.Ping.run", lambda self: None)
    deployed(timedelta(days=30))
    beat_tick.apply()
    AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.NIGHTLY,
        status=AssessmentRun.Status.DONE,
        finished_at=timezone.now() - timedelta(hours=3),
    )

    status, body = detail(client_for, admin)

    assert status == 200, body
    assert set(body.values()) == {"OK"}


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


# --- /kesehatan/ probed by a load balancer straight at a backend ---------------------------

BEHIND_NGINX = {
    "ALLOWED_HOSTS": ["pokja.kalsel.bkkbn.go.id"],
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@override_settings(**BEHIND_NGINX)
def test_a_load_balancer_probing_a_backend_by_ip_gets_ok(client, db):
    # Host is the backend's address, plain HTTP, no X-Forwarded-Proto: no 400, no 301.
    response = client.get("/kesehatan/", HTTP_HOST="10.20.0.11:8000")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@override_settings(**BEHIND_NGINX)
def test_only_the_bare_probe_skips_the_host_check(client, admin):
    client.force_login(admin)

    assert client.get("/kesehatan/rinci/", HTTP_HOST="10.20.0.11").status_code == 400
    assert client.get("/masuk/", HTTP_HOST="10.20.0.11").status_code == 400
    assert client.get("/kesehatan/x", HTTP_HOST="10.20.0.11").status_code == 400


@override_settings(**BEHIND_NGINX)
def test_other_pages_are_still_redirected_to_https(client, db):
    response = client.get("/masuk/", HTTP_HOST="pokja.kalsel.bkkbn.go.id")

    assert response.status_code == 301
    assert response["Location"] == "https://pokja.kalsel.bkkbn.go.id/masuk/"
