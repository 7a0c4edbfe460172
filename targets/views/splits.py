"""Province targets and their split over the kabupaten/kota ("dibagi habis")."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pokja.kernel import indicators, policy
from pokja.kernel.history import history_rows
from pokja.kernel.regions import Region
from targets.forms import BASE_LAST_YEAR, SplitForm, field_key
from targets.models import Indicator, ProvinceTarget
from targets.selectors import achievement_values
from targets.services.targets import (
    kabupaten_kota_of,
    province_own_share,
    split_apply,
    split_difference,
    target_finalise,
    target_reopen,
    target_set,
)
from targets.views.common import check_year, plain, province_for_reading

Method = ProvinceTarget.Method

SAVE, EQUAL, PROPORTIONAL, FINALISE, REOPEN = "save", "equal", "proportional", "finalise", "reopen"


@require_GET
def target_index(request, province_code: str, year: int):
    """Every active indicator with the province target, its status and what is left to split."""
    province = province_for_reading(request.user, province_code)
    check_year(year)
    targets = {
        t.indicator_id: t
        for t in ProvinceTarget.objects.for_user(request.user)
        .filter(region=province, year=year)
        .prefetch_related("shares")
    }
    region_count = Region.objects.kabupaten_kota().filter(parent=province).count()
    rows = []
    for indicator in Indicator.objects.filter(is_active=True):
        target = targets.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "target": target,
                # Prefetched shares: no query per row.
                "difference": split_difference(target) if target else None,
                "shared": len(target.shares.all()) if target else 0,
            }
        )
    return render(
        request,
        "targets/target_index.html",
        {
            "province": province,
            "year": year,
            "rows": rows,
            "region_count": region_count,
            "may_change": policy.may_manage_province(request.user, province.code),
        },
    )


def _success_message(action: str) -> str:
    return {
        SAVE: _("The targets have been saved as a draft."),
        EQUAL: _("The target has been split equally."),
        PROPORTIONAL: _("The target has been split in proportion to the base."),
        FINALISE: _("The split is final and locked."),
    }[action]


def _load_target(province: Region, indicator: Indicator, year: int, user):
    return (
        ProvinceTarget.objects.for_user(user)
        .filter(region=province, indicator=indicator, year=year)
        .prefetch_related("shares")
        .first()
    )


def _initial(target: ProvinceTarget | None) -> dict:
    if target is None:
        return {}
    initial = {
        "value": plain(target.value),
        "base_label": target.base_label,
        "measured_by": target.measured_by,
    }
    for share in target.shares.all():
        key = field_key(share.region_id)
        initial[f"value_{key}"] = plain(share.value)
        initial[f"base_{key}"] = plain(share.base_value)
    return initial


def _apply(
    action: str,
    form: SplitForm,
    target: ProvinceTarget | None,
    *,
    province: Region,
    year: int,
    user,
) -> None:
    """Save the province value and the split the button asks for; the caller wraps this in a
    transaction, so a refused finalisation leaves everything as it was."""
    value = form.cleaned_data["value"]
    indicator = form.indicator
    measured_by = form.cleaned_data.get("measured_by")  # None when the indicator has no source
    if target is None or target.value != value or measured_by not in (None, target.measured_by):
        target = target_set(
            province=province,
            indicator=indicator,
            year=year,
            value=value,
            user=user,
            measured_by=measured_by,
        )
    else:
        target = ProvinceTarget.objects.get(pk=target.pk)  # fresh, without stale prefetched shares
    if action == EQUAL:
        split_apply(target=target, method=Method.EQUAL, user=user)
    elif action == PROPORTIONAL:  # split_apply refuses it for a rate
        label = form.cleaned_data.get("base_label", "")
        if form.cleaned_data.get("base_source") == BASE_LAST_YEAR:
            label = label or _("Achievement %(year)s") % {"year": year - 1}
        split_apply(
            target=target,
            method=Method.PROPORTIONAL,
            user=user,
            bases=form.bases(),
            base_label=label,
        )
    elif action in (SAVE, FINALISE):
        typed = form.values()
        stored = {s.region_id: s.value for s in target.shares.all()}
        if any(v is not None for v in typed.values()) and typed != stored:
            split_apply(
                target=target,
                method=Method.MANUAL,
                user=user,
                values={code: v for code, v in typed.items() if v is not None},
                bases=form.bases(),
                base_label=form.cleaned_data.get("base_label", ""),
            )
        if action == FINALISE:
            target_finalise(target=ProvinceTarget.objects.get(pk=target.pk), user=user)


@require_http_methods(["GET", "POST"])
def target_edit(request, province_code: str, year: int, indicator_code: str):
    """The province target of one indicator and its split; read-only once final."""
    user = request.user
    province = province_for_reading(user, province_code)
    check_year(year)
    indicator = get_object_or_404(Indicator.objects.filter(is_active=True), code=indicator_code)
    may_change = policy.may_manage_province(user, province.code)
    if request.method == "POST" and not may_change:
        raise Http404
    target = _load_target(province, indicator, year, user)
    regions = kabupaten_kota_of(province)
    codes = [r.code for r in regions]
    last_year = {
        code: value
        for (code, _indicator, _year), value in achievement_values(
            codes, [indicator.pk], [year - 1]
        ).items()
    }
    locked = target is not None and target.is_final
    form_kwargs = {"indicator": indicator, "regions": regions, "last_year": last_year}
    form = SplitForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(target),
        locked=locked or not may_change,
        **form_kwargs,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == REOPEN:
                if target is None or not target.is_final:
                    raise ValidationError(_("Only a final split can be reopened."))
                target_reopen(target=target, user=user)
                messages.success(request, _("The split has been reopened and can be changed."))
                return redirect(request.path)
            if action not in (SAVE, EQUAL, PROPORTIONAL, FINALISE):
                raise Http404
            if locked:
                raise ValidationError(_("This target is final: reopen it before changing it."))
            if form.is_valid():
                with transaction.atomic():
                    _apply(action, form, target, province=province, year=year, user=user)
                messages.success(request, _success_message(action))
                return redirect(request.path)
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            messages.error(request, _("Nothing was changed."))
            target = _load_target(province, indicator, year, user)
    difference = split_difference(target) if target else None
    return render(
        request,
        "targets/target_edit.html",
        {
            "province": province,
            "year": year,
            "indicator": indicator,
            "target": target,
            "form": form,
            "difference": difference,
            "keeps_own": indicator.code in indicators.PROVINCE_COUNTS_ITSELF,
            "own_share": province_own_share(indicator, target.value if target else None),
            "split_total": sum((s.value for s in target.shares.all()), Decimal(0))
            if target
            else None,
            "may_change": may_change,
            "locked": locked,
            "history": history_rows(target) if target else [],
        },
    )
