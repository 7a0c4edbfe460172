"""Register, change and close a Kampung KB (the kab/kota coordinator, provincial staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kampungkb import policy as kampungkb_policy
from kampungkb.forms import CloseForm, KampungKBForm
from kampungkb.models import KampungKB
from kampungkb.services.registry import kampung_close, kampung_save
from pokja.kernel import workflow
from pokja.kernel.records import conflict_page
from pokja.kernel.regions import Region
from pokja.kernel.scoping import CHANGE


def _kabkota_for_change(user, code: str) -> Region:
    region = get_object_or_404(
        Region.objects.for_user(user, CHANGE).filter(level__in=Region.KABUPATEN_KOTA_LEVELS),
        code=code,
    )
    if not kampungkb_policy.may_manage_village_programs(user, region.code):
        raise Http404
    return region


def _form_page(request, kabkota: Region, kampung: KampungKB):
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = KampungKBForm(*data, instance=kampung, user=request.user, parent=kabkota)
    if request.method == "POST" and form.is_valid():
        try:
            saved = kampung_save(
                kampung=form.save(commit=False),
                user=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
            )
        except workflow.StaleRecord as stale:
            return conflict_page(
                request,
                record=form.instance,
                current=stale.current,
                return_url=stale.current.get_absolute_url(),
                fields=["name", "launched_on", "coverage", "description"],
            )
        messages.success(request, _("%(record)s has been saved.") % {"record": saved})
        return redirect(saved)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "kampungkb/kampung_form.html",
        {"form": form, "kabkota": kabkota, "kampung": kampung if kampung.pk else None},
    )


@require_http_methods(["GET", "POST"])
def create(request, code: str):
    kabkota = _kabkota_for_change(request.user, code)
    return _form_page(request, kabkota, KampungKB())


def _kampung_for_change(user, pk: int) -> KampungKB:
    kampung = get_object_or_404(
        KampungKB.objects.for_user(user, CHANGE).select_related("region"), pk=pk
    )
    if not kampungkb_policy.may_manage_village_programs(user, kampung.kabupaten_kota_code):
        raise Http404
    return kampung


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    kampung = _kampung_for_change(request.user, pk)
    kabkota = Region.objects.get(pk=kampung.kabupaten_kota_code)
    return _form_page(request, kabkota, kampung)


@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    kampung = _kampung_for_change(request.user, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kampung_close(
                kampung=kampung,
                user=request.user,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The Kampung KB is closed; its history is kept."))
        return redirect(kampung)
    return render(request, "kampungkb/kampung_close.html", {"form": form, "kampung": kampung})
