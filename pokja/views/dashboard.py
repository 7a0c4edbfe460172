"""Effectiveness dashboards: the kab/kota and province pages, the recompute button, targets,
the ranking export and the run log.

Who sees what: coordinators their own kab/kota, provincial staff their province, national users
and admins everything; outside that scope every page answers 404. Only provincial staff of the
province and admins may recompute or set a target.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pokja import selectors as core_selectors
from pokja.broker import WorkerUnreachable
from pokja.effectiveness import selectors
from pokja.effectiveness.next_steps import attach_next_steps
from pokja.effectiveness.provenance import cited_evidence
from pokja.effectiveness.runs import run_enqueue
from pokja.effectiveness.targets import effective_target_set
from pokja.forms_effectiveness import EffectiveTargetForm
from pokja.kernel import policy, provenance, spreadsheets
from pokja.kernel.registry import registry
from pokja.kernel.scoping import code_in_scope
from pokja.kernel.years import selected_year, year_choices
from pokja.models import Region, User
from pokja.returned import returned_items

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _managed_province(user: User, code: str, year: int) -> Region:
    """The province with its counts, for someone who may manage it; 404 for anyone else."""
    region = selectors.region_for_dashboard(user, code, year)
    if not (region.is_province and policy.may_manage_province(user, region.code)):
        raise Http404
    return region


def region_page(request, region: Region, year: int, *, status=200, **panel_kwargs):
    """A region's page: its header, the panels every app registered for it (effectiveness is
    one of them), and the regions below it."""
    if request.GET.get("cetak") and region.is_province:
        children = list(core_selectors.visible_children(request.user, region))
        context = _effectiveness_context(request, region, year, children)
        return render(request, "pokja/dashboard/province_print.html", context)
    parts = region_parts(request, region, year, **panel_kwargs)
    return render(request, "pokja/region_detail.html", parts, status=status)


def region_parts(request, region: Region, year: int, **panel_kwargs) -> dict:
    """The page's title and body (below the navbar), as pokja/kernel/pagecache.py keeps them."""
    user = request.user
    parent = region.parent
    children = list(core_selectors.visible_children(user, region))
    context = {
        "region": region,
        "parent": parent,
        "parent_visible": bool(parent and code_in_scope(user, parent.code)),
        "children": children,
        "year": year,
        "panels": registry.render_panels(request, region, year, children=children, **panel_kwargs),
    }
    body = render_to_string("pokja/partials/region_body.html", context, request=request)
    return {"title": region.name, "body": body}


def _effectiveness_context(request, region: Region, year: int, children, target_form=None):
    user = request.user
    may_manage = policy.may_manage_province(user, region.province_code)
    context = {
        "region": region,
        "year": year,
        "years": year_choices(),
        "may_change": policy.may_change_region(user, region.code),
        "may_recompute": may_manage,
    }
    if region.is_province:
        context.update(selectors.province_page(region, children, year))
        if context["assessment"]:  # the checklist (and so its steps) shows only then
            attach_next_steps(context["criteria"], region, year, may_change=context["may_change"])
        if may_manage and target_form is None:
            target_form = EffectiveTargetForm(
                initial={"year": year, "target_count": region.target_count},
                region=region,
                kabkota_total=region.kabkota_total,
            )
        context["target_form"] = target_form if may_manage else None
        context["chart"] = {
            "labels": [str(row["label"]) for row in context["criterion_counts"]],
            "values": [row["count"] for row in context["criterion_counts"]],
            "max": region.kabkota_total,
            "label": _("Kab/kota meeting the criterion"),
            # Each bar counts the kab/kota's assessments: the province count's page lists them.
            "urls": [provenance.provenance_url("efektif-jumlah", region.code, year)]
            * len(context["criterion_counts"]),
        }
        return context
    context.update(selectors.kabkota_page(region, year))
    if context["assessment"]:
        attach_next_steps(context["criteria"], region, year, may_change=context["may_change"])
    context["returned_items"] = returned_items(user, region) if context["may_change"] else []
    return context


def effectiveness_panel(request, region: Region, year: int, *, children=(), target_form=None, **_):
    """The Pokja effectiveness of a province (counts, ranking, target) or a kab/kota (the four
    criteria and what to do); nothing for other levels."""
    if not (region.is_province or region.is_kabupaten_kota):
        return ""
    context = _effectiveness_context(request, region, year, children, target_form)
    template = "province" if region.is_province else "kabkota"
    return render_to_string(
        f"pokja/dashboard/effectiveness_{template}.html", context, request=request
    )


@require_POST
def recompute_now(request, code: str):
    """Queue a recompute of the province for the selected year; the worker runs it."""
    year = selected_year(request.POST)
    region = _managed_province(request.user, code, year)
    try:
        run_enqueue(region=region, year=year, user=request.user)
    except WorkerUnreachable as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{region.get_absolute_url()}?tahun={year}")
    messages.success(
        request,
        _("Recompute queued for %(region)s, %(year)s. The page shows its progress.")
        % {"region": region.name, "year": year},
    )
    return redirect(f"{region.get_absolute_url()}?tahun={year}")


@require_POST
def target_save(request, code: str):
    year = selected_year(request.POST)
    region = _managed_province(request.user, code, year)
    form = EffectiveTargetForm(request.POST, region=region, kabkota_total=region.kabkota_total)
    if not form.is_valid():
        return region_page(request, region, year, target_form=form)
    target = effective_target_set(
        region=region,
        year=form.cleaned_data["year"],
        target_count=form.cleaned_data["target_count"],
        user=request.user,
    )
    messages.success(
        request,
        _("Target for %(year)s saved: %(count)s effective kab/kota.")
        % {"year": target.year, "count": target.target_count},
    )
    return redirect(f"{region.get_absolute_url()}?tahun={target.year}")


@transaction.non_atomic_requests
@require_GET
def ranking_export(request, code: str, export_format: str):
    """The province's ranking as CSV or Excel: the same scoped rows as the page."""
    if export_format not in EXPORT_FORMATS:
        raise Http404
    year = selected_year(request.GET)
    region = selectors.region_for_dashboard(request.user, code, year)
    if not region.is_province:
        raise Http404
    dataset = spreadsheets.Table(
        headers=[
            _("Rank"),
            _("Code"),
            _("Kab/kota"),
            *[str(label) for label in selectors.CRITERION_LABELS.values()],
            _("Score"),
            _("Status"),
            _("Change since the last run"),
            *provenance.export_headers(),
        ],
        title=f"peringkat-{year}",
    )
    yes, no = _("Yes"), _("No")
    rows = selectors.ranking_rows(request.user, region, year)
    evidence = cited_evidence([row.assessment for row in rows if row.assessment])
    for row in rows:
        a = row.assessment
        where_from = provenance.provenance_url("efektivitas", row.region.code, year)
        if a is None:
            blanks = [""] * (len(selectors.CRITERIA) + 1)
            dataset.append(
                [
                    row.rank,
                    row.region.code,
                    row.region.name,
                    *blanks,
                    _("Not computed yet"),
                    "",
                    *provenance.export_values(url=where_from),
                ]
            )
            continue
        dataset.append(
            [
                row.rank,
                row.region.code,
                row.region.name,
                *[yes if a.met(c) else no for c in selectors.CRITERIA],
                a.score,
                _("Effective") if a.is_effective else _("Not yet effective"),
                "" if row.change is None else row.change,
                *provenance.record_export_values(evidence[a.region_id], url=where_from),
            ]
        )
    body = dataset.export(export_format)
    response = HttpResponse(body, content_type=EXPORT_FORMATS[export_format])
    filename = f"peringkat-efektivitas-{region.code}-{year}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@transaction.non_atomic_requests
@require_GET
def run_log(request):
    """Effectiveness runs: admins see all; provincial staff their province's and nightly runs."""
    user = request.user
    if not policy.may_read_run_log(user):
        raise Http404
    runs = list(selectors.runs_for_user(user)[:100])
    return render(request, "pokja/dashboard/run_log.html", {"runs": runs})
