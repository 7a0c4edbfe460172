"""Achievements (capaian): the entry grid per indicator and period, and their verification.

Provincial staff enter every kabupaten/kota of their province (saved as verified) and verify or
reject what coordinators submit; a coordinator sees and submits only its own kabupaten/kota;
national readers only read.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pokja.kernel import policy
from pokja.kernel.records import ReasonForm as RejectForm
from pokja.kernel.scoping import CHANGE
from pokja.models import Region, User
from targets import policy as targets_policy
from targets.forms import (
    PERIOD_CHOICES,
    AchievementFilterForm,
    AchievementGridForm,
    field_key,
    period_label,
)
from targets.models import Achievement, Indicator, ProvinceTarget, RegionTarget
from targets.services import achievements as achievement_services
from targets.services.achievements import periods_for
from targets.views.common import check_year, plain

Status = Achievement.Status


def _province(user: User, code: str) -> Region:
    if not targets_policy.may_read_province_targets(user, code):
        raise Http404
    return get_object_or_404(Region.objects.provinces(), code=code)


def _regions(user: User, province: Region, indicator: Indicator) -> list[Region]:
    if user.is_coordinator:
        return [user.region]
    regions = list(
        Region.objects.for_user(user).kabupaten_kota().filter(parent=province).order_by("code")
    )
    if not indicator.is_additive:
        # A rate's province figure is its own measurement (never an average): entered here too.
        regions.insert(0, province)
    return regions


def _grid_url(province: Region, year: int, indicator: Indicator, period: int) -> str:
    url = reverse("targets:achievements", args=[province.code, year])
    return f"{url}?{urlencode({'indicator': indicator.code, 'period': period})}"


@require_http_methods(["GET", "POST"])
def achievement_grid(request, province_code: str, year: int):
    user = request.user
    province = _province(user, province_code)
    check_year(year)
    filter_form = AchievementFilterForm(request.GET if "indicator" in request.GET else None)
    if filter_form.is_bound and filter_form.is_valid():
        indicator = filter_form.cleaned_data["indicator"]
        period = filter_form.cleaned_data["period"]
    else:
        indicator = Indicator.objects.filter(is_active=True).first()
        if indicator is None:
            raise Http404
        period = achievement_services.default_period(indicator, year)
        filter_form = AchievementFilterForm(initial={"indicator": indicator.code, "period": period})

    # Only the periods this indicator is reported for (the choice above is validated already).
    filter_form.fields["period"].choices = [
        choice for choice in PERIOD_CHOICES if choice[0] in periods_for(indicator)
    ]
    regions = _regions(user, province, indicator)
    codes = [r.code for r in regions]
    existing = {
        a.region_id: a
        for a in Achievement.objects.for_user(user).filter(
            region_id__in=codes, indicator=indicator, year=year, period=period
        )
    }
    may_change = user.can_change_data
    editable = [
        c for c in codes if may_change and achievement_services.may_edit(user, existing.get(c))
    ]
    grid = AchievementGridForm(
        request.POST if request.method == "POST" else None,
        codes=editable,
        whole=indicator.is_additive,
        initial={
            f"value_{field_key(code)}": plain(existing[code].value)
            for code in editable
            if code in existing
        },
    )

    if request.method == "POST":
        if not may_change:
            raise Http404
        submit = request.POST.get("action") == "submit"
        if grid.is_valid():
            try:
                saved = achievement_services.achievements_save_grid(
                    user=user,
                    values=grid.values(),
                    regions=regions,
                    existing=existing,
                    indicator=indicator,
                    year=year,
                    period=period,
                    submit=submit,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s achievement has been saved.",
                        "%(count)s achievements have been saved.",
                        saved,
                    )
                    % {"count": saved},
                )
                return redirect(_grid_url(province, year, indicator, period))
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))

    targets = _targets(user, province, indicator, year)
    rows = [
        {
            "region": region,
            "target": targets.get(region.code),
            "achievement": existing.get(region.code),
            "field": grid[f"value_{field_key(region.code)}"] if region.code in editable else None,
        }
        for region in regions
    ]
    return render(
        request,
        "targets/achievement_grid.html",
        {
            "province": province,
            "year": year,
            "indicator": indicator,
            "period": period,
            "period_label": period_label(period),
            "filter_form": filter_form,
            "grid": grid,
            "rows": rows,
            "may_change": may_change,
            "may_verify": policy.may_verify(user),
            "is_coordinator": user.is_coordinator,
            "reject_form": RejectForm(),
            "next_url": _grid_url(province, year, indicator, period),
        },
    )


def _targets(user: User, province: Region, indicator: Indicator, year: int) -> dict:
    """The kab/kota shares and the province's own target, for reference next to the inputs."""
    targets = {
        s.region_id: s.value
        for s in RegionTarget.objects.for_user(user).filter(
            province_target__region=province,
            province_target__indicator=indicator,
            province_target__year=year,
        )
    }
    if not user.is_coordinator:
        province_target = ProvinceTarget.objects.filter(
            region=province, indicator=indicator, year=year
        ).first()
        if province_target:
            targets[province.code] = province_target.value
    return targets


@require_POST
def achievement_status(request, province_code: str, year: int, pk: int):
    """Submit, verify or reject one achievement, then back to its grid."""
    user = request.user
    province = _province(user, province_code)
    achievement = get_object_or_404(
        Achievement.objects.for_user(user, CHANGE)
        .filter(year=year)
        .select_related("region", "indicator"),
        pk=pk,
    )
    if achievement.region.province_code != province.code:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "submit":
            achievement_services.achievement_submit(achievement=achievement, user=user)
            messages.success(request, _("Submitted for verification."))
        elif action == "verify":
            achievement_services.achievement_verify(achievement=achievement, user=user)
            messages.success(request, _("Verified."))
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            achievement_services.achievement_reject(
                achievement=achievement, user=user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected; the coordinator sees your reason."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(_grid_url(province, year, achievement.indicator, achievement.period))
