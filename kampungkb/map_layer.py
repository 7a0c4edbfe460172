"""The map layer "kampung-kb": per region, the share of its active Kampung KB whose class this
year is Mandiri or Berkelanjutan, of those with a class (as the Kampung KB ranking counts it).

Classes are computed from verified profiles only (kampungkb.services.classify), so a draft or a
rejected profile changes nothing here. The share is rounded half to even to a whole percent, as
the published classification rounds its percentages, and classed on that rounded figure so the
colour and the number always agree.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampungkb.models import MaturityClass
from pokja.kernel.provenance import provenance_url
from pokja.maps import AreaValue, LayerValues, MapClass, MapLayer

# Yellow to blue (ColorBrewer YlGnBu): ordered by lightness, safe for colour-blind readers.
CLASSES = (
    MapClass("kkb-0", gettext_lazy("under 10%"), "#ffffcc"),
    MapClass("kkb-10", gettext_lazy("10–24%"), "#a1dab4"),
    MapClass("kkb-25", gettext_lazy("25–49%"), "#41b6c4"),
    MapClass("kkb-50", gettext_lazy("50% or more"), "#225ea8"),
    MapClass("kkb-none", gettext_lazy("no data yet"), "#d9d9d9"),
)
FLOORS = ((50, CLASSES[3]), (25, CLASSES[2]), (10, CLASSES[1]), (0, CLASSES[0]))


def share_class(percent: int) -> MapClass:
    return next(c for floor, c in FLOORS if percent >= floor)


def values(parent, areas, year: int, options: dict) -> LayerValues:
    codes = [area.code for area in areas]
    length = len(codes[0]) if codes else 2  # "63" or "63.71": the same length on one map
    rows = (
        MaturityClass.objects.filter(year=year, kampung__is_active=True)
        .annotate(area=Substr("kampung__region_id", 1, length))
        .filter(area__in=codes)
        .values("area")
        .annotate(
            classified=Count("pk"),
            upper=Count("pk", filter=Q(level__in=("mandiri", "berkelanjutan"))),
        )
        .order_by()
    )
    result = {}
    where_from = provenance_url("kampung-kb-wilayah", "CODE", year)  # one reverse() for all
    for row in rows:
        percent = round(100 * row["upper"] / row["classified"])  # half to even, like the rule
        text = _("%(percent)s%% (%(upper)s of %(classified)s Kampung KB)") % {
            "percent": percent,
            "upper": row["upper"],
            "classified": row["classified"],
        }
        url = where_from.replace("CODE", row["area"])
        result[row["area"]] = AreaValue(row["area"], share_class(percent).key, text, url)
    caption = _("classes %(year)s from verified profiles") % {"year": year}
    return LayerValues(caption, result)


LAYER = MapLayer(
    key="kampung-kb",
    title=gettext_lazy("Kampung KB Mandiri or better"),
    classes=CLASSES,
    values=values,
    order=20,
)
