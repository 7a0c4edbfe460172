"""The recompute engine on the database: results, idempotency, changes, lock, query bounds."""

from datetime import date

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pokja.effectiveness import engine
from pokja.models import Assessment, AssessmentChange, AssessmentRun
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    KabupatenKotaFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.helpers import YEAR, complete_pokja

TODAY = date(2026, 11, 22)


def run(scope=None, years=(YEAR,)):
    return engine.recompute(years=list(years), scope_code=scope, today=TODAY)


def test_complete_pokja_is_effective_and_cites_its_evidence(banjarmasin):
    pokja = complete_pokja(banjarmasin)

    run()

    assessment = Assessment.objects.get(region=banjarmasin, year=YEAR)
    assert (assessment.score, assessment.is_effective) == (4, True)
    assert assessment.evidence["sk"]["pk"] == pokja.decree_set.get().pk
    assert assessment.reasons == {}


def test_unverified_budget_leaves_the_region_not_effective_with_a_reason(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    pokja.budgetallocation_set.update(status="diajukan")

    run()

    assessment = Assessment.objects.get(region=banjarmasin, year=YEAR)
    assert (assessment.score, assessment.budget_met) == (3, False)
    assert assessment.reasons["budget"]["code"] == "budget_unverified"


def test_an_sk_signed_in_2026_does_not_make_2025_effective_in_hindsight(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    pokja.decree_set.update(valid_from=date(2025, 1, 1), set_on=date(2026, 2, 10))
    WorkPlanFactory(pokja=pokja, year=YEAR - 1)
    BudgetAllocationFactory(pokja=pokja, year=YEAR - 1)

    run(years=(YEAR - 1, YEAR))

    assessments = {a.year: a for a in Assessment.objects.filter(region=banjarmasin)}
    assert (assessments[YEAR - 1].sk_met, assessments[YEAR - 1].is_effective) == (False, False)
    assert assessments[YEAR - 1].reasons["sk"]["code"] == "sk_signed_later"
    assert assessments[YEAR].is_effective


def test_a_document_whose_only_indicator_is_other_does_not_meet_the_criterion(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    document = pokja.indicatordocument_set.get()
    document.indicators.update(indicator="lainnya", other_name="Jumlah posyandu aktif")

    run()

    assessment = Assessment.objects.get(region=banjarmasin, year=YEAR)
    assert (assessment.indicator_met, assessment.is_effective) == (False, False)
    assert assessment.reasons["indicator"]["code"] == "document_only_other_indicators"

    DocumentIndicatorFactory(document=document, indicator="mcpr")
    run()

    assert Assessment.objects.get(region=banjarmasin, year=YEAR).indicator_met


def test_every_region_in_scope_is_judged_even_without_pokja(
    kalsel, banjarmasin, banjarbaru, makassar
):
    complete_pokja(banjarmasin)

    finished = run(scope="63")

    assert finished.region_count == 3  # the province, 63.71 and 63.72; never 73.71
    assert not Assessment.objects.filter(region=makassar).exists()
    assert Assessment.objects.get(region=banjarbaru, year=YEAR).reasons["sk"]["code"] == "no_pokja"


def test_a_run_for_one_kabupaten_judges_that_one_only(kalsel, banjarmasin, banjarbaru):
    complete_pokja(banjarmasin)
    complete_pokja(banjarbaru)

    finished = run(scope="63.71")

    assert finished.region_count == 1
    assert list(Assessment.objects.values_list("region", flat=True)) == ["63.71"]


def test_two_runs_in_a_row_give_identical_results_and_no_duplicates(banjarmasin, banjarbaru):
    complete_pokja(banjarmasin)
    first = run()
    before = list(Assessment.objects.values("region", "year", "score", "evidence", "reasons"))

    second = run()

    assert (
        list(Assessment.objects.values("region", "year", "score", "evidence", "reasons")) == before
    )
    assert Assessment.objects.count() == 3  # the province, 63.71 and 63.72
    assert first.change_count == 3  # the first judgement of each region
    assert second.change_count == 0
    assert AssessmentChange.objects.filter(run=second).count() == 0


def test_change_since_last_run_is_recorded(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    pokja.budgetallocation_set.update(status="diajukan")
    run()
    pokja.budgetallocation_set.update(status="terverifikasi")

    second = run()

    change = AssessmentChange.objects.get(run=second)
    assert (change.old_score, change.new_score) == (3, 4)
    assert (change.was_effective, change.is_effective) == (False, True)
    assert change.criteria == {"budget": [False, True]}


def test_working_groups_get_their_own_breakdown(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    group = WorkingGroupFactory(pokja=pokja, kind="stunting", name="TPPS")
    DecreeFactory(pokja=pokja, working_group=group)

    run()

    breakdown = Assessment.objects.get(region=banjarmasin).groups
    assert breakdown == [
        {
            "pk": group.pk,
            "name": "TPPS",
            "kind": "stunting",
            "score": 1,
            "met": {"sk": True, "plan": False, "indicator": False, "budget": False},
            "reasons": breakdown[0]["reasons"],
        }
    ]
    assert breakdown[0]["reasons"]["plan"]["code"] == "no_plan"


def test_one_regions_odd_data_does_not_abort_the_others(banjarmasin, banjarbaru, monkeypatch):
    complete_pokja(banjarmasin)
    complete_pokja(banjarbaru)
    real_judge = engine.rules.judge

    def judge(facts, year, today):
        if facts is not None and facts.decrees and facts.decrees[0].number == "rusak":
            raise ValueError("odd data")
        return real_judge(facts, year, today)

    banjarbaru.pokja.decree_set.update(number="rusak")
    monkeypatch.setattr(engine.rules, "judge", judge)

    finished = run()

    assert finished.status == AssessmentRun.Status.DONE
    assert [e["region"] for e in finished.errors] == ["63.72"]
    assert Assessment.objects.get(region=banjarmasin).is_effective


def test_lock_is_released_after_a_run(banjarmasin):
    run()
    run()

    assert AssessmentRun.objects.filter(status=AssessmentRun.Status.DONE).count() == 2


def test_query_count_does_not_grow_with_regions(kalsel):
    for n in range(3):
        complete_pokja(KabupatenKotaFactory(parent=kalsel, code=f"63.{n + 1:02d}"))
    with CaptureQueriesContext(connection) as small:
        run(years=(2025, 2026))
    # 26 regions and two years: 52 rows, within one INSERT on SQLite too (Django 5.2 splits one
    # at 999 parameters, 55 rows of an assessment; PostgreSQL writes through COPY).
    for n in range(3, 25):
        complete_pokja(KabupatenKotaFactory(parent=kalsel, code=f"63.{n + 1:02d}"))
    with CaptureQueriesContext(connection) as large:
        run(years=(2025, 2026))

    assert Assessment.objects.filter(year=2026, is_effective=True).count() == 25
    assert len(large.captured_queries) == len(small.captured_queries)


def test_management_command_runs_the_same_service(banjarmasin, capsys):
    complete_pokja(banjarmasin)

    call_command("recompute_effectiveness", "--year", str(timezone.localdate().year))

    assert "2 regions" in capsys.readouterr().out  # the kota and its province
    assert Assessment.objects.filter(region=banjarmasin).exists()
