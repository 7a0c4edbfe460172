"""The effectiveness engine against its floor, for `make bench` (scripts/bench.py).

The floor is one SQL statement that decides the four criteria of every province and kab/kota
for one year: what the database alone needs to answer the question, without reasons, evidence
or working groups. The engine's time is compared with it in the same run, and its results must
match the statement's exactly. The rules are restated here on purpose, as an independent check
of pokja/effectiveness/rules.py.

The kecamatan run adds every kecamatan (7,285) to what the engine judges, on data generated
inside a transaction that is rolled back afterwards, so the national data set stays as it was.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import override_settings

from pokja.devdata.national import generate
from pokja.effectiveness import rules
from pokja.effectiveness.engine import JUDGED_LEVELS, recompute
from pokja.effectiveness.inputs import table_names
from pokja.models import (
    Assessment,
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    Pokja,
    Region,
    WorkPlan,
)

RUNS = 5


def floor_sql() -> str:
    t = table_names(
        Region, Pokja, Decree, WorkPlan, IndicatorDocument, DocumentIndicator, BudgetAllocation
    )
    levels = ", ".join(f"'{level}'" for level in JUDGED_LEVELS)
    v = f"'{rules.VERIFIED}'"
    # Table names and constants from the models, parameters for the rest: nothing user-given.
    sql = f"""
        SELECT r.code,
          EXISTS (SELECT 1 FROM {t["Decree"]} d WHERE d.pokja_id = p.id
                  AND d.working_group_id IS NULL AND d.status = {v}
                  AND d.valid_from <= %(day)s
                  AND (d.valid_until IS NULL OR %(day)s <= d.valid_until)
                  AND (d.revoked_on IS NULL OR %(day)s < d.revoked_on)),
          EXISTS (SELECT 1 FROM {t["WorkPlan"]} w WHERE w.pokja_id = p.id
                  AND w.working_group_id IS NULL AND w.status = {v} AND w.year = %(year)s),
          EXISTS (SELECT 1 FROM {t["IndicatorDocument"]} i WHERE i.pokja_id = p.id
                  AND i.status = {v} AND i.year_start <= %(year)s AND %(year)s <= i.year_end
                  AND EXISTS (SELECT 1 FROM {t["DocumentIndicator"]} di
                              WHERE di.document_id = i.id)),
          COALESCE((SELECT SUM(b.amount) FROM {t["BudgetAllocation"]} b WHERE b.pokja_id = p.id
                    AND b.is_operational AND b.status = {v} AND b.year = %(year)s), 0) > 0
        FROM {t["Region"]} r LEFT JOIN {t["Pokja"]} p ON p.region_id = r.code
        WHERE r.level IN ({levels})
    """  # noqa: S608
    return sql


def floor(year: int, today: date) -> dict[str, tuple[bool, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), {"year": year, "day": rules.assessment_date(year, today)})
        return {code: tuple(met) for code, *met in cursor.fetchall()}


def engine_against_floor(year: int, today: date) -> dict:
    """Median times of the national one-year recompute and of the floor; their mismatches.

    Each run is one night later, as the nightly runs are: the current year is judged as of a new
    day each time. Measured on vacuumed tables, as a production database is (autovacuum is off
    on the bench machine): planner statistics and the visibility map let the floor read indexes
    alone, which makes it about three times faster than on freshly generated rows, and the
    ratio steady."""
    recompute(years=[year], today=today)  # warm up, and bring stored rows up to date
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    engine_times, floor_times = [], []
    for night in _nights(today):
        started = time.perf_counter()
        recompute(years=[year], today=night)
        engine_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        expected = floor(year, night)
        floor_times.append(time.perf_counter() - started)
    stored = {
        code: tuple(met)
        for code, *met in Assessment.objects.filter(
            year=year, region_id__in=list(expected)
        ).values_list("region_id", *(f"{c}_met" for c in rules.CRITERIA))
    }
    mismatches = sum(stored.get(code) != met for code, met in expected.items())
    engine_s, floor_s = statistics.median(engine_times), statistics.median(floor_times)
    return {
        "regions": len(expected),
        "engine_s": engine_s,
        "floor_s": floor_s,
        "ratio": engine_s / floor_s,
        "mismatches": mismatches,
    }


def _nights(today: date) -> list[date]:
    """RUNS days after today, or before it near the end of the year (the same year either way)."""
    step = timedelta(days=1 if (today + timedelta(days=RUNS)).year == today.year else -1)
    return [today + step * n for n in range(1, RUNS + 1)]


class _RollBack(Exception):
    pass


def kecamatan_run(years: list[int], today: date) -> dict:
    """The engine over every region down to kecamatan: the first run (nearly every row new),
    then a repeated run (what a nightly run meets) with its time and peak Python memory."""
    result: dict = {}
    extra = (*getattr(settings, "EFFECTIVENESS_EXTRA_LEVELS", ()), Region.Level.KECAMATAN)
    try:
        with transaction.atomic(), override_settings(EFFECTIVENESS_EXTRA_LEVELS=extra):
            generate(kecamatan=True, reset=True, today=today)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            started = time.perf_counter()
            run = recompute(years=years, today=today)
            result["first_s"] = time.perf_counter() - started
            result["first_changes"] = run.change_count
            result["regions"] = run.region_count
            # tracemalloc slows Python down several times: memory and time in separate runs.
            tracemalloc.start()
            recompute(years=years, today=today)
            result["repeat_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            started = time.perf_counter()
            run = recompute(years=years, today=today)
            result["repeat_s"] = time.perf_counter() - started
            result["repeat_changes"] = run.change_count
            raise _RollBack
    except _RollBack:
        pass
    return result
