"""Writing achievements (capaian): the same workflow as Pokja records.

Draf -> Diajukan -> Terverifikasi, or Diajukan -> Ditolak (with a reason) -> Diajukan again.
Provincial staff (and admins) may save an achievement straight as Terverifikasi and verify or
reject submissions; a coordinator works on its own kabupaten/kota up to Diajukan and never
changes a verified achievement. Only verified achievements count in the evaluation.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pokja.kernel.scoping import CHANGE
from pokja.models import Region, User
from pokja.services.records import may_verify
from targets.models import Achievement, Indicator

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


def may_edit(user: User, achievement: Achievement | None) -> bool:
    """Whether the user may change this achievement (its region is assumed to be in scope)."""
    if not (user.is_authenticated and user.can_change_data):
        return False
    if achievement is not None and achievement.pk and user.is_coordinator:
        return achievement.status != Status.TERVERIFIKASI
    return True


def _assert_region_in_change_scope(user: User, region: Region) -> None:
    in_scope = Region.objects.for_user(user, CHANGE).filter(pk=region.pk).exists()
    if not in_scope or not (region.is_kabupaten_kota or region.is_province):
        raise PermissionDenied
    if user.is_coordinator and region.pk != user.region_id:
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
    """
    if not user.can_change_data:
        raise PermissionDenied
    _assert_region_in_change_scope(user, region)
    if period not in periods_for(indicator):
        raise ValidationError(_("This indicator is not reported for that period."))
    achievement = (
        Achievement.objects.select_for_update()
        .filter(region=region, indicator=indicator, year=year, period=period)
        .first()
    )
    if achievement is not None and not may_edit(user, achievement):
        raise ValidationError(
            _("A verified achievement can no longer be changed by a coordinator.")
        )
    achievement = achievement or Achievement(
        region=region, indicator=indicator, year=year, period=period
    )
    achievement.value = value
    achievement.entered_by = user
    achievement.rejection_reason = ""
    if user.is_coordinator:
        achievement.status = Status.DIAJUKAN if submit else Status.DRAF
        reason = _("Submitted for verification") if submit else ""
    else:
        achievement.status = Status.TERVERIFIKASI
        reason = _("Entered by provincial staff")
    achievement.full_clean()
    achievement._change_reason = reason
    achievement.save()
    return achievement


def _transition(achievement: Achievement, user: User, status: str, reason: str) -> None:
    _assert_region_in_change_scope(user, achievement.region)
    achievement.status = status
    achievement.full_clean()
    achievement._change_reason = reason
    achievement.save()


@transaction.atomic
def achievement_submit(*, achievement: Achievement, user: User) -> Achievement:
    if achievement.status not in (Status.DRAF, Status.DITOLAK) or not may_edit(user, achievement):
        raise ValidationError(_("Only a draft or a rejected achievement can be submitted."))
    achievement.rejection_reason = ""
    _transition(achievement, user, Status.DIAJUKAN, _("Submitted for verification"))
    return achievement


@transaction.atomic
def achievement_verify(*, achievement: Achievement, user: User) -> Achievement:
    if not may_verify(user):
        raise PermissionDenied
    if achievement.status == Status.TERVERIFIKASI:
        raise ValidationError(_("This achievement is already verified."))
    achievement.rejection_reason = ""
    _transition(achievement, user, Status.TERVERIFIKASI, _("Verified"))
    return achievement


@transaction.atomic
def achievement_reject(*, achievement: Achievement, user: User, reason: str) -> Achievement:
    if not may_verify(user):
        raise PermissionDenied
    if achievement.status != Status.DIAJUKAN:
        raise ValidationError(_("Only a submitted achievement can be rejected."))
    achievement.rejection_reason = reason
    _transition(achievement, user, Status.DITOLAK, _("Rejected: %(reason)s") % {"reason": reason})
    return achievement
