"""The stunting indicator's achievement, read from verified prevalence figures.

Which source counts is a setting per indicator (`AchievementSetting`): the year's national
survey (SSGI, or SKI in 2023, when it replaced SSGI), one survey only, or e-PPGBM's latest month
of the year. One source per value: a region's achievement is never an average of sources.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from stunting.models import AchievementSetting, PrevalenceFigure, Source

SOURCES = {
    AchievementSetting.Counting.SURVEY: (Source.SSGI, Source.SKI),
    AchievementSetting.Counting.SSGI: (Source.SSGI,),
    AchievementSetting.Counting.SKI: (Source.SKI,),
    AchievementSetting.Counting.EPPGBM: (Source.EPPGBM,),
}
# In a year with both surveys (none so far), SSGI counts: it is the one with kab/kota figures.
PREFERENCE = {Source.SSGI: 0, Source.SKI: 1, Source.EPPGBM: 2}


def achievement_values(
    indicator_code: str, region_codes: list[str], years: list[int]
) -> dict[tuple[str, int], Decimal]:
    """One query: the setting is read inside it, so a page that shows achievements pays for the
    stunting source once."""
    counting = Coalesce(
        Subquery(
            AchievementSetting.objects.filter(indicator_code=indicator_code).values("counting")[:1]
        ),
        Value(AchievementSetting.Counting.SURVEY),
    )
    counts = Q()
    for choice, sources in SOURCES.items():
        counts |= Q(counting=choice, source__in=sources)
    figures = (
        PrevalenceFigure.objects.verified()
        .filter(region_id__in=region_codes, year__in=years)
        .annotate(
            counting=counting,
            position=Window(
                RowNumber(),
                partition_by=[F("region_id"), F("year"), F("source")],
                order_by=[F("month").desc()],
            ),
        )
        .filter(counts, position=1)
        .values_list("region_id", "year", "source", "value")
    )
    chosen: dict[tuple[str, int], tuple[int, Decimal]] = {}
    for code, year, source, value in figures:
        rank = PREFERENCE[source]
        if (code, year) not in chosen or rank < chosen[(code, year)][0]:
            chosen[(code, year)] = (rank, value)
    return {key: value for key, (_rank, value) in chosen.items()}
