"""Is an achievement plausible? Refuses the typing errors that slipped through before: 99 999 999
999 new acceptors against a target of 4 562. Two rules per indicator: a fixed maximum (rates in
% at most 100, TFR at most 10, see catalogue.PLAUSIBLE_MAX) and at most TIMES_TARGET_MAX times
the region's own target for the year."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pokja.kernel.indicators import PLAUSIBLE_MAX, TIMES_TARGET_MAX
from pokja.kernel.numbers import format_number
from pokja.kernel.regions import Region
from targets.models import Indicator, ProvinceTarget, RegionTarget


def plausible_max(indicator: Indicator) -> Decimal | None:
    if indicator.code in PLAUSIBLE_MAX:
        return PLAUSIBLE_MAX[indicator.code]
    return Decimal(100) if indicator.unit.strip() == "%" else None


def _target(indicator: Indicator, region: Region, year: int) -> Decimal | None:
    if region.is_province:
        targets = ProvinceTarget.objects.filter(region=region, indicator=indicator, year=year)
    else:
        targets = RegionTarget.objects.filter(
            region=region, province_target__indicator=indicator, province_target__year=year
        )
    return targets.values_list("value", flat=True).first()


def check_plausible(*, indicator: Indicator, region: Region, year: int, value: Decimal) -> None:
    """Raise a ValidationError (in the reader's language) for an implausible achievement."""
    params = {"region": region.name, "indicator": indicator.name, "value": format_number(value)}
    limit = plausible_max(indicator)
    if limit is not None and value > limit:
        raise ValidationError(
            _("%(region)s: %(value)s is not possible for %(indicator)s (at most %(max)s).")
            % {**params, "max": format_number(limit)},
            code="implausible",
        )
    target = _target(indicator, region, year)
    if target and value > TIMES_TARGET_MAX * target:
        raise ValidationError(
            _(
                "%(region)s: %(value)s is more than %(times)s times the target of %(target)s "
                "for %(indicator)s. Check the number (an extra zero?)."
            )
            % {**params, "times": TIMES_TARGET_MAX, "target": format_number(target)},
            code="implausible",
        )
