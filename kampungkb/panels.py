"""The Kampung KB panel on the region pages: figures on a kab/kota page, a link on a province
page, and on a desa/kelurahan page the village's own Kampung KB (where an operator lands)."""

from django.template.loader import render_to_string

from kampungkb import selectors
from kampungkb.models import KampungKB
from pokja.kernel.registry import registry


def kampung_kb_panel(request, region, year: int, **kwargs) -> str:
    if region.is_province:
        # The province page keeps its query budget: a link, the figures are one click away.
        return render_to_string(
            "kampungkb/partials/province_link.html",
            {"region": region, "year": year},
            request=request,
        )
    if region.is_village:
        kampungs = list(KampungKB.objects.for_user(request.user).filter(region=region))
        return render_to_string(
            "kampungkb/partials/village_panel.html",
            {"region": region, "kampungs": kampungs},
            request=request,
        )
    if not region.is_kabupaten_kota:
        return ""
    summary = selectors.region_summary(request.user, region, year)
    return render_to_string(
        "kampungkb/partials/region_panel.html",
        {"region": region, "summary": summary, "year": year},
        request=request,
    )


registry.add_panel(kampung_kb_panel, order=60)
