"""National-scale stunting data for `make bench`, and the stunting rows of its table.

Every province and kab/kota (552) gets 6 years of three yearly sources (SSGI, SKI and another
named survey), every kab/kota 6 years of monthly e-PPGBM, the 8 actions of this year, and
semester reports for about half of them. Generated values, marked demo; bulk-inserted (no
history rows: a benchmark, not a record of anything).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pokja.kernel.regions import Region
from stunting.models import ConvergenceAction, OverdueReport, PrevalenceFigure, SemesterReport
from stunting.services import compute_overdue_reports

YEARS = 6
OVERDUE_GOAL_S = 1.0
CENT = Decimal("0.01")


@transaction.atomic
def generate(seed: int = 13) -> int:
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    this_year = timezone.localdate().year
    years = range(this_year - YEARS, this_year)
    PrevalenceFigure.objects.filter(is_demo=True).delete()
    ConvergenceAction.objects.filter(is_demo=True).delete()
    SemesterReport.objects.filter(is_demo=True).delete()
    OverdueReport.objects.all().delete()
    regions = list(Region.objects.filter(level__in=("provinsi", "kabupaten", "kota")))
    figures = []
    for region in regions:
        level = rng.uniform(18, 36)
        for year in years:
            for source, name, shift in (("ssgi", "", 0), ("ski", "", 1.5), ("lainnya", "SGP", -2)):
                value = Decimal(level + shift + rng.uniform(-2, 2)).quantize(CENT)
                figures.append(_figure(region.code, source, name, year, 0, value))
            if not region.is_province:
                for month in range(1, 13):
                    value = Decimal(level / 4 + rng.uniform(-1, 1)).quantize(CENT)
                    figures.append(_figure(region.code, "eppgbm", "", year, month, value))
            level = max(8, level - rng.uniform(0, 2))
    PrevalenceFigure.objects.bulk_create(figures, batch_size=5000)
    kabkota = [r for r in regions if not r.is_province]
    ConvergenceAction.objects.bulk_create(
        [
            ConvergenceAction(
                region=r,
                year=this_year,
                action=a,
                progress="selesai" if a <= rng.randrange(9) else "belum",
                done_on=datetime.date(this_year, 1, 15),
                is_demo=True,
            )
            for r in kabkota
            for a in ConvergenceAction.Action.values
        ],
        batch_size=5000,
    )
    SemesterReport.objects.bulk_create(
        [
            SemesterReport(
                region=r,
                year=this_year - 1,
                semester=s,
                status="terverifikasi",
                document="bench/laporan.pdf",
                is_demo=True,
            )
            for r in regions[::2]
            for s in (1, 2)
        ],
        batch_size=5000,
    )
    return len(figures)


def _figure(code, source, name, year, month, value) -> PrevalenceFigure:
    return PrevalenceFigure(
        region_id=code,
        source=source,
        survey_name=name,
        year=year,
        month=month,
        value=value,
        publication_title="Bench (generated)",
        status="terverifikasi",
        is_demo=True,
    )


def measure_overdue(runs: int = 3) -> tuple[float, int, int]:
    """Median time of the nightly overdue computation, its queries and the rows it wrote."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        written = compute_overdue_reports()
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        compute_overdue_reports()
    return statistics.median(timings), len(captured), written


def bench_rows(measure_page, bench_user, province: str, goal_ms: int, goal_q: int):
    """Generate, then the rows of scripts/bench.py's table for the stunting pages."""
    count = generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds, queries, written = measure_overdue()
    rows = [
        ("Stunting figures generated", count, "", None),
        (
            f"Stunting overdue computation ({written} owed): time",
            f"{seconds:.3f} s",
            f"< {OVERDUE_GOAL_S:.0f} s",
            seconds < OVERDUE_GOAL_S,
        ),
        ("Stunting overdue computation: queries", queries, "", None),
    ]
    pages = (
        (
            "Stunting province",
            f"/stunting/provinsi/{province}/?sumber=ssgi",
            "staf",
            "staf_provinsi",
        ),
        (
            "Stunting province e-PPGBM",
            f"/stunting/provinsi/{province}/?sumber=eppgbm",
            "staf",
            "staf_provinsi",
        ),
        ("Stunting national", "/stunting/nasional/?sumber=ssgi", "pusat", "pusat"),
    )
    for label, url, kind, role in pages:
        median_ms, page_queries, status = measure_page(url, bench_user(kind, role), cached=False)
        rows.append(
            (
                f"{label}: median time (HTTP {status})",
                f"{median_ms:.1f} ms",
                f"< {goal_ms} ms",
                median_ms < goal_ms,
            )
        )
        rows.append((f"{label}: queries", page_queries, f"< {goal_q}", page_queries < goal_q))
    return rows
