"""The targets app's panel on the region pages: a kab/kota's own targets and achievements."""

from django.template.loader import render_to_string

from pokja.kernel.registry import registry
from targets.selectors import region_targets_summary


def region_targets_panel(request, region, year: int) -> str:
    if region.is_province:
        return render_to_string(
            "targets/partials/province_links.html",
            {"region": region, "year": year},
            request=request,
        )
    if not region.is_kabupaten_kota:
        return ""
    rows = region_targets_summary(request.user, region, year)
    return render_to_string(
        "targets/partials/region_targets.html",
        {"region_targets": rows, "year": year},
        request=request,
    )


registry.add_panel(region_targets_panel, order=50)
