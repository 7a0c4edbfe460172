"""Portal pages of the core app: each role's home, region pages and the national page."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pokja import selectors
from pokja.effectiveness import selectors as effectiveness_selectors
from pokja.kernel.scoping import code_in_scope
from pokja.kernel.years import selected_year, year_choices
from pokja.views import dashboard


@require_GET
def home(request):
    """Send each role to its own landing page."""
    user = request.user
    if user.region_id:
        return redirect("pokja:region_detail", code=user.region_id)
    return redirect("pokja:national")


# Read-only pages skip the per-request transaction: nothing to roll back, two queries fewer.
@transaction.non_atomic_requests
@require_GET
def region_detail(request, code: str):
    """A province or kab/kota shows its effectiveness dashboard; lower levels their sub-regions."""
    year = selected_year(request.GET)
    region = effectiveness_selectors.region_for_dashboard(request.user, code, year)
    if region.is_province or region.is_kabupaten_kota:
        return dashboard.region_page(request, region, year)
    parent = region.parent
    return render(
        request,
        "pokja/region_detail.html",
        {
            "region": region,
            "parent": parent,
            "parent_visible": bool(parent and code_in_scope(request.user, parent.code)),
            "children": selectors.visible_children(request.user, region),
        },
    )


@transaction.non_atomic_requests
@require_GET
def national(request):
    if not request.user.has_national_scope:
        raise Http404
    year = selected_year(request.GET)
    return render(
        request,
        "pokja/national.html",
        {
            "provinces": effectiveness_selectors.national_overview(request.user, year),
            "year": year,
            "years": year_choices(),
        },
    )
