"""The targets app's panel on the region pages: a kab/kota's own targets and achievements."""

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from pokja.kernel.regions import province_code_of
from pokja.kernel.registry import ReturnedItem, ReturnedKind, registry
from pokja.kernel.scoping import CHANGE
from targets.forms import period_label
from targets.models import Achievement
from targets.selectors import region_targets_summary


def region_targets_panel(request, region, year: int, **kwargs) -> str:
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
        {"region": region, "region_targets": rows, "year": year},
        request=request,
    )


registry.add_panel(region_targets_panel, order=50)


def _rejected_achievements(user, region):
    return Achievement.objects.for_user(user, CHANGE).filter(
        region=region, status=Achievement.Status.DITOLAK
    )


def _describe_achievements(rows) -> list[ReturnedItem]:
    """Rejected achievements, linked to the entry grid where they are fixed."""
    items = []
    for row in rows:
        achievement = row.values
        province_code = province_code_of(achievement["region_id"])
        url = reverse("targets:achievements", args=[province_code, achievement["year"]])
        query = urlencode(
            {"indicator": achievement["indicator__code"], "period": achievement["period"]}
        )
        items.append(
            ReturnedItem(
                kind=str(Achievement._meta.verbose_name),
                label=f"{achievement['indicator__name']}, {period_label(achievement['period'])} "
                f"{achievement['year']}",
                reason=row.reason,
                url=f"{url}?{query}",
                returned_at=row.returned_at,
            )
        )
    return items


# Registered in TargetsConfig.ready().
RETURNED_ACHIEVEMENTS = ReturnedKind(
    _rejected_achievements,
    _describe_achievements,
    fields=("region_id", "year", "period", "indicator__code", "indicator__name"),
)
