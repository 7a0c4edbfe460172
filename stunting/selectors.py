"""Reads of the stunting pages. Each aggregates in the database in a fixed number of queries,
whatever the number of regions, and keeps every source in its own series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from pokja.kernel.accounts import User
from pokja.kernel.provenance import provenance_url
from pokja.kernel.regions import Region
from pokja.selectors import working_group_since
from stunting.bands import band, distance
from stunting.models import (
    ConvergenceAction,
    OverdueReport,
    PrevalenceFigure,
    SemesterReport,
    Source,
)
from targets.models import NationalTarget, ProvinceTarget, RegionTarget

INDICATOR = "stunting"
# At province and kab/kota level the TPPS is the Pokja's Stunting working group.
TPPS_WORKING_GROUP = "stunting"
SURVEY_SOURCES = (Source.SSGI, Source.SKI)


@dataclass(frozen=True)
class SeriesKey:
    """One series: a source, and for "another survey" its name. Never two sources in one."""

    source: str
    survey_name: str = ""

    @property
    def label(self) -> str:
        return self.survey_name or Source(self.source).label

    @property
    def param(self) -> str:
        return f"{self.source}:{self.survey_name}" if self.survey_name else self.source

    @classmethod
    def parse(cls, value: str | None) -> SeriesKey:
        source, _, name = (value or "").partition(":")
        if source not in Source.values:
            return cls(Source.SSGI)
        return cls(source, name if source == Source.OTHER else "")

    @classmethod
    def of(cls, figure: PrevalenceFigure) -> SeriesKey:
        return cls(figure.source, figure.survey_name)


@dataclass
class Series:
    key: SeriesKey
    figures: list[PrevalenceFigure] = field(default_factory=list)

    @property
    def latest(self) -> PrevalenceFigure | None:
        return self.figures[-1] if self.figures else None


# --- the target path and the regions' own targets ------------------------------------------


@dataclass(frozen=True)
class PathPoint:
    """One year of the national target path: published, or interpolated between two published
    years (every page that shows it says which), and the survey it is measured by."""

    year: int
    value: Decimal
    source: str
    interpolated: bool
    measured_by: str


@dataclass(frozen=True)
class Target:
    """A region's target for one year and the source it is measured by ("" when unstated)."""

    year: int
    value: Decimal
    origin: str  # "region": its own (targets app); "national": the path
    measured_by: str = ""
    interpolated: bool = False
    illustrative: bool = False  # a generated demo target

    @property
    def measured_by_label(self) -> str:
        return Source(self.measured_by).label if self.measured_by else ""

    def judges(self, figure: PrevalenceFigure | None) -> bool:
        """Whether the figure may be judged against this target: a figure of the same year,
        of the source the target is measured by (unstated: a national survey, never the
        register, whose figures run far below the surveys')."""
        if figure is None or figure.year != self.year:
            return False
        if self.measured_by:
            return figure.source == self.measured_by
        return figure.source in SURVEY_SOURCES

    def why_not(self, figure: PrevalenceFigure) -> str:
        """Why a figure is shown but not judged against this target, in a sentence."""
        if figure.year != self.year:
            return _("a %(figure)s figure is not judged against the %(year)s target") % {
                "figure": figure.year,
                "year": self.year,
            }
        return _("%(source)s is not what the target is measured by (%(measured)s)") % {
            "source": figure.series_label,
            "measured": self.measured_by_label or "SSGI/SKI",
        }


def target_path() -> dict[int, PathPoint]:
    """The national path (targets' national targets of the stunting indicator), by year."""
    rows = NationalTarget.objects.filter(indicator__code=INDICATOR).order_by("year")
    return {
        row.year: PathPoint(row.year, row.value, row.source, row.is_interpolated, row.measured_by)
        for row in rows
    }


def regional_targets(
    region_codes: list[str], years: list[int], *, final_only: bool = False
) -> dict[tuple[str, int], Target]:
    """The targets app's stunting target of each region and year, with the source it is
    measured by: a kab/kota's own share, a province's own target. Regions without one are left
    out (the page then shows the path). `final_only`: only targets their province set Final
    (the public page never shows a draft)."""
    final = Q(province_target__status=ProvinceTarget.Status.FINAL) if final_only else Q()
    shares = RegionTarget.objects.filter(
        final,
        region_id__in=region_codes,
        province_target__indicator__code=INDICATOR,
        province_target__year__in=years,
    ).values_list(
        "region_id",
        "province_target__year",
        "value",
        "province_target__measured_by",
        "province_target__is_illustrative",
    )
    final = Q(status=ProvinceTarget.Status.FINAL) if final_only else Q()
    provinces = ProvinceTarget.objects.filter(
        final, region_id__in=region_codes, indicator__code=INDICATOR, year__in=years
    ).values_list("region_id", "year", "value", "measured_by", "is_illustrative")
    return {
        (code, year): Target(year, value, "region", by, illustrative=generated)
        for code, year, value, by, generated in [*shares, *provinces]
    }


def targets_for(
    region_codes: list[str],
    years: list[int],
    path: dict[int, PathPoint] | None = None,
    *,
    final_only: bool = False,
) -> dict[tuple[str, int], Target]:
    """The target of each region and year: its own target, else the national path."""
    own = regional_targets(region_codes, years, final_only=final_only)
    path = target_path() if path is None else path
    result = {}
    for code in region_codes:
        for year in years:
            if (code, year) in own:
                result[(code, year)] = own[(code, year)]
            elif year in path:
                point = path[year]
                result[(code, year)] = Target(
                    year, point.value, "national", point.measured_by, point.interpolated
                )
    return result


def target_for(
    region_codes: list[str], year: int, path: dict[int, PathPoint] | None = None
) -> dict[str, Target]:
    """The target of each region for one year."""
    return {code: t for (code, _y), t in targets_for(region_codes, [year], path).items()}


# --- one region ----------------------------------------------------------------------------


def region_series(user: User, region: Region) -> list[Series]:
    """Every verified figure of the region, one series per source, oldest first."""
    figures = (
        PrevalenceFigure.objects.for_user(user)
        .verified()
        .filter(region=region)
        .order_by("source", "survey_name", "year", "month")
    )
    by_key: dict[SeriesKey, Series] = {}
    for figure in figures:
        key = SeriesKey.of(figure)
        by_key.setdefault(key, Series(key)).figures.append(figure)
    order = {value: i for i, value in enumerate(Source.values)}
    return sorted(by_key.values(), key=lambda s: (order[s.key.source], s.key.survey_name))


def _point_note(figure: PrevalenceFigure) -> str:
    """A chart point's tooltip: where it comes from (source and period, publication)."""
    parts = [f"{figure.series_label} {figure.period_label}", figure.publication_title]
    if figure.is_illustrative:
        parts.append(_("illustrative"))
    return " · ".join(filter(None, parts))


def chart_data(series: list[Series], path: dict[int, PathPoint]) -> dict:
    """Chart.js line datasets: one per source, and the target path dashed (its interpolated
    years flagged, so the chart can mark them). The x value is the year (a month of e-PPGBM as
    a fraction of it), so no date library is needed. Each point says where it comes from (its
    tooltip's note) and, for a figure, the address of its "Asal angka" page (a click opens it)."""
    datasets = [
        {
            "label": s.key.label,
            "source": s.key.source,
            "points": [
                {
                    "x": f.year + ((f.month - 1) / 12 if f.month else 0),
                    "y": float(f.value),
                    "note": _point_note(f),
                    "url": provenance_url("prevalensi", f.pk),
                }
                for f in s.figures
            ],
        }
        for s in series
    ]
    years = [p["x"] for d in datasets for p in d["points"]]
    points = list(path.values())
    if years:
        first, last = int(min(years)), int(max(years)) + 1
        points = [p for p in points if first - 1 <= p.year <= max(last, 2029)]
    path_points = [
        {"x": p.year, "y": float(p.value), "interpolated": p.interpolated, "note": p.source}
        for p in points
    ]
    datasets.append({"label": "target", "source": "target", "points": path_points, "dashed": True})
    return {"datasets": datasets}


# --- rankings (province: its kab/kota; national: the provinces) ------------------------------


@dataclass
class RankingRow:
    region: Region
    latest: PrevalenceFigure | None = None
    previous: PrevalenceFigure | None = None
    target_of_year: Target | None = None  # the target of the latest figure's own year
    actions_done: int = 0
    overdue: int = 0
    reports_due: bool = False  # the region has a TPPS in the portal, so it owes reports
    rank: int | None = None

    @property
    def band(self):
        return band(self.latest.value if self.latest else None)

    @property
    def judged(self) -> bool:
        return self.target_of_year is not None and self.target_of_year.judges(self.latest)

    @property
    def target(self) -> Decimal | None:
        """The target the figure is judged against: of the figure's own year and source only."""
        return self.target_of_year.value if self.judged else None

    @property
    def target_origin(self) -> str:
        return self.target_of_year.origin if self.judged else ""

    @property
    def distance(self) -> Decimal | None:
        return distance(self.latest.value if self.latest else None, self.target)

    @property
    def change(self) -> Decimal | None:
        """Since the previous figure of the same source (negative: it went down)."""
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value


def latest_two(
    region_codes: list[str], key: SeriesKey, year: int | None = None
) -> dict[str, list[PrevalenceFigure]]:
    """The latest and the previous verified figure of one source per region, in one query; with
    a year, the latest up to that year (a ranking of 2022 never shows a 2024 figure)."""
    figures = PrevalenceFigure.objects.verified().filter(
        region_id__in=region_codes, source=key.source, survey_name=key.survey_name
    )
    if year is not None:
        figures = figures.filter(year__lte=year)
    ranked = (
        figures.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("region_id")],
                order_by=[F("year").desc(), F("month").desc()],
            )
        )
        .filter(position__lte=2)
        .order_by("region_id", "position")
    )
    result: dict[str, list[PrevalenceFigure]] = defaultdict(list)
    for figure in ranked:
        result[figure.region_id].append(figure)
    return result


def ranking(
    user: User,
    regions: list[Region],
    key: SeriesKey,
    year: int,
    path: dict[int, PathPoint] | None = None,
    figures: dict[str, list[PrevalenceFigure]] | None = None,
    overdue: dict[str, int] | None = None,
) -> list[RankingRow]:
    """Regions ranked by their latest figure of one source up to the selected year (lowest
    first); without a figure last. Each figure says its own year and is judged only against
    that year's target, when the target is measured by its source. Each region's own figure: a
    province's is never averaged from its kab/kota. A caller that already read the figures or
    the overdue counts passes them in."""
    codes = [r.code for r in regions]
    if figures is None:
        figures = latest_two(codes, key, year)
    figure_years = sorted({pair[0].year for c in codes if (pair := figures.get(c))})
    targets = targets_for(codes, figure_years, path)
    done = dict(
        ConvergenceAction.objects.filter(
            region_id__in=codes, year=year, progress=ConvergenceAction.Progress.DONE
        )
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    if overdue is None:
        overdue = dict(
            OverdueReport.objects.filter(region_id__in=codes)
            .values("region_id")
            .annotate(n=Count("pk"))
            .values_list("region_id", "n")
        )
    teams = reporting_teams(codes)
    rows = []
    for region in regions:
        pair = figures.get(region.code, [])
        latest = pair[0] if pair else None
        rows.append(
            RankingRow(
                region=region,
                latest=latest,
                previous=pair[1] if len(pair) > 1 else None,
                target_of_year=targets.get((region.code, latest.year)) if latest else None,
                actions_done=done.get(region.code, 0),
                overdue=overdue.get(region.code, 0),
                reports_due=region.code in teams,
            )
        )
    rows.sort(key=lambda r: (r.latest is None, r.latest.value if r.latest else 0, r.region.code))
    for position, row in enumerate(rows, start=1):
        row.rank = position if row.latest else None
    return rows


def ranking_chart(rows: list[RankingRow], key: SeriesKey) -> dict:
    """The horizontal bar chart of static/js/charts.js: the same rows as the ranking table."""
    shown = [r for r in rows if r.latest]
    colours = {"text-bg-danger": "#b02a37", "text-bg-warning": "#cc8a00"}
    return {
        "label": f"{key.label} (%)",
        "labels": [f"{r.region.name} ({r.latest.period_label})" for r in shown],
        "values": [float(r.latest.value) for r in shown],
        "colours": [colours.get(r.band.css, "#0d6efd") for r in shown],
        "notes": [_point_note(r.latest) for r in shown],
        "urls": [provenance_url("prevalensi", r.latest.pk) for r in shown],
        "max": 50,
    }


def sources_present(region_codes: list[str]) -> list[SeriesKey]:
    """The series that have at least one verified figure among these regions (for the
    source picker); SSGI always offered."""
    rows = (
        PrevalenceFigure.objects.verified()
        .filter(region_id__in=region_codes)
        .order_by()
        .values_list("source", "survey_name")
        .distinct()
    )
    keys = {SeriesKey(s, n) for s, n in rows} | {SeriesKey(Source.SSGI)}
    order = {value: i for i, value in enumerate(Source.values)}
    return sorted(keys, key=lambda k: (order[k.source], k.survey_name))


def overdue_reports(user: User, region: Region):
    """Reports still owed after their deadline, in the region's scope (nightly computation)."""
    scope = Q(region_id=region.code) | Q(region__code__startswith=f"{region.code}.")
    return (
        OverdueReport.objects.for_user(user)
        .filter(scope)
        .select_related("region")
        .order_by("region_id", "year", "semester")
    )


def reporting_teams(region_codes: list[str] | None = None) -> dict[str, date | None]:
    """Who owes semester reports: the provinces and kab/kota whose TPPS is in the portal (their
    Pokja's active Stunting (TPPS) working group), with the date it was formed. A region without
    one owes nothing here: the portal does not know its team, so nothing of it is overdue."""
    return working_group_since(TPPS_WORKING_GROUP, region_codes)


def reports_of(user: User, region: Region, year: int):
    return (
        SemesterReport.objects.for_user(user)
        .filter(region=region, year__gte=year - 1, year__lte=year)
        .order_by("-year", "-semester")
    )
