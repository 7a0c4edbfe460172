"""The engine's writes through COPY on PostgreSQL (pokja/kernel/bulkcopy.py) store exactly what
bulk_create stored: text with tabs, line breaks and backslashes, NULLs, booleans, JSON and the
change records, and a second run updates in place (issue #22)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pokja.effectiveness import engine, rules
from pokja.models import Assessment, AssessmentChange, Decree
from tests.helpers import YEAR, complete_pokja

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; elsewhere bulk_create writes"
)

TODAY = date(2026, 11, 22)
AWKWARD = 'SK 12\\2021\tBab "I"\nrevisi ½'


def run():
    return engine.recompute(years=[YEAR], today=TODAY)


def assessment_inserts(captured) -> list[str]:
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT INTO")]
    written = [q for q in inserts if AssessmentChange._meta.db_table in q.split("(")[0]]
    return written + [q for q in inserts if f'"{Assessment._meta.db_table}"' in q.split("(")[0]]


def test_a_first_run_stores_every_value_as_written(banjarmasin, banjarbaru):
    pokja = complete_pokja(banjarmasin)
    Decree.objects.filter(pokja=pokja).update(number=AWKWARD)

    with CaptureQueriesContext(connection) as captured:
        first = run()

    # Streamed by COPY, not sent as INSERT statements whose values Django prepares row by row:
    # every row is new, so COPY writes them straight into the table, without any INSERT.
    assert assessment_inserts(captured) == []
    stored = Assessment.objects.get(region=banjarmasin, year=YEAR)
    assert stored.evidence["sk"]["label"] == AWKWARD
    assert (stored.is_effective, stored.score, stored.has_pokja) == (True, 4, True)
    assert stored.run_id == first.pk and stored.assessed_on == rules.assessment_date(YEAR, TODAY)
    without = Assessment.objects.get(region=banjarbaru, year=YEAR)
    assert (without.has_pokja, without.score, without.groups) == (False, 0, [])
    assert without.reasons["sk"] == {"code": "no_pokja", "params": {}}
    change = AssessmentChange.objects.get(region=banjarmasin, run=first)
    assert (change.old_score, change.was_effective, change.new_score) == (None, None, 4)
    assert change.created_at is not None


def test_a_later_run_updates_the_stored_row_in_place(banjarmasin):
    pokja = complete_pokja(banjarmasin)
    run()
    first = Assessment.objects.get(region=banjarmasin, year=YEAR)

    pokja.budgetallocation_set.update(status="diajukan")
    with CaptureQueriesContext(connection) as captured:
        second = run()

    # The stored row is replaced by the one INSERT ... ON CONFLICT reading the staging table.
    written = assessment_inserts(captured)
    assert len(written) == 1 and f"{Assessment._meta.db_table}_copy" in written[0]

    again = Assessment.objects.get(region=banjarmasin, year=YEAR)
    assert again.pk == first.pk and again.run_id == second.pk
    assert (again.budget_met, again.score, again.is_effective) == (False, 3, False)
    change = AssessmentChange.objects.get(region=banjarmasin, run=second)
    assert change.criteria == {"budget": [True, False]}
    assert (change.old_score, change.was_effective) == (4, True)
