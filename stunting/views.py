"""The stunting pages: a kab/kota's dashboard, the province's ranking (with export and print
view), the national view of the provinces, and a convergence action's form.

Every page starts from `Region.objects.for_user`: a region outside the user's scope is a 404.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pokja.kernel import policy, spreadsheets, workflow
from pokja.kernel.provenance import absolute_url, format_moment, provenance_url
from pokja.kernel.records import conflict_page
from pokja.kernel.regions import Region
from pokja.kernel.scoping import CHANGE
from pokja.kernel.uploads import evidence_response
from pokja.kernel.years import selected_year, year_choices
from stunting import dashboard, selectors, services
from stunting.forms import ConvergenceActionForm
from stunting.models import ConvergenceAction, PrevalenceFigure
from stunting.ranking_sort import Sort
from stunting.record_types import PREVALENCE, REPORTS
from stunting.selectors import SeriesKey

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.ms-excel"}


def _years() -> list[int]:
    return year_choices(back=6, ahead=1)


def _region(request, code: str) -> Region:
    return get_object_or_404(Region.objects.for_user(request.user), code=code)


# --- kab/kota ------------------------------------------------------------------------------


@require_GET
def region_dashboard(request, code: str):
    region = _region(request, code)
    if region.is_province:
        return redirect("stunting:province", code=region.code)
    if not region.is_kabupaten_kota:
        raise Http404
    year = selected_year(request.GET, _years())
    context = {
        "region": region,
        "year": year,
        "years": _years(),
        **dashboard.region_dashboard(request.user, region, year).as_context(),
        "may_change": policy.may_change_region(request.user, region.code),
        "figure_create_url": PREVALENCE.create_url(region),
        "report_create_url": REPORTS.create_url(region),
    }
    return render(request, "stunting/region.html", context)


# --- province and national ------------------------------------------------------------------


def _ranking_context(
    request, regions: list[Region], year: int, *, own: Region | None = None, overdue=None
) -> dict:
    """The ranking of `regions` by one source; `own` (a province) gets its own figure read in
    the same query, never averaged from the ranked regions."""
    codes = [r.code for r in regions]
    key = SeriesKey.parse(request.GET.get("sumber"))
    path = selectors.target_path()
    figures = selectors.latest_two(codes + ([own.code] if own else []), key, year)
    rows = selectors.ranking(
        request.user, regions, key, year, path, figures=figures, overdue=overdue
    )
    own_figures = figures.get(own.code, []) if own else []
    order = Sort.parse(request.GET.get("sort"))
    return {
        "year": year,
        "years": _years(),
        "key": key,
        "sources": selectors.sources_present(codes),
        "rows": order.apply(rows),
        "order": order,
        "headers": order.headers(request.GET),
        # The chart stays a ranking (lowest first) whatever order the table is sorted in.
        "chart": selectors.ranking_chart(rows, key),
        "path": path,
        "province_figure": own_figures[0] if own_figures else None,
    }


def _province(request, code: str) -> Region:
    region = _region(request, code)
    if not region.is_province:
        raise Http404
    return region


def _province_context(request, code: str) -> dict:
    province = _province(request, code)
    year = selected_year(request.GET, _years())
    regions = list(Region.objects.for_user(request.user).kabupaten_kota().filter(parent=province))
    overdue = list(selectors.overdue_reports(request.user, province))
    counts = Counter(o.region_id for o in overdue)
    context = _ranking_context(request, regions, year, own=province, overdue=counts)
    context.update(
        region=province,
        overdue=overdue,
        may_import=policy.may_manage_province(request.user, province.code),
    )
    return context


@require_GET
def province_dashboard(request, code: str):
    return render(request, "stunting/province.html", _province_context(request, code))


@require_GET
def province_print(request, code: str):
    return render(request, "stunting/province_print.html", _province_context(request, code))


@require_GET
def national_dashboard(request):
    if not request.user.has_national_scope:
        raise Http404
    year = selected_year(request.GET, _years())
    regions = list(Region.objects.for_user(request.user).provinces())
    context = _ranking_context(request, regions, year)
    return render(request, "stunting/national.html", context)


@transaction.non_atomic_requests
@require_GET
def ranking_export(request, export_format: str, code: str | None = None):
    """The ranking as CSV or Excel: the same scoped rows as the page, its source named."""
    if export_format not in EXPORT_FORMATS:
        raise Http404
    year = selected_year(request.GET, _years())
    if code is None:
        if not request.user.has_national_scope:
            raise Http404
        regions = list(Region.objects.for_user(request.user).provinces())
        stem = "nasional"
    else:
        province = _province(request, code)
        regions = list(
            Region.objects.for_user(request.user).kabupaten_kota().filter(parent=province)
        )
        stem = province.code
    key = SeriesKey.parse(request.GET.get("sumber"))
    rows = Sort.parse(request.GET.get("sort")).apply(
        selectors.ranking(request.user, regions, key, year)
    )
    dataset = spreadsheets.Table(
        headers=[
            _("Rank"),
            _("Code"),
            _("Region"),
            _("Source"),
            _("Period"),
            _("Prevalence (%)"),
            _("Band"),
            _("Target of the figure's year"),
            _("Target measured by"),
            _("Target: published, interpolated or own"),
            _("Distance to target"),
            _("Change since the previous figure"),
            _("Convergence actions done"),
            _("Overdue reports"),
            _("Illustrative"),
            _("Publication"),
            _("Status"),
            _("Verified by"),
            _("Verified at"),
            _("Where from (link)"),
        ],
        title=f"stunting-{year}",
    )
    # Who verified each figure: one query for the whole ranking.
    verified = PrevalenceFigure.objects.select_related("verified_by").in_bulk(
        [row.latest.pk for row in rows if row.latest]
    )
    for row in rows:
        figure = row.latest
        checked = verified.get(figure.pk) if figure else None
        dataset.append(
            [
                row.rank or "",
                row.region.code,
                row.region.name,
                key.label,
                figure.period_label if figure else "",
                figure.value if figure else "",
                str(row.band.label) if row.band else "",
                "" if row.target is None else row.target,
                row.target_of_year.measured_by_label if row.judged else "",
                _target_basis(row.target_of_year) if row.judged else "",
                "" if row.distance is None else row.distance,
                "" if row.change is None else row.change,
                row.actions_done,
                row.overdue if row.reports_due else "",
                _("illustrative") if figure and figure.is_illustrative else "",
                figure.publication_title if figure else "",
                *(
                    [
                        checked.get_status_display(),
                        str(checked.verified_by or ""),
                        format_moment(checked.verified_at),
                        absolute_url(provenance_url("prevalensi", checked.pk)),
                    ]
                    if checked
                    else ["", "", "", ""]
                ),
            ]
        )
    response = HttpResponse(
        dataset.export(export_format), content_type=EXPORT_FORMATS[export_format]
    )
    filename = f"stunting-{stem}-{key.param.replace(':', '-')}-{year}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _target_basis(target) -> str:
    """Where the target comes from, as the export says it: the national path's year is
    published or interpolated; a region's own target is the targets app's (a generated demo
    one says so)."""
    if target.origin == "region":
        return _("illustrative") if target.illustrative else _("own target")
    return _("interpolated") if target.interpolated else _("published")


# --- the 8 convergence actions --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def action_edit(request, code: str, year: int, action: int):
    region = get_object_or_404(
        Region.objects.for_user(request.user, CHANGE).kabupaten_kota(), code=code
    )
    if year not in _years() or action not in ConvergenceAction.Action.values:
        raise Http404
    record = ConvergenceAction.objects.for_user(request.user, CHANGE).filter(
        region=region, year=year, action=action
    ).first() or ConvergenceAction(region=region, year=year, action=action)
    may_score = services.may_score(request.user, region)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    download_url = (
        reverse("stunting:action_document", args=[record.pk])
        if record.pk and record.document
        else ""
    )
    form = ConvergenceActionForm(
        *data, instance=record, may_score=may_score, user=request.user, download_url=download_url
    )
    back = reverse("stunting:region", args=[region.code]) + f"?tahun={year}#aksi"
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                action=form.save(commit=False),
                user=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
                scoring=may_score,
            )
        except workflow.StaleRecord as stale:
            return conflict_page(
                request,
                record=form.instance,
                current=stale.current,
                return_url=request.path,
                fields=[n for n in form.fields if n not in ("document", "expected_version")],
            )
        messages.success(request, _("%(record)s has been saved.") % {"record": record})
        return redirect(back)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "stunting/action_form.html",
        {"region": region, "year": year, "record": record, "form": form, "cancel_url": back},
    )


@require_GET
def action_document(request, pk: int):
    """An action's document: served only here, after the scope check."""
    record = get_object_or_404(ConvergenceAction.objects.for_user(request.user), pk=pk)
    if not record.document:
        raise Http404
    return evidence_response(record.document, record.document_name, f"aksi-{pk}")
