"""Plausibility checks shared by every model, so forms, imports and admin all apply them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST_DATE = date(1945, 1, 1)  # nothing in the programme predates the Republic
YEARS_AHEAD = 20


def latest_date() -> date:
    today = timezone.localdate()
    return date(today.year + YEARS_AHEAD, 12, 31)


def validate_plausible_date(value: date) -> None:
    """A date between 1 January 1945 and 31 December twenty years from now.

    Without it an SK valid from 0001-01-01 to 9999-12-31 would be accepted and, once verified,
    count as in force for every year.
    """
    if value is None:
        return
    latest = latest_date()
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": date_format(EARLIEST_DATE), "latest": date_format(latest)},
            code="implausible_date",
        )


def plausible_year_bounds() -> tuple[int, int]:
    """The years a year filter or a year field may hold (the same range as the dates)."""
    return EARLIEST_DATE.year, latest_date().year
