"""Achievements (capaian): the entry grid per indicator and period, and their verification.

Provincial staff enter every kabupaten/kota of their province (saved as verified) and verify or
reject what coordinators submit; a coordinator sees and submits only its own kabupaten/kota;
national readers only read.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pokja.kernel import policy
from pokja.kernel.accounts import User
from pokja.kernel.records import ReasonForm as RejectForm
from pokja.kernel.regions import Region
from pokja.kernel.scoping import CHANGE
from targets import policy as targets_policy
from targets.forms import (
    PERIOD_CHOICES,
    AchievementFilterForm,
    AchievementGridForm,
    field_key,
    period_label,
)
from targets.grid import AchievementGrid
from targets.grid import achievement_grid as achievement_grid_data
from targets.models import Achievement, Indicator
from targets.services import achievements as achievement_services
from targets.services.achievements import periods_for
from targets.views.common import check_year, plain

Status = Achievement.Status


def _province(user: User, code: str) -> Region:
    if not targets_policy.may_read_province_targets(user, code):
        raise Http404
    return get_object_or_404(Region.objects.provinces(), code=code)


def _grid_url(province: Region, year: int, indicator: Indicator, period: int) -> str:
    url = reverse("targets:achievements", args=[province.code, year])
    return f"{url}?{urlencode({'indicator': indicator.code, 'period': period})}"


@require_http_methods(["GET", "POST"])
def achievement_grid(request, province_code: str, year: int):
    """The values of one indicator and period for every kab/kota the user enters; GET shows
    them, POST saves them through the service."""
    user = request.user
    province = _province(user, province_code)
    check_year(year)
    filter_form, indicator, period = _chosen_indicator(request, year)
    data = achievement_grid_data(user, province, indicator, year, period)
    grid = AchievementGridForm(
        request.POST if request.method == "POST" else None,
        codes=data.editable,
        whole=indicator.is_additive,
        initial={
            f"value_{field_key(code)}": plain(data.existing[code].value)
            for code in data.editable
            if code in data.existing
        },
    )
    if request.method == "POST":
        if not user.can_change_data:
            raise Http404
        if _save_grid(request, grid, data):
            return redirect(_grid_url(province, year, indicator, period))
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
            "rows": data.rows(lambda code: grid[f"value_{field_key(code)}"]),
            "may_change": user.can_change_data,
            "may_verify": policy.may_verify(user),
            "is_coordinator": user.is_coordinator,
            "reject_form": RejectForm(),
            "next_url": _grid_url(province, year, indicator, period),
        },
    )


def _chosen_indicator(request, year: int) -> tuple[AchievementFilterForm, Indicator, int]:
    """The indicator and period asked for, else the first active indicator's current period;
    the period choices narrowed to those the indicator is reported for."""
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
    filter_form.fields["period"].choices = [
        choice for choice in PERIOD_CHOICES if choice[0] in periods_for(indicator)
    ]
    return filter_form, indicator, period


def _save_grid(request, grid: AchievementGridForm, data: AchievementGrid) -> bool:
    """Save the typed values through the service and say what happened; True when saved."""
    if not grid.is_valid():
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
        return False
    try:
        saved = achievement_services.achievements_save_grid(
            user=request.user,
            values=grid.values(),
            regions=data.regions,
            existing=data.existing,
            indicator=data.indicator,
            year=data.year,
            period=data.period,
            submit=request.POST.get("action") == "submit",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(
        request,
        ngettext(
            "%(count)s achievement has been saved.",
            "%(count)s achievements have been saved.",
            saved,
        )
        % {"count": saved},
    )
    return True


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
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(_grid_url(province, year, achievement.indicator, achievement.period))
