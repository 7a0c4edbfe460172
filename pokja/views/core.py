"""Portal pages of the core app: each role's home, region pages and the national page."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pokja.effectiveness import selectors as effectiveness_selectors
from pokja.kernel import pagecache, policy, spreadsheets
from pokja.kernel.provenance import absolute_url, provenance_url
from pokja.kernel.scoping import code_in_scope
from pokja.kernel.years import selected_year, year_choices
from pokja.maps.panel import map_panel_html
from pokja.reminders import services as reminders
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
    """Any region's page, composed of the panels the apps registered for its level."""
    year = selected_year(request.GET)
    if request.GET.get("cetak"):
        region = effectiveness_selectors.region_for_dashboard(request.user, code, year)
        return dashboard.region_page(request, region, year)
    # The scope first: a kept page is served only to someone who may see the region (the same
    # rule as region_for_dashboard's, without its query).
    if not code_in_scope(request.user, code):
        raise Http404

    def build() -> dict:
        region = effectiveness_selectors.region_for_dashboard(request.user, code, year)
        return dashboard.region_parts(request, region, year)

    parts = pagecache.cached_parts(request, build)
    if code == request.user.region_id and policy.home_leads_with_due_items(request.user):
        # The operator's own village is their home: what needs their action comes first. Their
        # own, so never in the cached part.
        items, count = reminders.home_items(request.user)
        parts = {**parts, "due_items": items, "due_total": count}
    return render(request, "pokja/region_detail.html", parts)


@transaction.non_atomic_requests
@require_GET
def national(request):
    if not request.user.has_national_scope:
        raise Http404
    year = selected_year(request.GET)
    export_format = request.GET.get("ekspor")
    if export_format in dashboard.EXPORT_FORMATS:
        provinces = effectiveness_selectors.national_overview(request.user, year)
        totals = effectiveness_selectors.national_totals(provinces)
        return national_export(provinces, totals, year, export_format)

    def build() -> dict:
        provinces = effectiveness_selectors.national_overview(request.user, year)
        context = {
            "provinces": provinces,
            "totals": effectiveness_selectors.national_totals(provinces),
            "year": year,
            "years": year_choices(),
            "map": map_panel_html(request, None, year),
        }
        return {"body": render_to_string("pokja/partials/national_body.html", context, request)}

    parts = pagecache.cached_parts(request, build)
    return render(request, "pokja/national.html", parts)


def national_export(provinces, totals: dict, year: int, export_format: str) -> HttpResponse:
    """The national table as CSV or Excel, total row last; an empty cell means no data yet."""
    dataset = spreadsheets.Table(
        headers=[
            _("Code"),
            _("Province"),
            _("Regencies"),
            _("Cities"),
            _("Effective kab/kota"),
            _("Kab/kota computed"),
            _("Total kab/kota"),
            "%",
            _("Effective Pokja, province included"),
            _("Target"),
            _("Where from (link)"),
        ],
        title=f"nasional-{year}",
    )
    for p in [*provinces, None]:
        row = totals if p is None else vars(p)
        dataset.append(
            [
                "" if p is None else p.code,
                _("Total") if p is None else p.name,
                row["kabupaten_count"],
                row["kota_count"],
                row["effective_count"] if row["assessed_count"] else "",
                row["assessed_count"],
                row["kabkota_total"],
                "" if row["effective_percent"] is None else row["effective_percent"],
                row["pokja_effective_count"]
                if row["assessed_count"] or row["own_assessed"]
                else "",
                "" if row["target_count"] is None else row["target_count"],
                "" if p is None else absolute_url(provenance_url("efektif-jumlah", p.code, year)),
            ]
        )
    response = HttpResponse(
        dataset.export(export_format), content_type=dashboard.EXPORT_FORMATS[export_format]
    )
    filename = f"ringkasan-nasional-{year}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
