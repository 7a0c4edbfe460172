"""Helpers shared by the test files, one copy each: a Pokja that meets every criterion, a CSV
download as rows, a region page's address, and a clock set to a fixed day."""

from __future__ import annotations

import csv
import datetime
import io

from django.http import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    PokjaFactory,
    WorkPlanFactory,
)

YEAR = 2026  # the year the tests are about, whatever the date they run on


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
