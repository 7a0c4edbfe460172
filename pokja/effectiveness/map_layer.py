"""The map layer "efektivitas": each drawn region's own Pokja judged effective, not effective, or
not assessed in the year (the engine's assessments, which read verified evidence only).

On the national map a province's colour is its own Pokja; its row also says how many of its
kab/kota are effective, as the national table does.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pokja.kernel.provenance import provenance_url
from pokja.maps import AreaValue, LayerValues, MapClass, MapLayer
from pokja.models import Assessment, Region

# Blue and orange differ for every kind of colour blindness, and in lightness for greyscale.
EFFECTIVE = MapClass("efektif", gettext_lazy("Effective"), "#2166ac")
NOT_EFFECTIVE = MapClass("belum-efektif", gettext_lazy("Not effective"), "#f4a582")
NOT_ASSESSED = MapClass("belum-dinilai", gettext_lazy("Not assessed"), "#d9d9d9")


def judgements(year: int, options: dict) -> dict:
    """Each area's judgement of the year (None: not assessed), read with the areas."""
    of_year = Assessment.objects.filter(region_id=OuterRef("code"), year=year).order_by()
    return {"effective_judged": Subquery(of_year.values("is_effective")[:1])}


def values(parent, areas, year: int, options: dict) -> LayerValues:
    codes = [area.code for area in areas]
    judged = {
        area.code: area.effective_judged for area in areas if area.effective_judged is not None
    }
    below: dict[str, tuple[int, int]] = {}
    if parent is None:  # the nation: each province's kab/kota too
        below = {
            province: (effective, total)
            for province, effective, total in Assessment.objects.filter(
                region__parent_id__in=codes,
                region__level__in=Region.KABUPATEN_KOTA_LEVELS,
                year=year,
            )
            .values_list("region__parent_id")
            .annotate(effective=Count("pk", filter=Q(is_effective=True)), total=Count("pk"))
            .values_list("region__parent_id", "effective", "total")
            .order_by()
        }
        kabkota = Counter(
            Region.objects.filter(
                parent_id__in=codes, level__in=Region.KABUPATEN_KOTA_LEVELS
            ).values_list("parent_id", flat=True)
        )
    result = {}
    where_from = provenance_url("efektivitas", "CODE", year)  # one reverse() for all areas
    for code in codes:
        if code in judged:
            map_class = EFFECTIVE if judged[code] else NOT_EFFECTIVE
        else:
            map_class = NOT_ASSESSED
        text = str(map_class.label)
        if parent is None and code in below:
            text += " · " + _("%(effective)s of %(total)s kab/kota effective") % {
                "effective": below[code][0],
                "total": kabkota[code],
            }
        url = where_from.replace("CODE", code) if code in judged else ""
        result[code] = AreaValue(code, map_class.key, text, url)
    caption = _("assessment %(year)s from verified evidence") % {"year": year}
    return LayerValues(caption, result)


LAYER = MapLayer(
    key="efektivitas",
    title=gettext_lazy("Effective Pokja"),
    classes=(EFFECTIVE, NOT_EFFECTIVE, NOT_ASSESSED),
    values=values,
    order=10,
    area_annotations=judgements,
)
