"""Years: the one rule for which years the portal plans and reports for, and "the selected year".

Every page with a year selector reads `?tahun=` through `selected_year`, and every year field is
checked by `validate_program_year`, so the accepted range is the same everywhere.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_PROGRAM_YEAR = 2015
YEARS_AHEAD = 2  # targets and work plans are prepared at most two years ahead


def current_year() -> int:
    return timezone.localdate().year


def program_years() -> range:
    """Every year a record, target or page may be about, oldest first."""
    return range(FIRST_PROGRAM_YEAR, current_year() + YEARS_AHEAD + 1)


def validate_program_year(value: int) -> None:
    """A year the portal plans or reports for: not far in the past, at most two years ahead."""
    years = program_years()
    if value not in years:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s.")
            % {"first": years[0], "last": years[-1]},
            code="year_out_of_range",
        )


def year_choices(*, back: int = 5, ahead: int = 0) -> list[int]:
    """The years a selector offers, newest first: `ahead` years after this one, `back` before."""
    this_year = current_year()
    first = max(FIRST_PROGRAM_YEAR, this_year - back)
    return list(range(this_year + ahead, first - 1, -1))


def selected_year(data, choices: list[int] | None = None) -> int:
    """`?tahun=` (or a posted `tahun`) when it is one of `choices` (by default any program
    year); anything else, missing or nonsense, is this year."""
    this_year = current_year()
    allowed = choices if choices is not None else program_years()
    try:
        year = int(data.get("tahun", this_year))
    except (TypeError, ValueError):
        return this_year
    return year if year in allowed else this_year
