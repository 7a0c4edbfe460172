"""Helpers shared by the targets views: scope checks and number formatting."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from pokja.kernel.years import validate_program_year
from pokja.models import Region, User


def province_for_reading(user: User, code: str) -> Region:
    """A province page: staff of that province, admins and national readers. Coordinators read
    their own kabupaten/kota's targets on their home page instead, so this is a 404 for them."""
    if user.is_coordinator:
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
