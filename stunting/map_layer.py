"""The map layer "stunting": verified prevalence of ONE source and ONE year (never mixed, see
DOMAIN.md), classed by the WHO/UNICEF bands of stunting/bands.py.

Options: {"sumber": "ssgi" | "ski" | "eppgbm", "tahun": YYYY}. Unknown or absent values fall
back: the source to the one the dashboards' achievement counts (AchievementSetting; by default
the national survey, SSGI or SKI, with the latest verified year), the year to that source's
latest verified year up to the page's year. e-PPGBM is monthly: its map is the year's latest
month that has verified figures, and the title names it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pokja.kernel.provenance import provenance_url
from pokja.maps import AreaValue, LayerValues, MapClass, MapLayer
from stunting.bands import band
from stunting.models import AchievementSetting, PrevalenceFigure, Source

SOURCES = (Source.SSGI, Source.SKI, Source.EPPGBM)
# Light to dark (ColorBrewer YlOrRd): ordered by lightness, safe for colour-blind readers.
CLASSES = (
    MapClass("very-low", gettext_lazy("very low (under 2.5%)"), "#ffffb2"),
    MapClass("low", gettext_lazy("low (2.5–<10%)"), "#fecc5c"),
    MapClass("medium", gettext_lazy("medium (10–<20%)"), "#fd8d3c"),
    MapClass("high", gettext_lazy("high (20–<30%)"), "#e31a1c"),
    MapClass("very-high", gettext_lazy("very high (30% or more)"), "#800026"),
    MapClass("no-data", gettext_lazy("no data"), "#d9d9d9"),
)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def choose(periods: set[tuple[str, int, int]], year: int, options: dict) -> tuple[str, int, int]:
    """(source, year, month) of the map: the asked ones where they have figures, else defaults."""
    source = options.get("sumber")
    if source not in SOURCES:
        counting = (
            AchievementSetting.objects.filter(indicator_code="stunting")
            .values_list("counting", flat=True)
            .first()
        )
        if counting in SOURCES:
            source = counting
        else:  # the national survey of the latest year: SSGI, or SKI (2023)
            surveys = [(y, s == Source.SSGI, s) for s, y, _m in periods if s != Source.EPPGBM]
            surveys = [p for p in surveys if p[0] <= year] or surveys
            source = max(surveys)[2] if surveys else Source.SSGI
    years = sorted({y for s, y, _m in periods if s == source})
    asked = _int(options.get("tahun"))
    if asked not in years:
        asked = max([y for y in years if y <= year] or years or [year])
    month = max([m for s, y, m in periods if s == source and y == asked] or [0])
    return source, asked, month


def values(parent, areas, year: int, options: dict) -> LayerValues:
    codes = [area.code for area in areas]
    verified = PrevalenceFigure.objects.verified().filter(region_id__in=codes, source__in=SOURCES)
    periods = set(verified.values_list("source", "year", "month").distinct().order_by())
    source, shown_year, month = choose(periods, year, options)
    figures = verified.filter(source=source, year=shown_year, month=month).values_list(
        "pk", "region_id", "value", "is_illustrative"
    )
    result = {}
    where_from = provenance_url("prevalensi", "REF")  # one reverse() for all areas
    for pk, code, value, illustrative in figures:
        text = f"{value:.1f}".replace(".", ",") + " %"
        if illustrative:
            text += " " + _("(illustrative)")
        url = where_from.replace("REF", str(pk))
        result[code] = AreaValue(code, band(value).code, text, url)
    period = f"{month:02d}/{shown_year}" if month else str(shown_year)
    label = Source(source).label
    if result:
        caption = _("%(source)s %(period)s, verified") % {"source": label, "period": period}
    else:
        caption = _("%(source)s %(period)s: no verified figures") % {
            "source": label,
            "period": period,
        }
    return LayerValues(caption, result, {"sumber": source, "tahun": shown_year})


LAYER = MapLayer(
    key="stunting",
    title=gettext_lazy("Stunting prevalence"),
    classes=CLASSES,
    values=values,
    order=30,
)
