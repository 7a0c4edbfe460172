"""The engine writes only what changed, in bounded batches, and the pages still say when a
region was last judged and what the last run changed (issue #11)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pokja.effectiveness import engine
from pokja.kernel import pagecache
from pokja.models import Assessment, AssessmentChange, AssessmentRun
from tests.factories import (
    KabupatenKotaFactory,
    WorkingGroupFactory,
)
from tests.helpers import YEAR, complete_pokja

TODAY = date(2026, 11, 22)


def run(scope=None, years=(YEAR,)):
    return engine.recompute(years=list(years), scope_code=scope, today=TODAY)


def assessment_writes(captured) -> list[str]:
    table = Assessment._meta.db_table
    return [
        q["sql"]
        for q in captured.captured_queries
        if f'"{table}"' in q["sql"] and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


def test_a_run_that_changes_nothing_writes_no_assessment_row(banjarmasin, banjarbaru):
    complete_pokja(banjarmasin)
    first = run()
    before = list(Assessment.objects.values_list("region", "computed_at", "run"))

    with CaptureQueriesContext(connection) as captured:
        second = run()

    assert assessment_writes(captured) == []
    assert list(Assessment.objects.values_list("region", "computed_at", "run")) == before
    assert {run_pk for _, _, run_pk in before} == {first.pk}
    assert second.region_count == 3 and second.change_count == 0


def test_a_changed_label_rewrites_the_row_without_recording_a_change(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    run()
    changed_at = Assessment.objects.get(region=banjarmasin).changed_at
    pokja.decree_set.update(number="77/KPTS/2026")

    second = run()

    assessment = Assessment.objects.get(region=banjarmasin)
    assert assessment.evidence["sk"]["label"] == "77/KPTS/2026"
    assert assessment.run_id == second.pk
    assert assessment.changed_at == changed_at  # the criteria did not change
    assert not AssessmentChange.objects.filter(run=second).exists()


def test_small_batches_give_the_same_results(kalsel, monkeypatch):
    for n in range(5):
        pokja = complete_pokja(KabupatenKotaFactory(parent=kalsel, code=f"63.{n + 1:02d}"))
        WorkingGroupFactory(pokja=pokja, kind="stunting", name="TPPS")
        if n % 2:
            pokja.budgetallocation_set.update(status="diajukan")
    run(years=(2025, 2026))
    expected = list(Assessment.objects.values("region", "year", "score", "reasons", "groups"))
    Assessment.objects.all().delete()
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)

    finished = run(years=(2025, 2026))

    assert finished.region_count == 6
    assert (
        list(Assessment.objects.values("region", "year", "score", "reasons", "groups")) == expected
    )


def test_working_groups_without_evidence_share_one_breakdown_but_keep_their_names(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    WorkingGroupFactory(pokja=pokja, kind="advokasi", name="Advokasi")
    WorkingGroupFactory(pokja=pokja, kind="stunting", name="TPPS")

    run()

    groups = Assessment.objects.get(region=banjarmasin).groups
    assert sorted(g["name"] for g in groups) == ["Advokasi", "TPPS"]
    assert all(g["score"] == 0 and g["reasons"]["sk"]["code"] == "no_sk" for g in groups)


def test_regions_judged_again_without_change_lose_their_change_mark(
    client_for, staf_kalsel, banjarmasin, banjarbaru
):
    complete_pokja(banjarmasin)
    engine.recompute(years=[YEAR], scope_code="63")
    url = reverse("pokja:region_detail", kwargs={"code": "63"}) + f"?tahun={YEAR}"
    ranking = client_for(staf_kalsel).get(url).context["ranking"]
    assert all(row.is_new for row in ranking)

    second = engine.recompute(years=[YEAR], scope_code="63")

    response = client_for(staf_kalsel).get(url)
    assert all(row.change is None and not row.is_new for row in response.context["ranking"])
    assert response.context["last_computed_at"] == second.finished_at


def test_kabupaten_page_says_when_it_was_last_judged_not_last_written(
    client_for, koord_6371, banjarmasin
):
    complete_pokja(banjarmasin)
    engine.recompute(years=[YEAR], scope_code="63.71")
    second = engine.recompute(years=[YEAR], scope_code="63")  # judged again, nothing changed

    url = reverse("pokja:region_detail", kwargs={"code": "63.71"}) + f"?tahun={YEAR}"
    response = client_for(koord_6371).get(url)

    assert Assessment.objects.get(region=banjarmasin, year=YEAR).run_id != second.pk
    assert response.context["last_computed_at"] == second.finished_at


@pytest.mark.parametrize("years", [(YEAR,), (YEAR - 1, YEAR)])
def test_query_count_is_fixed_per_batch(kalsel, years):
    for n in range(4):
        complete_pokja(KabupatenKotaFactory(parent=kalsel, code=f"63.{n + 1:02d}"))
    run(years=years)

    with CaptureQueriesContext(connection) as captured:
        run(years=years)

    # run row, lock, abandoned runs, regions, 4 kinds of evidence, groups, stored rows, ...
    assert len(captured) <= 16


def test_the_bench_floor_statement_agrees_with_the_engine(kalsel, banjarmasin, banjarbaru):
    from pokja.devdata.bench_engine import floor

    complete_pokja(banjarmasin).budgetallocation_set.update(status="diajukan")
    complete_pokja(banjarbaru)
    run()

    expected = floor(YEAR, TODAY)
    stored = {
        a.region_id: (a.sk_met, a.plan_met, a.indicator_met, a.budget_met)
        for a in Assessment.objects.filter(year=YEAR)
    }
    assert expected == stored
    assert expected["63.71"] == (True, True, True, False)


@pytest.mark.parametrize("queued", [False, True])
def test_a_run_bumps_the_page_cache_once(banjarmasin, monkeypatch, queued):
    """Storing the run as running sends no signal: only its closing save, after the
    assessments, makes the cached pages obsolete (a cache write each, in Redis or a folder)."""
    complete_pokja(banjarmasin)
    given = (
        AssessmentRun.objects.create(
            trigger=AssessmentRun.Trigger.COMMAND, status=AssessmentRun.Status.QUEUED, years=[YEAR]
        )
        if queued
        else None
    )
    writes = []
    monkeypatch.setattr(pagecache, "_replace_generation", lambda: writes.append(1))

    done = engine.recompute(years=[YEAR], run=given, today=TODAY)

    assert len(writes) == 1
    done.refresh_from_db()
    assert done.status == AssessmentRun.Status.DONE
    assert done.started_at is not None
    assert Assessment.objects.filter(run=done).exists()
