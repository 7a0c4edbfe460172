"""The stunting panel on a region's page: the latest figure of each source, with its band, and
a link to the region's stunting page; plus the stunting records sent back, on the home page."""

from __future__ import annotations

from django.template.loader import render_to_string

from pokja.kernel.registry import registry
from pokja.kernel.scoping import CHANGE, region_scope_q
from pokja.kernel.verification import Status
from pokja.returned import ReturnedItem, register_returned_source
from stunting.models.reports import REPORTING_LEVELS


def region_stunting_panel(request, region, year: int) -> str:
    if region.level not in REPORTING_LEVELS:
        return ""
    from stunting.selectors import region_series

    series = region_series(request.user, region)
    return render_to_string(
        "stunting/partials/region_panel.html",
        {"region": region, "series": series, "year": year},
        request=request,
    )


registry.add_panel(region_stunting_panel, order=60)


@register_returned_source
def returned_stunting_records(user, region) -> list[ReturnedItem]:
    """Figures, reports and teams the province sent back, with its reason (one query each)."""
    from stunting.record_types import RECORD_TYPES

    items = []
    for record_type in RECORD_TYPES:
        returned = (
            record_type.model.objects.for_user(user, CHANGE)
            .filter(region_scope_q("region__code", region.code), status=Status.DITOLAK)
            .select_related("region")
        )
        items += [
            ReturnedItem(
                kind=str(record_type.model._meta.verbose_name),
                label=str(record),
                reason=record.rejection_reason,
                url=record.get_absolute_url(),
            )
            for record in returned
        ]
    return items
