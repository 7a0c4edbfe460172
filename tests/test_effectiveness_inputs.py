"""The engine judges again only the regions whose inputs changed, and misses no change (#11).

Every change below is made with `QuerySet.update()` or `delete()`: no signal, no version and no
`updated_at` moves, as with a bulk import, an admin action or a data migration. The digest of
what a judgement reads (pokja/effectiveness/inputs.py) must still notice, so that a run after
the change stores exactly what a run from scratch would.
"""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from health_check.exceptions import ServiceUnavailable

from pokja import health
from pokja.effectiveness import engine, inputs
from pokja.models import (
    Assessment,
    AssessmentChange,
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    Pokja,
    WorkingGroup,
    WorkPlan,
)
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    PokjaFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)

YEAR = 2026
TODAY = date(2026, 11, 22)
STORED = (
    *(f"{c}_met" for c in ("sk", "plan", "indicator", "budget")),
    *("score", "is_effective", "has_pokja", "assessed_on", "evidence", "reasons", "groups"),
)


def run(today=TODAY):
    return engine.recompute(years=[YEAR], today=today)


def stored():
    return list(Assessment.objects.order_by("region", "year").values("region", *STORED))


def pokja_with_a_group(region):
    pokja = PokjaFactory(region=region)
    DecreeFactory(pokja=pokja, number="SK-POKJA", valid_until=date(2027, 12, 31))
    WorkPlanFactory(pokja=pokja, year=YEAR, title="Rencana kerja Pokja")
    DocumentIndicatorFactory(document=IndicatorDocumentFactory(pokja=pokja, title="RPJMD"))
    BudgetAllocationFactory(pokja=pokja, year=YEAR)
    group = WorkingGroupFactory(pokja=pokja, kind=WorkingGroup.Kind.STUNTING, name="TPPS")
    WorkPlanFactory(pokja=pokja, working_group=group, year=YEAR, title="Rencana kerja TPPS")
    return pokja


def _evidence(model):
    return lambda pokja: model.objects.filter(pokja=pokja, working_group=None)


decrees, plans, documents, budgets = (
    _evidence(m) for m in (Decree, WorkPlan, IndicatorDocument, BudgetAllocation)
)
CHANGES = {
    "SK number": lambda p: decrees(p).update(number="SK-BARU"),
    "SK status": lambda p: decrees(p).update(status="diajukan"),
    "SK end": lambda p: decrees(p).update(valid_until=date(2026, 6, 30)),
    "SK start": lambda p: decrees(p).update(valid_from=date(2026, 12, 1)),
    "SK revoked": lambda p: decrees(p).update(revoked_on=date(2026, 3, 1)),
    "SK signed after the assessment date": lambda p: decrees(p).update(set_on=date(2026, 12, 1)),
    "SK moved to a group": lambda p: decrees(p).update(working_group=p.working_groups.get()),
    "SK deleted": lambda p: decrees(p).delete(),
    "SK added for the group": lambda p: DecreeFactory(
        pokja=p, working_group=p.working_groups.get(), number="SK-TPPS"
    ),
    "plan title": lambda p: plans(p).update(title="Rencana kerja baru"),
    "plan status": lambda p: plans(p).update(status="ditolak"),
    "plan year": lambda p: plans(p).update(year=YEAR + 1),
    "group's plan status": lambda p: WorkPlan.objects.filter(working_group__pokja=p).update(
        status="diajukan"
    ),
    "document title": lambda p: documents(p).update(title="Renstra"),
    "document status": lambda p: documents(p).update(status="diajukan"),
    "document years": lambda p: documents(p).update(year_end=YEAR - 1),
    "document loses its indicators": lambda p: DocumentIndicator.objects.filter(
        document__pokja=p
    ).delete(),
    "document's indicator becomes Other": lambda p: DocumentIndicator.objects.filter(
        document__pokja=p
    ).update(indicator="lainnya", other_name="Indikator daerah"),
    "budget amount": lambda p: budgets(p).update(amount=0),
    "budget status": lambda p: budgets(p).update(status="diajukan"),
    "budget not operational": lambda p: budgets(p).update(is_operational=False),
    "budget year": lambda p: budgets(p).update(year=YEAR - 1),
    "budget moved to a group": lambda p: budgets(p).update(working_group=p.working_groups.get()),
    "group name": lambda p: p.working_groups.update(name="Tim Percepatan"),
    "group kind": lambda p: p.working_groups.update(kind=WorkingGroup.Kind.GDPK),
    "group inactive": lambda p: p.working_groups.update(is_active=False),
    "group added": lambda p: WorkingGroupFactory(pokja=p, name="Advokasi"),
    "Pokja deleted": lambda p: (
        WorkPlan.objects.filter(pokja=p).delete(),
        Pokja.objects.filter(pk=p.pk).delete(),
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_run_after_any_change_stores_what_a_run_from_scratch_would(banjarmasin, change):
    pokja = pokja_with_a_group(banjarmasin)
    run()
    before = stored()

    change(pokja)
    run()
    after = stored()
    Assessment.objects.all().delete()
    run()

    assert after != before  # the change shows on the dashboard...
    assert after == stored()  # ...exactly as a run from scratch shows it


# The same changes written in SQL by hand, past Django altogether (a database console, a script,
# a restore tool): the database's triggers still move the Pokja's stamp.
RAW_SQL = {
    "SK": "UPDATE pokja_decree SET number = 'SK-BARU' WHERE pokja_id = %(pokja)s",
    "plan": "UPDATE pokja_workplan SET status = 'ditolak' WHERE pokja_id = %(pokja)s",
    "document": "UPDATE pokja_indicatordocument SET year_end = 2025 WHERE pokja_id = %(pokja)s",
    "document's indicators": (
        "DELETE FROM pokja_documentindicator WHERE document_id IN"
        " (SELECT id FROM pokja_indicatordocument WHERE pokja_id = %(pokja)s)"
    ),
    "budget": "UPDATE pokja_budgetallocation SET amount = 0 WHERE pokja_id = %(pokja)s",
    "group": "UPDATE pokja_workinggroup SET is_active = FALSE WHERE pokja_id = %(pokja)s",
}


@pytest.mark.parametrize("statement", RAW_SQL.values(), ids=RAW_SQL.keys())
def test_a_change_written_in_sql_by_hand_is_noticed(banjarmasin, statement):
    pokja = pokja_with_a_group(banjarmasin)
    run()
    before = stored()

    with connection.cursor() as cursor:
        cursor.execute(statement, {"pokja": pokja.pk})
    run()
    after = stored()
    Assessment.objects.all().delete()
    run()

    assert after != before
    assert after == stored()


def test_evidence_moved_to_another_pokja_judges_both_again(banjarmasin, banjarbaru):
    pokja_with_a_group(banjarmasin)
    other = pokja_with_a_group(banjarbaru)
    first = run()

    budgets(other).update(pokja=Pokja.objects.get(region=banjarmasin))
    second = run()

    runs = dict(Assessment.objects.values_list("region", "run"))
    assert runs == {"63": first.pk, "63.71": second.pk, "63.72": second.pk}
    assert not Assessment.objects.get(region=banjarbaru).budget_met


def test_only_the_region_that_changed_is_judged_again(banjarmasin, banjarbaru):
    pokja_with_a_group(banjarmasin)
    changed = pokja_with_a_group(banjarbaru)
    first = run()
    plans(changed).update(status="ditolak")

    second = run()

    runs = dict(Assessment.objects.values_list("region", "run"))
    assert runs == {"63": first.pk, "63.71": first.pk, "63.72": second.pk}
    assert second.change_count == 1


def test_a_run_that_changes_nothing_reads_no_evidence(banjarmasin):
    pokja_with_a_group(banjarmasin)
    run()

    with CaptureQueriesContext(connection) as captured:
        run()

    # The digest statement reads the evidence tables (unquoted); the ORM's loaders quote them.
    read = [
        q["sql"]
        for q in captured.captured_queries
        if any(f'"{m._meta.db_table}"' in q["sql"] for m in (Decree, WorkPlan, WorkingGroup))
    ]
    assert read == []


def test_a_new_day_on_which_no_sk_changes_state_judges_nothing_again(banjarmasin):
    pokja_with_a_group(banjarmasin)
    first = run()

    later = run(today=date(2026, 11, 25))

    assessment = Assessment.objects.get(region=banjarmasin)
    assert (assessment.run_id, assessment.assessed_on) == (first.pk, TODAY)
    assert later.change_count == 0


def test_a_new_day_on_which_the_sk_expires_is_judged_again(banjarmasin):
    pokja = pokja_with_a_group(banjarmasin)
    decrees(pokja).update(valid_until=date(2026, 11, 30))
    run()
    assert Assessment.objects.get(region=banjarmasin).sk_met

    later = run(today=date(2026, 12, 1))

    assessment = Assessment.objects.get(region=banjarmasin)
    assert not assessment.sk_met
    assert assessment.reasons["sk"]["code"] == "sk_expired"
    assert (assessment.run_id, assessment.assessed_on) == (later.pk, date(2026, 12, 1))
    assert AssessmentChange.objects.get(run=later).criteria == {"sk": [True, False]}


def test_a_new_day_on_which_the_sk_is_signed_is_judged_again(banjarmasin):
    pokja = pokja_with_a_group(banjarmasin)
    decrees(pokja).update(set_on=date(2026, 11, 24))
    run()
    assert not Assessment.objects.get(region=banjarmasin).sk_met

    later = run(today=date(2026, 11, 24))

    assert Assessment.objects.get(region=banjarmasin).sk_met
    assert AssessmentChange.objects.get(run=later).criteria == {"sk": [False, True]}


def test_a_new_day_on_which_the_sk_is_revoked_is_judged_again(banjarmasin):
    pokja = pokja_with_a_group(banjarmasin)
    decrees(pokja).update(revoked_on=date(2026, 11, 28))
    run()

    later = run(today=date(2026, 11, 28))

    assert Assessment.objects.get(region=banjarmasin).reasons["sk"]["code"] == "sk_revoked"
    assert AssessmentChange.objects.get(run=later).criteria == {"sk": [True, False]}


def test_a_run_for_an_earlier_day_judges_that_day(banjarmasin):
    pokja = pokja_with_a_group(banjarmasin)
    decrees(pokja).update(valid_from=date(2026, 11, 20))
    run()

    earlier = run(today=date(2026, 11, 19))

    assessment = Assessment.objects.get(region=banjarmasin)
    assert assessment.reasons["sk"]["code"] == "sk_not_yet_valid"
    assert (assessment.run_id, assessment.assessed_on) == (earlier.pk, date(2026, 11, 19))


def test_new_rules_judge_every_region_again_without_recording_changes(
    banjarmasin, banjarbaru, monkeypatch
):
    pokja_with_a_group(banjarmasin)
    run()
    monkeypatch.setattr(inputs, "code_version", lambda: "a-new-release")

    second = run()

    assert set(Assessment.objects.values_list("run", flat=True)) == {second.pk}
    assert second.change_count == 0


def _drop_the_budget_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER pokja_budgetallocation_stamp ON pokja_budgetallocation")
        else:
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER pokja_budgetallocation_stamp_{event}")


def test_a_missing_trigger_shows_red_on_the_health_page_until_migrate_puts_it_back(banjarmasin):
    """SQLite drops a table's triggers when a migration rebuilds the table to alter it."""
    pokja = pokja_with_a_group(banjarmasin)
    run()
    _drop_the_budget_triggers()
    with pytest.raises(ServiceUnavailable, match="pokja_budgetallocation_stamp"):
        health.EvidenceStamps().run()

    call_command("migrate", verbosity=0)

    health.EvidenceStamps().run()
    budgets(pokja).update(amount=0)
    run()
    assert not Assessment.objects.get(region=banjarmasin).budget_met
