"""Benchmark of the Excel target import: every kab/kota of Indonesia, 15 indicators.

The upload is per province (the user's own), so the benchmark does what all provinces together
would do: for each province it downloads its template (`build_template`), fills every cell the
way a user would, and imports it (`import_targets`) — 38 workbooks one after another, about 514
kab/kota rows in all. Only the imports are timed; building and filling the workbooks is reported
separately. Everything runs in one transaction that is rolled back at the end, so the benchmark
leaves no targets, users or indicators behind, whatever database it is pointed at.

    DATABASE_URL=postgres://... python manage.py shell -c \
        "from targets.devdata.bench import bench_import; print(bench_import())"
"""

from __future__ import annotations

import random
import time
import uuid
from decimal import Decimal
from io import BytesIO

from django.db import connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from pokja.kernel.accounts import User
from pokja.kernel.indicators import seed_catalogue
from pokja.kernel.regions import Region
from pokja.services.regions import load_regions
from targets import excel
from targets.models import Indicator, NationalTarget
from targets.services.targets import kabupaten_kota_of, province_own_share

INDICATOR_COUNT = 15
GOAL_SECONDS = 5.0


def bench_import(*, seed: int = 2026, province_codes: tuple[str, ...] = ()) -> dict:
    """Import one filled-in workbook per province (or those of `province_codes`: the tests');
    return the timings and counts."""
    if not Region.objects.kabupaten_kota().exists():
        load_regions()
    result: dict = {}
    with transaction.atomic():
        seed_catalogue(Indicator, NationalTarget)
        _ensure_indicators(INDICATOR_COUNT)
        user = User.objects.create(
            username=f"bench-import-{uuid.uuid4().hex[:8]}", role=User.Role.ADMIN
        )
        year = timezone.localdate().year + 1
        rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        provinces = Region.objects.provinces().order_by("code")
        if province_codes:
            provinces = provinces.filter(code__in=province_codes)
        provinces = [p for p in provinces if kabupaten_kota_of(p)]

        started = time.perf_counter()
        workbooks = [(p, _filled(excel.build_template(p, year), rng)) for p in provinces]
        build_seconds = time.perf_counter() - started

        queries = _QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            for province, data in workbooks:
                outcome = excel.import_targets(
                    user=user, province=province, year=year, fileobj=BytesIO(data)
                )
                if not outcome.ok:
                    raise RuntimeError(f"{province.code}: {outcome.errors[:3]}")
            import_seconds = time.perf_counter() - started

        regions = sum(len(kabupaten_kota_of(p)) for p in provinces)
        result = {
            "database": connection.vendor,
            "provinces": len(provinces),
            "kabupaten_kota": regions,
            "indicators": Indicator.objects.filter(is_active=True).count(),
            "cells": (regions + len(provinces)) * INDICATOR_COUNT,
            "build_and_fill_seconds": round(build_seconds, 2),
            "import_seconds": round(import_seconds, 2),
            "queries": queries.count,
            "goal_seconds": GOAL_SECONDS,
            "within_goal": import_seconds < GOAL_SECONDS,
        }
        transaction.set_rollback(True)
    return result


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _ensure_indicators(count: int) -> None:
    """The catalogue has 14 active indicators; add bench-only counts up to `count` (rolled back)."""
    active = Indicator.objects.filter(is_active=True).count()
    for n in range(active, count):
        Indicator.objects.create(
            code=f"bench-{n}",
            name=f"Bench {n}",
            unit="orang",
            direction=Indicator.Direction.HIGHER,
            kind=Indicator.Kind.ADDITIVE,
            lowest_level=Indicator.Level.KABUPATEN_KOTA,
            frequency=Indicator.Frequency.YEARLY,
            order=900 + n,
        )


def _filled(template: bytes, rng: random.Random) -> bytes:
    """The template with every cell filled: counts that add up, rates per kab/kota."""
    workbook = load_workbook(BytesIO(template))
    sheet = workbook[excel.TARGET_SHEET]
    codes = [c.value for c in sheet[1]][excel.FIRST_VALUE_COLUMN - 1 :]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    last_row = sheet.max_row
    for offset, code in enumerate(codes):
        column = excel.FIRST_VALUE_COLUMN + offset
        if indicators[code].kind == Indicator.Kind.ADDITIVE:
            values = [rng.randint(50, 5000) for _ in range(excel.FIRST_DATA_ROW + 1, last_row + 1)]
            # What a user types: the kab/kota's sum, plus the province's own Pokja where the
            # province figure counts it (the import checks that).
            province_value = sum(values) + int(province_own_share(indicators[code], Decimal(1)))
        else:
            values = [
                float(Decimal(rng.uniform(5, 80)).quantize(Decimal("0.01")))
                for _ in range(excel.FIRST_DATA_ROW + 1, last_row + 1)
            ]
            province_value = round(sum(values) / len(values), 2)
        sheet.cell(row=excel.FIRST_DATA_ROW, column=column, value=province_value)
        for row, value in enumerate(values, start=excel.FIRST_DATA_ROW + 1):
            sheet.cell(row=row, column=column, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
