"""The stunting panel on a region's page: the latest figure of each source, with its band, and
a link to the region's stunting page; plus the stunting records sent back, on the home page."""

from __future__ import annotations

from django.db.models import CharField, F, Value
from django.template.loader import render_to_string
from django.urls import reverse

from pokja.kernel.registry import registry
from pokja.kernel.scoping import CHANGE
from pokja.kernel.verification import Status
from pokja.returned import ReturnedItem, register_returned_source
from stunting.models import Source
from stunting.models.reports import REPORTING_LEVELS


def region_stunting_panel(request, region, year: int, **kwargs) -> str:
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
    """Figures and semester reports of the region the province sent back, with its reason: one
    query for both (a kecamatan team's return shows on the team's own page)."""
    from stunting.models import PrevalenceFigure, SemesterReport

    def returned(model, kind: int, sub: str, source):
        return (
            model.objects.for_user(user, CHANGE)
            .filter(region=region, status=Status.DITOLAK)
            .annotate(kind=Value(kind), sub=F(sub), src=source)
            .values_list("kind", "pk", "rejection_reason", "year", "sub", "src")
            .order_by()
        )

    figures = returned(PrevalenceFigure, 0, "month", F("source"))
    reports = returned(SemesterReport, 1, "semester", Value("", output_field=CharField()))
    items = []
    for kind, pk, reason, year, sub, source in figures.union(reports, all=True):
        model = (PrevalenceFigure, SemesterReport)[kind]
        if kind == 0:
            period = f"{sub:02d}/{year}" if sub else str(year)
            label = f"{Source(source).label} {period}"
        else:
            label = f"Semester {sub} {year}"
        items.append(
            ReturnedItem(
                kind=str(model._meta.verbose_name),
                label=label,
                reason=reason,
                url=reverse(f"stunting:{model._meta.model_name}_detail", args=[pk]),
            )
        )
    return items
