"""Where a target achievement comes from ("Asal angka"), ref "region code/indicator code/year".

- the target: the province's target (its status, split method and base) and the region's share;
- the achievement: the achievement records of the region (every period and status; the one the
  figure uses marked), or, for an indicator another app computes (a registered achievement
  source), the figure it is computed from; a province's count is the sum of its kab/kota;
- the evaluation: achievement in percent of the target, the right way round.

A bounded number of queries whatever the number of records.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from pokja.kernel.provenance import Provenance, Section, SourceRecord, ref_year, resolve, split_ref
from pokja.kernel.regions import Region
from pokja.kernel.registry import registry
from targets.forms import period_label
from targets.models import Achievement, Indicator, ProvinceTarget, RegionTarget
from targets.services.evaluation import HIGHER, evaluate

STATUS_WORDS = {
    "tercapai": lambda: _("Achieved"),
    "hampir": lambda: _("Almost achieved"),
    "belum": lambda: _("Not achieved"),
}


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def achievement_provenance(user, ref: str) -> Provenance:
    code, indicator_code, year_text = split_ref(ref, 3)
    year = ref_year(year_text)
    region = Region.objects.for_user(user).filter(code=code).first()
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if region is None or indicator is None or not (region.is_province or region.is_kabupaten_kota):
        raise Http404
    target, target_section = _target(user, region, indicator, year)
    actual, achievement_section = _achievement(user, region, indicator, year)
    evaluation = evaluate(target, actual, indicator.direction)
    percentage = "–" if evaluation.percentage is None else f"{evaluation.percentage}%"
    state = STATUS_WORDS[evaluation.status]() if evaluation.status else ""
    if indicator.direction == HIGHER:
        formula = _("achievement ÷ target × 100")
    else:
        formula = _("target ÷ achievement × 100 (lower is better: below the target is good)")
    thresholds = settings.TARGET_THRESHOLDS
    evaluation_section = Section(
        title=_("Evaluation"),
        computed=True,
        result=f"{percentage}{' · ' + state if state else ''}",
        rule=_(
            "Percentage: %(formula)s. Achieved from %(ok)s%%, almost achieved from %(almost)s%%."
        )
        % {"formula": formula, "ok": thresholds["tercapai"], "almost": thresholds["hampir"]},
    )
    return Provenance(
        kind="capaian",
        ref=f"{region.code}/{indicator.code}/{year}",
        title=_("%(indicator)s, %(region)s, %(year)s")
        % {"indicator": indicator.name, "region": region.name, "year": year},
        figure=_("Achievement %(actual)s of target %(target)s %(unit)s")
        % {"actual": _number(actual), "target": _number(target), "unit": indicator.unit},
        rule=indicator.definition or "",
        region=region,
        year=year,
        sections=[target_section, achievement_section, evaluation_section],
        notes=[_("Usual data source: %(source)s") % {"source": indicator.data_source}]
        if indicator.data_source
        else [],
    )


def _target(user, region, indicator, year) -> tuple[Decimal | None, Section]:
    """The province's target, and for a kab/kota its share (a coordinator reads the share, and
    through it the province target it belongs to)."""
    section = Section(title=_("Target"), result="–")
    share = None
    if region.is_province:
        province_target = (
            ProvinceTarget.objects.for_user(user)
            .filter(region=region, indicator=indicator, year=year)
            .select_related("updated_by", "region")
            .first()
        )
    else:
        share = (
            RegionTarget.objects.for_user(user)
            .filter(region=region, province_target__indicator=indicator, province_target__year=year)
            .select_related("province_target__updated_by", "province_target__region")
            .first()
        )
        province_target = share.province_target if share else None
    if province_target is None:
        section.rule = _("No target has been set for this indicator and year yet.")
        return None, section
    section.records.append(
        SourceRecord(
            kind=_("Province target"),
            label=f"{province_target.region.name} {year}",
            status=province_target.status,
            status_label=province_target.get_status_display(),
            value=_number(province_target.value),
            entered_by=str(province_target.updated_by or ""),
            note=province_target.get_method_display()
            + (f" · {province_target.base_label}" if province_target.base_label else ""),
        )
    )
    if share is None:
        section.result = _number(province_target.value)
        return province_target.value, section
    section.rule = _("The province target split over its kab/kota (split method: %(method)s).") % {
        "method": province_target.get_method_display()
    }
    section.result = _number(share.value)
    base = _(" (base %(base)s)") % {"base": _number(share.base_value)} if share.base_value else ""
    section.records.append(
        SourceRecord(
            kind=_("Share of the kab/kota"),
            label=region.name,
            status=province_target.status,
            status_label=province_target.get_status_display(),
            value=_number(share.value) + base,
        )
    )
    return share.value, section


def _achievement(user, region, indicator, year) -> tuple[Decimal | None, Section]:
    section = Section(title=_("Achievement"))
    if indicator.code in registry.achievement_sources:
        return _computed(user, region, indicator, year, section)
    if region.is_province and indicator.is_additive:
        regions = {
            r.code: r.name
            for r in Region.objects.for_user(user).kabupaten_kota().filter(parent=region)
        }
        section.rule = _(
            "A count: the province's achievement is the sum of its kab/kota's, each the yearly "
            "figure or else the latest period's. Only verified achievements count."
        )
    else:
        regions = {region.code: region.name}
        section.rule = _(
            "The yearly figure, or else the latest period's (counts are entered cumulatively). "
            "Only verified achievements count."
        )
    records = list(
        Achievement.objects.filter(region_id__in=list(regions), indicator=indicator, year=year)
        .select_related("created_by", "verified_by", "region", "indicator")
        .order_by("region_id", "period")
    )
    counted = _counted(records)
    total = None
    for record in records:
        counts = record.pk in counted
        if counts:
            total = (total or Decimal(0)) + record.value
        note = "" if record.is_verified else _("Not verified.")
        if not counts and not note:
            note = _("Replaced by a later or yearly figure.")
        section.records.append(
            SourceRecord.from_record(
                record,
                kind=_("Achievement"),
                label=f"{regions[record.region_id]} · {period_label(record.period)}",
                value=_number(record.value),
                counts=counts,
                note=note,
            )
        )
    section.result = _number(total)
    return total, section


def _counted(records: list[Achievement]) -> set[int]:
    """The records `targets.selectors.achievement_values` reads: per region the verified yearly
    figure, or else the verified latest period."""
    chosen: dict[str, Achievement] = {}
    for record in records:  # ordered by region and period: the yearly figure (0) first
        current = chosen.get(record.region_id)
        if record.is_verified and (current is None or current.period != Achievement.YEARLY):
            chosen[record.region_id] = record
    return {record.pk for record in chosen.values()}


def _computed(user, region, indicator, year, section) -> tuple[Decimal | None, Section]:
    """An achievement another app computes: its value, and the figure it is read from."""
    if not (region.is_province and indicator.is_additive):
        value = registry.computed_achievements(indicator.code, [region.code], [year]).get(
            (region.code, year)
        )
    else:  # a count: the sum of the kab/kota, as on the Rakerda page
        codes = list(
            Region.objects.for_user(user)
            .kabupaten_kota()
            .filter(parent=region)
            .values_list("code", flat=True)
        )
        values = registry.computed_achievements(indicator.code, codes, [year]).values()
        value = sum(values, Decimal(0)) if values else None
    section.result = _number(value)
    section.rule = _(
        "Computed by the portal from its own records, not entered by hand: see the figure it is "
        "read from."
    )
    figure = registry.achievement_provenance.get(indicator.code)
    if figure is not None:
        kind, ref = figure(region.code, year)
        try:
            source = resolve(user, kind, ref)
        except Http404:
            return value, section
        section.link = (source.title, source.url)
        section.records = source.records
    return value, section
