"""Writing achievements (capaian): the kernel's workflow, with the grid's own rules (which
periods an indicator is reported for, which status an entry gets by role). Only verified
achievements count in the evaluation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pokja.kernel import policy, workflow
from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.kernel.registry import registry
from pokja.kernel.scoping import CHANGE
from targets.models import Achievement, Indicator
from targets.plausibility import check_plausible

Status = Achievement.Status

MONTHS = list(range(1, 13))
QUARTERS = [101, 102, 103, 104]


def periods_for(indicator: Indicator) -> list[int]:
    """The periods an indicator is reported for, as its frequency says."""
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return MONTHS
    if indicator.frequency == Indicator.Frequency.QUARTERLY:
        return QUARTERS
    return [Achievement.YEARLY]


def default_period(indicator: Indicator, year: int, today: date | None = None) -> int:
    """The period a person most likely enters now: the latest closed month or quarter of the
    current year (the last period of a past year, the first of a future one), not January."""
    today = today or timezone.localdate()
    periods = periods_for(indicator)
    if year < today.year:
        return periods[-1]
    if year > today.year or len(periods) == 1:
        return periods[0]
    if periods == MONTHS:
        return max(today.month - 1, 1)
    closed_quarters = (today.month - 1) // 3
    return QUARTERS[max(closed_quarters, 1) - 1]


def may_edit(user: User, achievement: Achievement | None) -> bool:
    """Whether the user may enter a value in this cell (an empty cell is always open)."""
    return policy.may_edit(user, achievement or Achievement())


def _assert_region_level(user: User, region: Region) -> None:
    in_scope = Region.objects.for_user(user, CHANGE).filter(pk=region.pk).exists()
    if not in_scope or not (region.is_kabupaten_kota or region.is_province):
        raise PermissionDenied


@transaction.atomic
def achievement_save(
    *,
    region: Region,
    indicator: Indicator,
    year: int,
    period: int,
    value: Decimal,
    user: User,
    submit: bool = False,
) -> Achievement:
    """Enter or correct an achievement.

    Staff save it as verified; a coordinator saves a draft, or submits it when `submit` is set.
    An indicator whose achievement is computed (a registered achievement source) is refused.
    """
    if not user.can_change_data:
        raise PermissionDenied
    _assert_region_level(user, region)
    if indicator.code in registry.achievement_sources:
        raise ValidationError(
            _("The achievement of %(indicator)s is computed by the portal, not entered.")
            % {"indicator": indicator}
        )
    if period not in periods_for(indicator):
        raise ValidationError(_("This indicator is not reported for that period."))
    achievement = (
        Achievement.objects.select_for_update()
        .filter(region=region, indicator=indicator, year=year, period=period)
        .first()
    )
    if achievement is not None and not policy.may_edit(user, achievement):
        # Seen but not the user's to change: 403 (policy's rule), not a validation error.
        raise PermissionDenied(
            _("A verified achievement can no longer be changed by a coordinator.")
        )
    achievement = achievement or Achievement(
        region=region, indicator=indicator, year=year, period=period
    )
    check_plausible(indicator=indicator, region=region, year=year, value=value)
    achievement.value = value
    achievement.status = policy.status_after_save(user, submit=submit)
    if achievement.status == Status.TERVERIFIKASI:
        reason = _("Entered by provincial staff")
    else:
        reason = _("Submitted for verification") if submit else ""
    return workflow.record_save(record=achievement, user=user, reason=reason)


def achievement_submit(*, achievement: Achievement, user: User, **kwargs) -> Achievement:
    return workflow.record_submit(record=achievement, user=user, **kwargs)


def achievement_verify(*, achievement: Achievement, user: User, **kwargs) -> Achievement:
    return workflow.record_verify(record=achievement, user=user, **kwargs)


def achievement_reject(*, achievement: Achievement, user: User, reason: str, **kwargs):
    return workflow.record_reject(record=achievement, user=user, reason=reason, **kwargs)


@transaction.atomic
def achievements_save_grid(
    *,
    user: User,
    values: dict[str, Decimal],
    regions: list[Region],
    existing: dict[str, Achievement],
    indicator: Indicator,
    year: int,
    period: int,
    submit: bool,
) -> int:
    """Save the grid's rows whose value changed (or that a coordinator submits); all or nothing."""
    by_code = {r.code: r for r in regions}
    saved = 0
    for code, value in values.items():
        current = existing.get(code)
        unchanged = current is not None and current.value == value
        wants_submit = submit and current is not None and current.status in policy.SUBMITTABLE
        if unchanged and not wants_submit:
            continue
        achievement_save(
            region=by_code[code],
            indicator=indicator,
            year=year,
            period=period,
            value=value,
            user=user,
            submit=submit,
        )
        saved += 1
    return saved
