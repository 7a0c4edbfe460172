"""The run status fragment that the province page polls after "Recompute now" (#10)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pokja.effectiveness import engine
from pokja.models import AssessmentRun

YEAR = timezone.localdate().year
URL = reverse("pokja:run_status", args=["63"])


@pytest.fixture
def queued_run(kalsel, banjarmasin, staf_kalsel):
    return AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.BUTTON,
        scope_code="63",
        years=[YEAR],
        requested_by=staf_kalsel,
    )


def test_staff_see_a_queued_run_as_not_finished(client_for, staf_kalsel, queued_run):
    data = client_for(staf_kalsel).get(URL).json()

    assert data["finished"] is False
    assert data["status"] == "queued"
    assert "Dalam antrean" in data["html"]


def test_staff_see_the_run_finished_once_it_ran(client_for, staf_kalsel, queued_run):
    engine.recompute(years=[YEAR], scope_code="63", run=queued_run)
    data = client_for(staf_kalsel).get(URL).json()

    assert data["finished"] is True
    assert "Selesai" in data["html"]


def test_province_page_polls_only_while_a_run_is_under_way(client_for, staf_kalsel, queued_run):
    client = client_for(staf_kalsel)
    content = client.get(f"/wilayah/63/?tahun={YEAR}").content.decode()
    assert "data-active" in content and "js/run_status.js" in content

    engine.recompute(years=[YEAR], scope_code="63", run=queued_run)
    assert "data-active" not in client.get(f"/wilayah/63/?tahun={YEAR}").content.decode()


@pytest.mark.parametrize("user", ["koord_6371", "pusat", "staf_sulsel"])
def test_others_cannot_poll_the_province_runs(client_for, request, queued_run, user):
    assert client_for(request.getfixturevalue(user)).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client, queued_run):
    assert client.get(URL).status_code == 302
