"""The Kampung KB pages: the entry point per role, a Kampung KB's own page, the kab/kota,
province and national dashboards and the village search."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kampungkb import lift, rules, selectors
from kampungkb import policy as kampungkb_policy
from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from kampungkb.record_types import ACTIVITIES, PROFILES
from kampungkb.services.classify import ClassifyBusy, classify, reference_date
from pokja.kernel import policy, spreadsheets
from pokja.kernel.provenance import absolute_url, provenance_url
from pokja.kernel.regions import Region
from pokja.kernel.years import selected_year, year_choices

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PAGE_SIZE = 50


@require_GET
def home(request):
    """Each role starts where its work is."""
    user = request.user
    if user.is_village_operator:
        kampung = KampungKB.objects.for_user(user).active().first()
        if kampung is None:
            return render(request, "kampungkb/no_kampung.html", {"region": user.region})
        return redirect(kampung)
    if user.has_national_scope:
        return redirect("kampungkb:national")
    return redirect("kampungkb:region", code=user.region_id)


def _region(user, code: str) -> Region:
    region = get_object_or_404(Region.objects.for_user(user).select_related("parent"), code=code)
    if not (region.is_province or region.is_kabupaten_kota):
        raise Http404
    return region


def _class_chart(figures: selectors.Figures, year: int) -> dict:
    url = provenance_url("kampung-kb-wilayah", figures.code, year) if figures.code else ""
    return {
        "urls": [url] * len(rules.CLASS_ORDER) if url else [],
        "label": _("Kampung KB"),
        "labels": [str(rules.CLASS_LABELS[level]) for level in rules.CLASS_ORDER],
        "values": [figures.per_class[level] for level in rules.CLASS_ORDER],
        "colours": ["#adb5bd", "#0dcaf0", "#0d6efd", "#198754"],
    }


@transaction.non_atomic_requests
@require_GET
def region(request, code: str):
    region = _region(request.user, code)
    year = selected_year(request.GET)
    if region.is_province:
        return _overview(request, region, year)
    summary = selectors.region_summary(request.user, region, year)
    params = {
        "level": request.GET.get("kelas", ""),
        "stale": request.GET.get("tanpa_profil") == "1",
        "query": request.GET.get("q", "").strip()[:100],
        "sort": request.GET.get("urut", ""),
    }
    kampung = selectors.kampung_list(request.user, region, year, **params)
    export_format = request.GET.get("ekspor")
    if export_format in EXPORT_FORMATS:
        return _list_export(kampung, region, year, export_format)
    page = Paginator(kampung, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "kampungkb/kabkota.html",
        {
            "region": region,
            "year": year,
            "years": year_choices(),
            "summary": summary,
            "chart": _class_chart(summary, year),
            "page": page,
            "params": params,
            "query": query.urlencode(),
            "classes": [(level, rules.CLASS_LABELS[level]) for level in rules.CLASS_ORDER],
            "may_manage": kampungkb_policy.may_manage_village_programs(request.user, region.code),
        },
    )


def _overview(request, region: Region | None, year: int):
    """A province's figures per kab/kota, or the country's per province, with a ranking."""
    length = 2 if region is None else 5
    rows = list(selectors.figures_by(request.user, region, year, length).values())
    total = selectors.totals(
        rows, region.code if region else "", region.name if region else _("Indonesia")
    )
    export_format = request.GET.get("ekspor")
    if export_format in EXPORT_FORMATS:
        return _overview_export(rows, total, year, export_format, region)
    return render(
        request,
        "kampungkb/overview.html",
        {
            "region": region,
            "year": year,
            "years": year_choices(),
            "rows": rows,
            "ranking": selectors.ranking([r for r in rows if r.count])[:10],
            "total": total,
            "chart": _class_chart(total, year),
            "child_label": _("Province") if region is None else _("Regency/city"),
            "may_manage": region is not None
            and kampungkb_policy.may_manage_village_programs(request.user, region.code),
        },
    )


@transaction.non_atomic_requests
@require_GET
def national(request):
    if not request.user.has_national_scope:
        raise Http404
    return _overview(request, None, selected_year(request.GET))


def _respond(dataset: spreadsheets.Table, name: str, export_format: str) -> HttpResponse:
    response = HttpResponse(
        dataset.export(export_format), content_type=EXPORT_FORMATS[export_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    return response


def _overview_export(rows, total, year: int, export_format: str, region) -> HttpResponse:
    headers = [
        _("Code"),
        _("Name"),
        _("Villages"),
        _("Kampung KB"),
        _("Coverage (%)"),
        *[str(rules.CLASS_LABELS[level]) for level in rules.CLASS_ORDER],
        _("Moved up"),
        _("Moved down"),
        _("No profile for 3 months"),
    ]
    dataset = spreadsheets.Table(headers=headers, title=f"kampung-kb-{year}")
    for row in [*rows, total]:
        dataset.append(
            [
                row.code,
                row.name,
                row.villages,
                row.count,
                "" if row.coverage is None else row.coverage,
                *[row.per_class[level] for level in rules.CLASS_ORDER],
                row.up,
                row.down,
                row.stale,
            ]
        )
    name = f"kampung-kb-{region.code if region else 'nasional'}-{year}"
    return _respond(dataset, name, export_format)


def _list_export(kampung, region: Region, year: int, export_format: str) -> HttpResponse:
    dataset = spreadsheets.Table(
        headers=[
            _("Village code"),
            _("Desa/kelurahan"),
            _("Kecamatan"),
            _("Name"),
            _("Launch date"),
            _("Class %(year)s") % {"year": year},
            _("Class %(year)s") % {"year": year - 1},
            _("Latest profile"),
            _("Where from (link)"),
        ],
        title=f"kampung-kb-{year}",
    )
    for item in kampung:
        dataset.append(
            [
                item.region_id,
                item.region.name,
                item.region.parent.name,
                item.name,
                item.launched_on,
                _rank_label(item.rank),
                _rank_label(item.previous_rank),
                item.last_period.strftime("%m/%Y") if item.last_period else "",
                absolute_url(provenance_url("kampung-kb", item.pk, year)),
            ]
        )
    return _respond(dataset, f"kampung-kb-{region.code}-{year}", export_format)


def _rank_label(rank) -> str:
    return "" if rank is None else str(rules.CLASS_LABELS[rules.CLASS_ORDER[rank]])


@require_GET
def detail(request, pk: int):
    """A Kampung KB's own page: class, every indicator's score, what would lift it, its
    profiles and activities."""
    kampung = get_object_or_404(
        KampungKB.objects.for_user(request.user).select_related("region__parent__parent"), pk=pk
    )
    year = selected_year(request.GET)
    classes = {
        c.year: c for c in MaturityClass.objects.filter(kampung=kampung, year__in=[year, year - 1])
    }
    current = classes.get(year)
    indicators, plan = [], None
    if current:
        scores, values = rules.read_reasons(current.reasons)
        met = rules.met_groups(scores)
        for group in rules.GROUPS:
            items = [i for i in rules.INDICATORS if i.group == group]
            group_scores = [scores[i.code] for i in items]
            indicators.append(
                {
                    "label": rules.GROUP_LABELS[group],
                    "met": group in met,
                    "average": rules.group_average(group_scores),
                    "items": [
                        (i.label, rules.display_value(i.code, values[i.code]), scores[i.code])
                        for i in items
                    ],
                }
            )
        plan = lift.lift_plan(scores, values)
    profiles = Profile.objects.filter(kampung=kampung).order_by("-period")[:24]
    activities = Activity.objects.filter(kampung=kampung).order_by("-held_on")[:20]
    user = request.user
    return render(
        request,
        "kampungkb/detail.html",
        {
            "kampung": kampung,
            "year": year,
            "years": year_choices(),
            "current": current,
            "previous": classes.get(year - 1),
            "reference_date": reference_date(year),
            "indicators": indicators,
            "plan": plan,
            "profiles": profiles,
            "activities": activities,
            "may_enter": policy.may_edit(user, Profile(kampung=kampung)),
            "may_manage": kampungkb_policy.may_manage_village_programs(
                user, kampung.kabupaten_kota_code
            ),
            "profile_create_url": PROFILES.create_url(kampung),
            "activity_create_url": ACTIVITIES.create_url(kampung),
        },
    )


@require_POST
def recompute(request, code: str):
    """The button on a kab/kota's page: its classes now, for this year and last year."""
    region = _region(request.user, code)
    if not kampungkb_policy.may_manage_village_programs(request.user, region.code):
        raise Http404
    year = selected_year(request.POST)
    try:
        results = classify(years=[year - 1, year], scope_code=region.code)
    except ClassifyBusy:
        messages.error(request, _("Another classification is running: try again in a minute."))
    else:
        messages.success(
            request,
            _("Classes computed for %(count)s Kampung KB; %(changed)s changed.")
            % {"count": results[-1].kampung_count, "changed": sum(r.changed for r in results)},
        )
    return redirect(f"{reverse('kampungkb:region', args=[region.code])}?tahun={year}")
