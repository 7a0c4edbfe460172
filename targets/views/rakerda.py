"""The Rakerda page: last year's evaluation of every kabupaten/kota and this year's split."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pokja.kernel import pagecache
from pokja.kernel.provenance import provenance_url
from pokja.kernel.regions import Region
from targets import policy as targets_policy
from targets.selectors import IndicatorEvaluation, evaluation_for_province
from targets.views.common import check_year, province_for_reading

# The chart uses the same colours as the badges in the table (Bootstrap success/warning/danger).
STATUS_COLOURS = {"tercapai": "#198754", "hampir": "#ffc107", "belum": "#dc3545", None: "#adb5bd"}


def _bar_note(cell) -> str:
    """A bar's tooltip: where the achievement comes from (its source, "ilustrasi" where so)."""
    value = cell.achievement
    parts = [getattr(value, "source_label", "")]
    if getattr(value, "is_illustrative", False):
        parts.append(_("illustrative"))
    return " · ".join(filter(None, parts))


def _evaluation_block(
    item: IndicatorEvaluation, regions: list[Region], index: int, year: int
) -> dict:
    rows = [(region, item.regions[region.code]) for region in regions]
    # Achieved without a ratio (0 where lower is better, above a zero target): a full bar, as
    # for any achievement at or above its target; the table says why there is no percentage.
    percentages = [
        cell.evaluation.percentage if not cell.evaluation.note else 100 for _region, cell in rows
    ]
    return {
        "item": item,
        "rows": rows,
        "chart_id": f"rakerda-chart-{index}",
        "chart": {
            "label": _("Achievement (percent of target)"),
            "labels": [region.name for region, _cell in rows],
            "values": [float(p) if p is not None else None for p in percentages],
            "colours": [STATUS_COLOURS[cell.evaluation.status] for _region, cell in rows],
            "notes": [_bar_note(cell) for _region, cell in rows],
            "urls": [
                provenance_url("capaian", region.code, item.indicator.code, year)
                for region, _cell in rows
            ],
            "max": 100,
        },
    }


def _has_data(item: IndicatorEvaluation) -> bool:
    return item.province_target is not None or any(
        cell.achievement is not None or cell.target is not None for cell in item.regions.values()
    )


# A read-only page: no per-request transaction (two queries fewer, even from the cache).
@transaction.non_atomic_requests
@require_GET
def rakerda(request, province_code: str, year: int):
    user = request.user
    check_year(year)
    # The same rule as province_for_reading, without its query: the cached page was built
    # (through it) only for a province this kind of viewer may read.
    if not targets_policy.may_read_every_share(user, province_code):
        raise Http404
    parts = pagecache.cached_parts(request, lambda: _rakerda_parts(request, province_code, year))
    return render(request, "targets/rakerda.html", parts)


def _rakerda_parts(request, province_code: str, year: int) -> dict:
    user = request.user
    province = province_for_reading(user, province_code)
    regions = list(
        Region.objects.for_user(user).kabupaten_kota().filter(parent=province).order_by("code")
    )
    evaluation = [
        _evaluation_block(item, regions, index, year - 1)
        for index, item in enumerate(evaluation_for_province(user, province, year - 1))
        if _has_data(item)
    ]
    split = [
        {"item": item, "cells": [item.regions[r.code] for r in regions]}
        for item in evaluation_for_province(user, province, year)
        if item.province_target is not None
    ]
    context = {
        "province": province,
        "year": year,
        "last_year": year - 1,
        "today": timezone.localdate(),
        "regions": regions,
        "evaluation": evaluation,
        "split": split,
        # The same split with the kab/kota as rows: the printed handout (A4) has room for
        # 24 rows, not for 24 columns.
        "split_by_region": [
            (region, [row["cells"][index] for row in split]) for index, region in enumerate(regions)
        ],
    }
    body = render_to_string("targets/partials/rakerda_body.html", context, request)
    return {"province_name": province.name, "year": year, "body": body}


def _summary_row(last: IndicatorEvaluation | None, this: IndicatorEvaluation | None) -> dict:
    """One indicator of the governor's summary: last year's province target, achievement and
    status, how many kab/kota achieved it, and this year's province target."""
    item = last or this
    statuses = Counter(cell.evaluation.status for cell in last.regions.values()) if last else {}
    return {
        "indicator": item.indicator,
        "last": last.province if last else None,
        "achieved": statuses.get("tercapai", 0),
        "almost": statuses.get("hampir", 0),
        "not_achieved": statuses.get("belum", 0),
        "target": this.province_target if this else None,
    }


# The governor's page names at most this many kab/kota: it has to stay on one A4 page.
BEHIND_SHOWN = 8


def _furthest_behind(regions: list[Region], evaluations: list[IndicatorEvaluation]) -> list:
    """The kab/kota with the most indicators not achieved last year (at least one), with their
    counts per status: the first BEHIND_SHOWN of them, most "not achieved" first."""
    counts = []
    for region in regions:
        statuses = Counter(item.regions[region.code].evaluation.status for item in evaluations)
        if statuses.get("belum"):
            counts.append((region, statuses["belum"], statuses["hampir"], statuses["tercapai"]))
    counts.sort(key=lambda row: (-row[1], -row[2], row[0].code))
    return counts[:BEHIND_SHOWN]


# A read-only page: no per-request transaction.
@transaction.non_atomic_requests
@require_GET
def rakerda_summary(request, province_code: str, year: int):
    """The governor's one-page summary of the Rakerda: the province's own figures per indicator
    (last year's target, achievement and status, the kab/kota that achieved it) and this year's
    targets, on one A4 page."""
    check_year(year)
    province = province_for_reading(request.user, province_code)
    last = {
        item.indicator.pk: item
        for item in evaluation_for_province(request.user, province, year - 1)
        if _has_data(item)
    }
    this = {
        item.indicator.pk: item
        for item in evaluation_for_province(request.user, province, year)
        if item.province_target is not None
    }
    indicators = list(dict.fromkeys([*last, *this]))
    rows = [_summary_row(last.get(pk), this.get(pk)) for pk in indicators]
    regions = list(Region.objects.for_user(request.user).kabupaten_kota().filter(parent=province))
    context = {
        "province": province,
        "year": year,
        "last_year": year - 1,
        "today": timezone.localdate(),
        "rows": rows,
        "region_count": len(regions),
        "behind": _furthest_behind(regions, list(last.values())),
        "achieved_count": sum(
            1 for row in rows if row["last"] and row["last"].evaluation.status == "tercapai"
        ),
        "judged_count": sum(1 for row in rows if row["last"] and row["last"].evaluation.status),
    }
    return render(request, "targets/rakerda_summary.html", context)
