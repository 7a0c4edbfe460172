"""Where a stunting figure comes from ("Asal angka"), kept thin: the prevalence figure itself
(source, period, status, who entered and verified it, its publication), and the achievement of
the targets' "stunting" indicator (every figure of the region and year, the one counted marked).
Both show the target the figure is judged against (the region's own, or the national path's row
with its source document, published or interpolated) and whether it is judged, or why not.

The value that counts is asked of the registered achievement source, so which source counts is
decided in one place (stunting/achievement.py) and only shown here.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from pokja.kernel.provenance import (
    Provenance,
    Publication,
    Section,
    SourceRecord,
    provenance_url,
    ref_year,
    split_ref,
)
from pokja.kernel.regions import Region
from pokja.kernel.registry import registry
from stunting.models import AchievementSetting, PrevalenceFigure
from stunting.selectors import INDICATOR, Target, target_for
from targets.models import NationalTarget, ProvinceTarget, RegionTarget


def series_rule() -> str:
    return _(
        "Each source is its own series: a survey figure (SSGI, SKI) and a register figure "
        "(e-PPGBM) are never averaged, joined or compared with each other. Only verified "
        "figures count."
    )


def _record(figure: PrevalenceFigure, **kwargs) -> SourceRecord:
    note = kwargs.pop("note", "")
    if figure.sample_size:
        note = " ".join(filter(None, [note, _("Sample: %(n)s.") % {"n": figure.sample_size}]))
    return SourceRecord.from_record(
        figure,
        kind=figure.series_label,
        label=f"{figure.region.name} · {figure.series_label} {figure.period_label}",
        value=f"{figure.value}%",
        note=note,
        **kwargs,
    )


def _publication(figure: PrevalenceFigure) -> Publication | None:
    if not (figure.publication_title or figure.publication_url):
        return None
    return Publication(
        title=figure.publication_title or figure.publication_url,
        source=figure.series_label,
        published_on=figure.publication_date,
        url=figure.publication_url,
    )


def judging_rule() -> str:
    return _(
        "Only a figure of the target's own year and of the source the target is measured by "
        "is judged against it (a target that states no source: a national survey, SSGI or "
        "SKI, never the e-PPGBM register)."
    )


def _target_record(user, region, target: Target) -> SourceRecord:
    """The record the target is read from: the region's own (who set it) or the path's row."""
    interpolated = _("interpolated between published years, not published")
    if target.origin == "national":
        row = NationalTarget.objects.filter(indicator__code=INDICATOR, year=target.year).first()
        basis = interpolated if target.interpolated else _("published")
        return SourceRecord(
            kind=_("National target path"),
            label=row.source if row else str(target.year),
            value=f"{target.value}%",
            note=_("%(year)s: %(basis)s.") % {"year": target.year, "basis": basis},
        )
    if region.is_province:
        own = ProvinceTarget.objects.for_user(user).filter(
            region=region, indicator__code=INDICATOR, year=target.year
        )
        province_target = own.select_related("region", "updated_by").first()
        kind = _("Province target")
    else:
        share = (
            RegionTarget.objects.for_user(user)
            .filter(
                region=region,
                province_target__indicator__code=INDICATOR,
                province_target__year=target.year,
            )
            .select_related("province_target__region", "province_target__updated_by")
            .first()
        )
        province_target = share.province_target if share else None
        kind = _("Share of the kab/kota")
    note = _("Illustrative target (demo data).") if target.illustrative else ""
    if province_target is None:  # outside the user's scope: the value, not the record
        return SourceRecord(kind=kind, label=region.name, value=f"{target.value}%", note=note)
    return SourceRecord(
        kind=kind,
        label=f"{province_target.region.name} {target.year}",
        status=province_target.status,
        status_label=province_target.get_status_display(),
        value=f"{target.value}%",
        entered_by=str(province_target.updated_by or ""),
        note=note,
    )


def target_section(user, region, year: int, figure: PrevalenceFigure | None) -> Section:
    """The target the figure is judged against (its year, value, where it comes from), and
    whether the figure is judged, or why not."""
    target = target_for([region.code], year).get(region.code)
    section = Section(title=_("Target"), rule=judging_rule(), yardstick=True)
    if target is None:
        section.result = _("no target for %(year)s: not judged") % {"year": year}
        return section
    record = _target_record(user, region, target)
    section.records.append(record)
    measured = target.measured_by_label or "SSGI/SKI"
    value = f"{target.value}% ({target.year}, {measured})"
    if target.interpolated:
        value += " · " + _("interpolated")
    if figure is None:
        section.result = value
    elif target.judges(figure):
        section.result = _("%(target)s: judged") % {"target": value}
    else:
        record.counts = False  # shown, not used: the figure is not judged against it
        section.result = _("%(target)s: not judged, %(why)s") % {
            "target": value,
            "why": target.why_not(figure),
        }
    return section


def _figures(user):
    return PrevalenceFigure.objects.for_user(user).select_related(
        "region", "created_by", "verified_by"
    )


def figure_provenance(user, ref: str) -> Provenance:
    """One prevalence figure (ref: its id)."""
    [pk] = split_ref(ref, 1)
    if not pk.isdigit():
        raise Http404
    figure = get_object_or_404(_figures(user), pk=int(pk))
    result = Provenance(
        kind="prevalensi",
        ref=str(figure.pk),
        title=_("Stunting prevalence, %(region)s, %(series)s %(period)s")
        % {
            "region": figure.region.name,
            "series": figure.series_label,
            "period": figure.period_label,
        },
        figure=f"{figure.value}%",
        rule=series_rule(),
        region=figure.region,
        year=figure.year,
        publication=_publication(figure),
        sections=[
            Section(
                title=_("Prevalence figure"),
                result=f"{figure.value}%",
                records=[_record(figure, counts=figure.is_verified)],
            ),
            target_section(user, figure.region, figure.year, figure),
        ],
    )
    if figure.is_demo and result.publication is None:
        result.notes.append(_("Illustrative figure (demo data), not a published one."))
    return result


def achievement_provenance(user, ref: str) -> Provenance:
    """The "stunting" achievement of a region and year (ref "code/year")."""
    code, year_text = split_ref(ref, 2)
    year = ref_year(year_text)
    region = get_object_or_404(Region.objects.for_user(user), code=code)
    value = registry.computed_achievements("stunting", [code], [year]).get((code, year))
    setting = AchievementSetting.objects.filter(indicator_code="stunting").first()
    counting = (
        setting.get_counting_display()
        if setting
        else AchievementSetting.Counting(AchievementSetting.Counting.SURVEY).label
    )
    figures = list(_figures(user).filter(region=region, year=year).order_by("source", "-month"))
    counted = next(
        (f for f in figures if f.is_verified and value is not None and f.value == value), None
    )
    records = []
    for figure in figures:
        note = "" if figure.is_verified else _("Not verified.")
        if figure.is_verified and figure is not counted:
            note = _("Another source or an earlier month: not the one that counts.")
        records.append(_record(figure, counts=figure is counted, note=note))
    result = Provenance(
        kind="stunting",
        ref=f"{region.code}/{year}",
        title=_("Stunting achievement, %(region)s, %(year)s")
        % {"region": region.name, "year": year},
        figure="–" if value is None else f"{value}%",
        rule=_("Source that counts: %(counting)s. %(series)s")
        % {"counting": counting, "series": series_rule()},
        region=region,
        year=year,
        publication=_publication(counted) if counted else None,
        sections=[
            Section(
                title=_("Prevalence figures of %(year)s") % {"year": year},
                result="–" if value is None else f"{value}%",
                records=records,
                link=(
                    (_("The figure that counts"), provenance_url("prevalensi", counted.pk))
                    if counted
                    else None
                ),
            ),
            target_section(user, region, year, counted),
        ],
    )
    return result
