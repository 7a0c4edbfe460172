"""Helpers shared by the targets views: scope checks and number formatting."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.kernel.years import validate_program_year
from targets import policy as targets_policy


def province_for_reading(user: User, code: str) -> Region:
    """A province's targets page, showing every kab/kota's share: for those who may read them
    all (targets/policy.py: not a coordinator); a 404 otherwise."""
    if not targets_policy.may_read_every_share(user, code):
        raise Http404
    return get_object_or_404(Region.objects.for_user(user).provinces(), code=code)


def check_year(year: int) -> None:
    try:
        validate_program_year(year)
    except ValidationError as exc:
        raise Http404 from exc


def plain(value: Decimal | None) -> Decimal | None:
    """`500.00` -> `500`, `14.50` -> `14.50`: whole numbers without decimals in form fields."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
