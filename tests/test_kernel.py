"""The kernel's promises that are not tied to one record type: the queue lists every verifiable
model, achievements that the portal computes are never typed, admin edits go through the
workflow, and a corrected rejection is submitted again."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pokja.forms import DecreeForm
from pokja.kernel import workflow
from pokja.kernel.verification import Status
from targets.models import Achievement
from targets.selectors import achievement_values
from targets.services.achievements import achievement_save
from tests.factories import (
    AchievementFactory,
    AssessmentFactory,
    DecreeFactory,
    IndicatorFactory,
    PokjaFactory,
)


def test_submitted_achievements_reach_the_verification_queue(client_for, staf_kalsel, banjarmasin):
    indicator = IndicatorFactory(code="peserta-kb-baru", name="Peserta KB baru")
    AchievementFactory(region=banjarmasin, indicator=indicator, status=Status.DIAJUKAN)

    response = client_for(staf_kalsel).get(reverse("pokja:verification_queue"))

    rows = [row.record for row in response.context["table"].paginated_rows]
    assert [row["kind"] for row in rows] == ["Capaian"]
    assert "63.71" in rows[0]["url"] or "63" in rows[0]["url"]


def test_an_achievement_saved_outside_the_workflow_starts_as_a_draft(banjarmasin):
    achievement = Achievement(
        region=banjarmasin, indicator=IndicatorFactory(), year=2026, period=0, value=5
    )
    assert achievement.status == Status.DRAF


@pytest.fixture
def effective_indicator(db):
    return IndicatorFactory(code="pokja-efektif", name="Jumlah Pokja yang efektif")


def test_the_effective_pokja_count_comes_from_the_engine(banjarmasin, effective_indicator):
    AssessmentFactory(region=banjarmasin, year=2026, is_effective=True)

    values = achievement_values(["63.71"], [effective_indicator.pk], [2026])

    assert values == {("63.71", effective_indicator.pk, 2026): Decimal(1)}


def test_the_effective_pokja_count_cannot_be_typed(staf_kalsel, banjarmasin, effective_indicator):
    with pytest.raises(ValidationError, match="computed by the portal|dihitung"):
        achievement_save(
            region=banjarmasin,
            indicator=effective_indicator,
            year=2026,
            period=0,
            value=Decimal(1),
            user=staf_kalsel,
        )


def test_admin_edits_go_through_the_workflow(client_for, admin, banjarmasin):
    achievement = AchievementFactory(region=banjarmasin, status=Status.DIAJUKAN, value=100)
    url = reverse("admin:targets_achievement_change", args=[achievement.pk])
    client = client_for(admin)
    page = client.get(url)
    data = {
        name: (value if value is not None else "")
        for name, value in page.context["adminform"].form.initial.items()
        if name in page.context["adminform"].form.fields and name != "document"
    }
    data.update(value="120", status=Status.TERVERIFIKASI, region=banjarmasin.code)
    data["indicator"] = achievement.indicator_id
    data["created_by"] = ""
    data["verified_by"] = ""

    client.post(url, data)

    achievement.refresh_from_db()
    assert (achievement.value, achievement.status, achievement.version) == (
        Decimal(120),
        Status.TERVERIFIKASI,
        2,
    )
    assert achievement.verified_by == admin
    assert achievement.history.latest("history_date").history_change_reason == "admin"


def test_a_rejected_record_is_not_offered_rejected_again(koord_6371, banjarmasin):
    decree = DecreeFactory(
        pokja=PokjaFactory(region=banjarmasin), status=Status.DITOLAK, rejection_reason="Buram"
    )
    form = DecreeForm(instance=decree, user=koord_6371, parent=decree.pokja)

    assert [value for value, _label in form.fields["status"].choices] == ["draf", "diajukan"]
    assert form.initial["status"] == Status.DIAJUKAN


def test_a_stale_save_raises_and_changes_nothing(staf_kalsel, banjarmasin):
    decree = DecreeFactory(pokja=PokjaFactory(region=banjarmasin), status=Status.DRAF)
    decree.number = "SK baru"
    with pytest.raises(workflow.StaleRecord):
        workflow.record_save(record=decree, user=staf_kalsel, expected_version=0)
    decree.refresh_from_db()
    assert decree.number != "SK baru"
