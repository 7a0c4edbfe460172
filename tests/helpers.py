"""Helpers shared by the test files, one copy each: a Pokja that meets every criterion, a CSV
download as rows, a region page's address, a clock set to a fixed day, the smallest files the
portal accepts and the forms that upload them, and last year's evaluated targets of Kalsel."""

from __future__ import annotations

import base64
import csv
import datetime
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import openpyxl
from django.db import transaction
from django.http import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from kampungkb.models import Profile
from pokja.models import Decree
from targets.services import targets as target_services
from tests.factories import (
    AchievementFactory,
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    IndicatorFactory,
    PokjaFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
    WorkPlanFactory,
)

YEAR = 2026  # the year the tests are about, whatever the date they run on
T = TypeVar("T")


def complete_pokja(region, year: int = YEAR):
    """A Pokja meeting the four criteria in `year`: a valid SK, a work plan, an indicator
    document covering the year, and a budget."""
    pokja = PokjaFactory(region=region)
    DecreeFactory(pokja=pokja, valid_until=datetime.date(year + 1, 12, 31))
    WorkPlanFactory(pokja=pokja, year=year)
    DocumentIndicatorFactory(
        document=IndicatorDocumentFactory(pokja=pokja, year_start=year - 5, year_end=year)
    )
    BudgetAllocationFactory(pokja=pokja, year=year)
    return pokja


def csv_rows(download: HttpResponseBase | bytes) -> list[list[str]]:
    """The rows of a CSV response (streamed or not) or file content, without Excel's BOM."""
    if isinstance(download, HttpResponseBase):
        streaming = getattr(download, "streaming", False)
        download = b"".join(download.streaming_content) if streaming else download.content
    return list(csv.reader(io.StringIO(download.decode("utf-8-sig"))))


def region_url(code: str, **params) -> str:
    """A region's page, e.g. region_url("63.71", tahun=2025)."""
    url = reverse("pokja:region_detail", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def set_the_clock_to(monkeypatch, day: datetime.date) -> None:
    """Run the test as if it started at noon on `day`: the clock still moves (so timestamps
    keep their order), but `timezone.now()` and `localdate()` fall on that day."""
    real_now = timezone.now
    local_start = timezone.localtime(real_now()).replace(tzinfo=None)
    shift = datetime.datetime.combine(day, datetime.time(12)) - local_start
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)


def shared_then_rolled_back(django_db_blocker, set_up: Callable[[], T]) -> Iterator[T]:
    """For a class- or module-scoped fixture (`yield from` it): data set up once for several
    tests that only read it, then undone. As Django's `TestCase.setUpTestData`: it is written
    in a transaction that each test's own transaction nests in, rolled back after the last
    test. Files written meanwhile stay (as they did when each test set up its own data); a test
    that changes files or needs a database without this data sets up its own."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = set_up()
        except BaseException as exc:
            outer.__exit__(type(exc), exc, exc.__traceback__)
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_formula_cells(content: bytes) -> list[str]:
    """Where a workbook holds something a spreadsheet would run: a formula element in a sheet's
    XML, or formula-like text without the quote prefix that keeps Excel from reading it as a
    formula once the cell is edited. An empty list means the file is safe to open."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            is_sheet = name.startswith("xl/worksheets/")
            if is_sheet and re.search(rb"<(\w+:)?f[ >]", archive.read(name)):
                found.append(f"{name}: formula element")
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: formula {text!r}")
                elif (
                    isinstance(text, str)
                    and text.startswith(FORMULA_STARTS)
                    and not cell.quotePrefix
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}: unquoted {text!r}")
    return found


def csv_formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells of a CSV a spreadsheet would run as a formula (a number such as -5 is fine)."""
    found = []
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                try:
                    float(cell)
                except ValueError:
                    found.append(f"row {number}: {cell!r}")
    return found


# --- Production settings in a subprocess ---------------------------------------------------
# What production requires (deploy/pokja.env.example). Nothing listens on these addresses:
# `check`, `shell` and `collectstatic` open no connection.
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8" * 4,
    "DJANGO_ALLOWED_HOSTS": "portal.example.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/prodsafe_unused",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2",
    "CACHE_URL": "redis://127.0.0.1:6379/2",
    "EMAIL_URL": "smtp://127.0.0.1:8225",
    "PORTAL_BASE_URL": "https://portal.example.go.id",
    "DEFAULT_FROM_EMAIL": "Portal Pokja <noreply@portal.example.go.id>",
}
# The machine's own settings must not leak into those runs.
_MACHINE_VARIABLES = ("DJANGO_", "LOG_", "SENTRY_", "AWS_", *PRODUCTION_ENV)
ROOT = Path(__file__).resolve().parent.parent


def production_environment(**overrides: str | None) -> dict[str, str]:
    """The environment of a `manage.py` run under production settings; an override of None
    leaves that variable out."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(_MACHINE_VARIABLES)}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        PORTAL_IGNORE_DOTENV="1",
        **PRODUCTION_ENV,
    )
    environment.update(overrides)
    return {k: v for k, v in environment.items() if v is not None}


def manage_shell(code: str, environment: dict[str, str]) -> str:
    """Runs `code` in `manage.py shell` with that environment (settings are read afresh, as a
    server would) and returns the last line it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


# --- uploads: the smallest files the portal accepts, and the forms that carry them ------------

# A real 1×1 PNG: browsers draw it, filetype recognises it.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def profile_post(**fields) -> dict:
    """A month's profile as the form sends it: every figure 0, nobody guiding, no routine."""
    data = {"period": "03/2025", "status": "draf", "guide": "none"}
    for field in Profile._meta.get_fields():
        if field.get_internal_type() == "PositiveIntegerField" and field.name != "version":
            data[field.name] = "0"
        elif field.name.startswith("routine_"):
            data[field.name] = "none"
    return {**data, **fields}


def kampung_edit_url(kampung) -> str:
    return f"/kampung-kb/{kampung.pk}/ubah/"


def kampung_post(kampung, **fields) -> dict:
    """The Kampung KB's edit form as sent unchanged (add `photo=...` to upload its photo)."""
    data = {
        "region": kampung.region_id,
        "name": kampung.name,
        "launched_on": "01/05/2020",
        "coverage": "desa",
        "expected_version": kampung.version,
    }
    return {**data, **fields}


def rkm_url(profile) -> str:
    return f"/kampung-kb/profil/{profile.pk}/rkm/"


def photo_url(kampung) -> str:
    return f"/kampung-kb/{kampung.pk}/foto/"


def decree_post(document) -> dict:
    """A walikota's SK as the form sends it, with `document` as its scan."""
    return {
        "number": "188.45/77/KUM/2024",
        "set_on": "2024-01-05",
        "signer": Decree.Signer.WALIKOTA,
        "valid_from": "2024-01-05",
        "valid_until": "2028-12-31",
        "status": "draf",
        "document": document,
    }


# --- targets: last year's, evaluated ---------------------------------------------------------


def evaluated_last_year(staff, province, banjarmasin, banjarbaru, year: int = YEAR):
    """Last year (year - 1) in Kalimantan Selatan: new acceptors (a count, 200 split equally;
    Banjarmasin achieved 100, Banjarbaru 50) and stunting (a rate, 14% for each kab/kota;
    lower is better: Banjarmasin's 12% is achieved, Banjarbaru's 20% is not). A typed stunting
    figure counts only with its source and publication. Returns (count target, rate target)."""
    count = ProvinceTargetFactory(
        region=province, indicator=IndicatorFactory(), year=year - 1, value=200
    )
    target_services.split_apply(target=count, method="equal", user=staff)
    AchievementFactory(region=banjarmasin, indicator=count.indicator, year=year - 1, value=100)
    AchievementFactory(region=banjarbaru, indicator=count.indicator, year=year - 1, value=50)
    rate = ProvinceTargetFactory(
        region=province, indicator=RateIndicatorFactory(), year=year - 1, value=14
    )
    target_services.split_apply(
        target=rate,
        method="manual",
        user=staff,
        values={banjarmasin.code: Decimal(14), banjarbaru.code: Decimal(14)},
    )
    sourced = {"source": "ssgi", "publication": "SSGI (test)"}
    for region, value in [(banjarmasin, "12"), (banjarbaru, "20")]:
        AchievementFactory(
            region=region, indicator=rate.indicator, year=year - 1, value=Decimal(value), **sourced
        )
    return count, rate
