"""The stunting indicator's achievement, read from verified prevalence figures.

One source per value, and the target decides which: a province target (and so its kab/kota
shares) states the source it is measured by (`ProvinceTarget.measured_by`), and only a figure of
that source is its achievement. A target that states none falls back to the setting per
indicator (`AchievementSetting`): the year's national survey, one survey only, or e-PPGBM's latest
month of the year. Where the year has both surveys (SSGI and SKI) and nothing names one, there
is no achievement: the stunting pages show both, each labelled, and the portal never picks one.

Each value is a `targets.sourced.SourcedValue`: a Decimal that carries the figure it comes from,
so every page can name its source and publication.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from stunting.models import AchievementSetting, PrevalenceFigure, Source
from targets.models import ProvinceTarget, RegionTarget
from targets.sourced import SourcedValue

SOURCES = {
    AchievementSetting.Counting.SURVEY: (Source.SSGI, Source.SKI),
    AchievementSetting.Counting.SSGI: (Source.SSGI,),
    AchievementSetting.Counting.SKI: (Source.SKI,),
    AchievementSetting.Counting.EPPGBM: (Source.EPPGBM,),
}


def achievement_figures(
    indicator_code: str, region_codes: list[str], years: list[int]
) -> dict[tuple[str, int], PrevalenceFigure]:
    """The one verified figure that is the achievement of each region and year. One query: the
    setting and the source each target states are read inside it, so a page that shows
    achievements pays for the stunting source once."""
    setting = AchievementSetting.objects.filter(indicator_code=indicator_code).values("counting")
    share = RegionTarget.objects.filter(
        region_id=OuterRef("region_id"),
        province_target__indicator__code=indicator_code,
        province_target__year=OuterRef("year"),
    ).values("province_target__measured_by")
    province = ProvinceTarget.objects.filter(
        region_id=OuterRef("region_id"), indicator__code=indicator_code, year=OuterRef("year")
    ).values("measured_by")
    figures = (
        PrevalenceFigure.objects.verified()
        .filter(region_id__in=region_codes, year__in=years, survey_name="")
        .annotate(
            counting=Coalesce(Subquery(setting[:1]), Value(AchievementSetting.Counting.SURVEY)),
            stated=Coalesce(Subquery(share[:1]), Subquery(province[:1]), Value("")),
            position=Window(
                RowNumber(),
                partition_by=[F("region_id"), F("year"), F("source")],
                order_by=[F("month").desc()],
            ),
        )
        .filter(position=1)
    )
    candidates: dict[tuple[str, int], list[PrevalenceFigure]] = {}
    for figure in figures:
        # The target's own source, else the setting's.
        sources = (figure.stated,) if figure.stated else SOURCES[figure.counting]
        if figure.source in sources:
            candidates.setdefault((figure.region_id, figure.year), []).append(figure)
    # Two candidates means two surveys the same year and no target naming one: none is chosen.
    return {key: found[0] for key, found in candidates.items() if len(found) == 1}


def achievement_values(
    indicator_code: str, region_codes: list[str], years: list[int]
) -> dict[tuple[str, int], SourcedValue]:
    figures = achievement_figures(indicator_code, region_codes, years)
    return {
        key: SourcedValue(
            figure.value,
            source=figure.source,
            source_label=f"{figure.series_label} {figure.period_label}",
            publication=figure.publication_title,
            is_illustrative=figure.is_illustrative,
            figure=figure,
        )
        for key, figure in figures.items()
    }
