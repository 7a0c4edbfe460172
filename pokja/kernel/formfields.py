"""Form fields for what people type in Indonesia: Rupiah amounts written "75.000.000".

Every Rupiah field of every app uses `RupiahField` (with its `RupiahInput` widget), so the
rules live here once: "Rp 75.000.000", "75.000.000", "75000000" and "75.000.000,00" all mean
seventy-five million; the number is shown back with thousands separators.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pokja.kernel.widgets import RupiahInput

# Thousands grouped by dots (Indonesian) or commas (English); the same mark throughout.
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(?:\1\d{3})*$")
_CURRENCY = re.compile(r"^\s*(?:rp\.?|idr)\s*", re.IGNORECASE)
_CENTS = re.compile(r"^(\d[\d.,]*?)([.,])(\d{1,2})$")


def parse_rupiah(text: str) -> Decimal | None:
    """A whole Rupiah amount from what a person typed; None when it is not one."""
    value = _CURRENCY.sub("", str(text)).replace(" ", "").replace("\u00a0", "")
    if value.startswith("-"):  # parsed, so that the field says "cannot be negative"
        amount = parse_rupiah(value[1:])
        return None if amount is None else -amount
    cents = _CENTS.match(value)
    if cents:
        # "75.000.000,00" or "75,000,000.00": zero cents after the other separator than the
        # grouping one. "75.00" stays ambiguous (75 or 7,500?) and is refused.
        value, mark, digits = cents.groups()
        grouping = _GROUPED.match(value)
        if set(digits) != {"0"} or (grouping and grouping.group(1) == mark):
            return None
        if not grouping and mark != ",":
            return None
    grouping = _GROUPED.match(value)
    if grouping:
        value = value.replace(grouping.group(1), "")
    if not value.isdigit():
        return None
    return Decimal(value)


class RupiahField(forms.DecimalField):
    """A whole amount in Rupiah, typed the Indonesian way (see the module docstring)."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _("Enter an amount in Rupiah, e.g. 75.000.000 (whole Rupiah, no cents)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 0)
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return Decimal(value)
        amount = parse_rupiah(value)
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount
