"""Working without a connection: the service worker and manifest, the "Antrean kirim" page and
status, and the server's side of a replayed form (pokja/kernel/replay.py): saved once whatever
the number of replays, a change meanwhile answered as a conflict, an ended session as the login
redirect. The browser's side is in tests/browser/test_offline_queue.py."""

import re
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from kampungkb.forms import ProfileForm
from kampungkb.models import Profile
from kampungkb.record_types import ACTIVITIES, PROFILES
from pokja.kernel import workflow
from pokja.models import SubmissionKey
from tests.kampungkb_factories import ProfileFactory

JSON = {"HTTP_ACCEPT": "application/json"}


def profile_data(kampung, user, instance=None, **values) -> dict:
    """The profile form as a browser would send it untouched, with `values` changed."""
    form = ProfileForm(instance=instance or Profile(kampung=kampung), user=user, parent=kampung)
    data = {}
    for name in form.fields:
        value = form[name].value()
        skipped = value is None or value is False or value == ""  # (0 is a value)
        if not skipped and name not in ("document", "rkm_document"):
            data[name] = value
    return {**data, **values}


@pytest.fixture
def kampung(two_villages):
    return two_villages[0]


def test_the_service_worker_is_served_from_the_root_without_a_cdn(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "/static/vendor/workbox/" in body
    assert "googleapis" not in body and "cdn" not in body.lower().replace("its cdn", "")


def test_the_worker_keeps_every_file_the_queue_page_runs_on(client_for, operator):
    """The queue page must open offline with its scripts and icons: every file the worker keeps
    at install exists, and every script and style sheet the page links is among them (a renamed
    script once made the whole install fail, so nothing was kept)."""
    worker = client_for(operator).get("/sw.js").content.decode()
    block = re.search(r"QUEUE_PAGE_FILES = \[(.*?)\];", worker, re.S).group(1)
    kept = set(re.findall(r'"([^"]+)"', block))
    for url in kept:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    page = client_for(operator).get(reverse("pokja:offline_queue")).content.decode()
    linked = set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', page))
    assert linked and linked <= kept, linked - kept
    assert any(url.endswith("bootstrap-icons.woff2") for url in kept)  # icons offline


def test_the_manifest_names_the_app_and_its_icons(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_only_operators_get_the_app_and_the_queue(client_for, operator, koord_6371):
    page = client_for(operator).get(reverse("pokja:offline_queue")).content.decode()
    assert f'data-offline-user="{operator.pk}"' in page
    assert 'rel="manifest"' in page
    coordinator = client_for(koord_6371)
    assert "data-offline-user" not in coordinator.get(reverse("pokja:home")).content.decode()
    assert coordinator.get(reverse("pokja:offline_queue")).status_code == 404
    assert coordinator.get(reverse("pokja:offline_status")).status_code == 404


def test_status_lists_only_the_operators_own_pages(client_for, operator, two_villages):
    own, other = two_villages
    data = client_for(operator).get(reverse("pokja:offline_status")).json()
    assert data["user"] == operator.pk and data["csrf"]
    assert own.get_absolute_url() in data["pages"]
    assert PROFILES.create_url(own) in data["pages"]
    assert ACTIVITIES.create_url(own) in data["pages"]
    assert not any(page.startswith(other.get_absolute_url()) for page in data["pages"])


def test_status_after_the_session_ended_is_the_login_redirect(client, operator):
    response = client.get(reverse("pokja:offline_status"), **JSON)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_replayed_form_is_saved_once(client_for, operator, kampung):
    client = client_for(operator)
    key = str(uuid.uuid4())
    data = profile_data(kampung, operator, period="03/2025", submission_key=key)
    first = client.post(PROFILES.create_url(kampung), data, **JSON)
    assert first.status_code == 200 and first.json()["result"] == "saved"
    again = client.post(PROFILES.create_url(kampung), data, **JSON)
    assert again.json()["result"] == "duplicate"
    assert again.json()["url"] == first.json()["url"]
    assert Profile.objects.filter(kampung=kampung).count() == 1
    assert SubmissionKey.objects.filter(user=operator).count() == 1


def test_a_form_sent_twice_from_the_page_is_saved_once(client_for, operator, kampung):
    client = client_for(operator)
    data = profile_data(kampung, operator, period="03/2025", submission_key=str(uuid.uuid4()))
    client.post(PROFILES.create_url(kampung), data)
    response = client.post(PROFILES.create_url(kampung), data, follow=True)
    assert "sudah diterima" in response.content.decode()
    assert Profile.objects.filter(kampung=kampung).count() == 1


def test_another_users_key_is_not_a_duplicate(client_for, operator, other_operator, two_villages):
    key = str(uuid.uuid4())
    for user, kampung in ((operator, two_villages[0]), (other_operator, two_villages[1])):
        data = profile_data(kampung, user, period="03/2025", submission_key=key)
        response = client_for(user).post(PROFILES.create_url(kampung), data, **JSON)
        assert response.json()["result"] == "saved"
    assert Profile.objects.count() == 2


def test_a_refused_form_answers_its_errors_and_saves_nothing(client_for, operator, kampung):
    data = profile_data(
        kampung,
        operator,
        period="03/2025",
        pus="10",
        kb_pill="12",
        submission_key=str(uuid.uuid4()),
    )
    response = client_for(operator).post(PROFILES.create_url(kampung), data, **JSON)
    assert response.status_code == 400
    assert response.json()["result"] == "invalid" and response.json()["errors"]
    assert not Profile.objects.exists()
    assert not SubmissionKey.objects.exists()  # corrected, the same item may be sent again


def test_a_change_meanwhile_is_a_conflict_and_keeping_mine_saves_it(
    client_for, operator, koord_6371, kampung
):
    profile = ProfileFactory(kampung=kampung, status="diajukan", pokja_formed=True, pokja_members=5)
    client = client_for(operator)
    data = profile_data(kampung, operator, instance=profile, pokja_members="9")
    data["submission_key"] = str(uuid.uuid4())
    workflow.record_reject(record=profile, user=koord_6371, reason="Angka anggota keliru")

    response = client.post(PROFILES.url("edit", profile), data, **JSON)
    assert response.status_code == 409
    answer = response.json()
    assert answer["result"] == "conflict"
    assert answer["reason"] == "Angka anggota keliru"
    assert {"label": "Anggota Pokja", "mine": "9", "stored": "5"} in answer["rows"]
    profile.refresh_from_db()
    assert (profile.pokja_members, profile.status) == (5, "ditolak")  # nothing overwritten

    data["expected_version"] = answer["version"]  # "Kirim versi saya"
    assert client.post(PROFILES.url("edit", profile), data, **JSON).json()["result"] == "saved"
    profile.refresh_from_db()
    assert profile.pokja_members == 9


def test_a_replay_after_the_session_ended_saves_nothing(client, operator, kampung):
    data = profile_data(kampung, operator, period="03/2025", submission_key=str(uuid.uuid4()))
    response = client.post(PROFILES.create_url(kampung), data, **JSON)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Profile.objects.exists()


def test_a_replay_cannot_reach_another_village(client_for, operator, two_villages):
    other = two_villages[1]
    data = profile_data(other, operator, period="03/2025", submission_key=str(uuid.uuid4()))
    response = client_for(operator).post(PROFILES.create_url(other), data, **JSON)
    assert response.status_code == 404
    assert not Profile.objects.exists()
