"""The stunting panel on a region's page: the latest figure of each source, with its band, and
a link to the region's stunting page; plus the stunting records sent back, on the home page."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.urls import reverse

from pokja.kernel.registry import ReturnedItem, ReturnedKind, registry
from pokja.kernel.scoping import CHANGE
from pokja.kernel.verification import Status
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


def _returned(model, label: Callable, fields: tuple[str, ...]):
    """The region's rejected rows of `model`, each described by `label(values)`, the values of
    `fields`."""

    def rejected(user, region):
        return model.objects.for_user(user, CHANGE).filter(region=region, status=Status.DITOLAK)

    def describe(rows) -> list[ReturnedItem]:
        name = model._meta.model_name
        return [
            ReturnedItem(
                kind=str(model._meta.verbose_name),
                label=label(row.values),
                reason=row.reason,
                url=reverse(f"stunting:{name}_detail", args=[row.pk]),
                returned_at=row.returned_at,
            )
            for row in rows
        ]

    return ReturnedKind(rejected, describe, fields=fields)


def _figure_label(figure: dict) -> str:
    period = f"{figure['month']:02d}/{figure['year']}" if figure["month"] else str(figure["year"])
    return f"{Source(figure['source']).label} {period}"


def returned_kinds() -> list[ReturnedKind]:
    """Figures and semester reports the province sent back, with its reason (a kecamatan team's
    return shows on the team's own page). Registered in stunting/registrations.py."""
    from stunting.models import PrevalenceFigure, SemesterReport

    return [
        _returned(PrevalenceFigure, _figure_label, ("source", "month", "year")),
        _returned(
            SemesterReport, lambda r: f"Semester {r['semester']} {r['year']}", ("semester", "year")
        ),
    ]
