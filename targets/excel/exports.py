"""Targets, achievements and evaluations as CSV or XLSX, written by pokja.kernel.spreadsheets."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from pokja.kernel import spreadsheets
from pokja.kernel.accounts import User
from pokja.kernel.provenance import absolute_url, format_moment, provenance_url
from pokja.kernel.regions import Region
from pokja.kernel.registry import registry
from pokja.kernel.scoping import region_scope_q
from targets.excel.layout import EXPORT_FORMATS, EXPORT_KINDS
from targets.forms import period_label
from targets.models import Achievement, ProvinceTarget, RegionTarget
from targets.selectors import evaluation_for_province
from targets.services.evaluation import BELUM, HAMPIR, TERCAPAI


def export_rows(
    *, kind: str, export_format: str, user: User, year: int, province: Region | None = None
) -> bytes:
    """Targets, achievements or evaluations the user may see, as CSV or XLSX bytes."""
    if kind not in EXPORT_KINDS or export_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export {kind}.{export_format}")
    builder = {
        "targets": _targets_dataset,
        "achievements": _achievements_dataset,
        "evaluations": _evaluations_dataset,
    }[kind]
    dataset = builder(user, year, province)
    body = dataset.export(export_format)
    return body.encode("utf-8") if isinstance(body, str) else body


def _dataset(headers: list[str], title: str, rows) -> spreadsheets.Table:
    dataset = spreadsheets.Table(headers=[str(h) for h in headers], title=title)
    for row in rows:
        dataset.append(row)
    return dataset


def _targets_dataset(user: User, year: int, province: Region | None) -> spreadsheets.Table:
    targets = (
        ProvinceTarget.objects.for_user(user)
        .filter(year=year)
        .select_related("region", "indicator")
    )
    shares = (
        RegionTarget.objects.for_user(user)
        .filter(province_target__year=year)
        .select_related("region", "province_target__indicator", "province_target__region")
    )
    if province is not None:
        targets = targets.filter(region=province)
        shares = shares.filter(province_target__region=province)
    rows = []
    for t in targets:
        key = (t.region_id, t.indicator.order, t.indicator.code, 0, t.region_id)
        rows.append((key, _target_row(t, t.region, t.value)))
    for s in shares:
        t = s.province_target
        key = (t.region_id, t.indicator.order, t.indicator.code, 1, s.region_id)
        rows.append((key, _target_row(t, s.region, s.value)))
    rows.sort(key=lambda pair: pair[0])
    headers = [
        _("Year"),
        _("Province code"),
        _("Region code"),
        _("Region name"),
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Target"),
        _("Status"),
        _("Split method"),
    ]
    return _dataset(headers, f"target-{year}", (row for _key, row in rows))


def _target_row(target: ProvinceTarget, region: Region, value: Decimal) -> list:
    return [
        target.year,
        target.region_id,
        region.code,
        region.name,
        target.indicator.code,
        target.indicator.name,
        target.indicator.unit,
        value,
        target.get_status_display(),
        target.get_method_display(),
    ]


def _achievements_dataset(user: User, year: int, province: Region | None) -> spreadsheets.Table:
    achievements = (
        Achievement.objects.for_user(user)
        .filter(year=year)
        .select_related("region", "indicator", "created_by", "verified_by")
        .order_by("region_id", "indicator__order", "indicator__code", "period")
    )
    if province is not None:
        achievements = achievements.filter(region_scope_q("region__code", province.code))
    headers = [
        _("Year"),
        _("Period"),
        _("Region code"),
        _("Region name"),
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Achievement"),
        _("Status"),
        _("Entered by"),
        _("Entered at"),
        _("Verified by"),
        _("Verified at"),
        _("Where from (link)"),
    ]
    rows = (
        [
            a.year,
            period_label(a.period),
            a.region_id,
            a.region.name,
            a.indicator.code,
            a.indicator.name,
            a.indicator.unit,
            a.value,
            a.get_status_display(),
            str(a.created_by or ""),
            format_moment(a.created_at),
            str(a.verified_by or ""),
            format_moment(a.verified_at),
            absolute_url(provenance_url("capaian", a.region_id, a.indicator.code, a.year)),
        ]
        for a in achievements
    )
    return _dataset(headers, f"capaian-{year}", rows)


def _evaluations_dataset(user: User, year: int, province: Region | None) -> spreadsheets.Table:
    headers = [
        _("Year"),
        _("Region code"),
        _("Region name"),
        _("Indicator code"),
        _("Indicator"),
        _("Better when"),
        _("Target"),
        _("Achievement"),
        _("Achievement (%)"),
        _("Status"),
        _("Source of the achievement"),
        _("Publication"),
        _("Where from (link)"),
    ]
    rows = []
    if province is not None:
        names = {r.code: r.name for r in Region.objects.for_user(user).filter(parent=province)}
        labels = {
            TERCAPAI: _("Achieved"),
            HAMPIR: _("Almost achieved"),
            BELUM: _("Not yet achieved"),
        }
        for item in evaluation_for_province(user, province, year):
            indicator = item.indicator
            if indicator.code in registry.achievement_sources:
                source = _("Computed by the portal")
            else:
                source = _("Verified achievement records")
            cells = [(province.code, province.name, item.province)]
            cells += [(code, names.get(code, ""), cell) for code, cell in item.regions.items()]
            for code, name, cell in cells:
                if cell.target is None and cell.achievement is None:
                    continue
                rows.append(
                    [
                        year,
                        code,
                        name,
                        indicator.code,
                        indicator.name,
                        indicator.get_direction_display(),
                        cell.target,
                        cell.achievement,
                        cell.evaluation.percentage,
                        _status_label(labels, cell.evaluation),
                        # A computed achievement (stunting) names its figure's source.
                        getattr(cell.achievement, "source_label", "") or source,
                        getattr(cell.achievement, "publication", ""),
                        absolute_url(provenance_url("capaian", code, indicator.code, year)),
                    ]
                )
    return _dataset(headers, f"evaluasi-{year}", rows)


def _status_label(labels: dict, evaluation) -> str:
    """The status in words, with why it stands without a percentage ("above a zero target")."""
    label = str(labels.get(evaluation.status, ""))
    return f"{label} ({evaluation.note_text})" if evaluation.note else label
