"""Form fields for numbers as people type them in Indonesia: "1.512" is 1512, "21,5" is 21.5,
and a Rupiah amount is written "Rp 75.000.000".

Every number field of every form is one of these: `pokja.kernel.forms.ModelForm` gives a model's
integer and decimal fields these classes (`number_formfield`), and declared fields use them by
name (tests/test_numbers.py checks that no plain IntegerField or DecimalField is left). The value
is shown back with the active language's thousands separators.

Reading a typed number (`parse_number`):
- thousands are grouped by dots or commas, the same mark throughout ("1.512.000", "1,512,000");
- with both marks, the last one is the decimal mark ("1.512,5" and "1,512.5");
- one mark followed by one, two or more than three digits can only be a decimal mark ("21,5",
  "21.5" from a phone keypad, "-3.4567");
- one mark followed by exactly three digits is ambiguous ("1.512"): it reads as the active
  language writes it, grouping in Indonesian (1512) and a decimal point in English (1.512).
  A whole-number field always reads it as grouping (it cannot hold 1.512).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from pokja.kernel.numbers import format_number
from pokja.kernel.widgets import GroupedNumberInput, PlainNumberInput, RupiahInput

# Thousands grouped by dots (Indonesian) or commas (English); the same mark throughout.
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(?:\1\d{3})*$")
_CURRENCY = re.compile(r"^\s*(?:rp\.?|idr)\s*", re.IGNORECASE)
_CENTS = re.compile(r"^(\d[\d.,]*?)([.,])(\d{1,2})$")
_DECIMAL = re.compile(r"^(\d[\d.,]*?)([.,])(\d+)$")


def _ungroup(text: str) -> str | None:
    """`1.512.000` -> `1512000`; plain digits unchanged; None for anything else."""
    grouping = _GROUPED.match(text)
    if grouping:
        text = text.replace(grouping.group(1), "")
    return text if text.isdigit() else None


def _clean(text) -> str:
    return str(text).strip().replace(" ", "").replace("\u00a0", "")


def parse_whole(text) -> Decimal | None:
    """A whole number from what a person typed ("1.512", "1512", "1.512,00"); None otherwise."""
    value = _clean(text)
    if value.startswith("-"):  # parsed, so that the field says "cannot be negative"
        amount = parse_whole(value[1:])
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
    whole = _ungroup(value)
    return None if whole is None else Decimal(whole)


def parse_rupiah(text: str) -> Decimal | None:
    """A whole Rupiah amount from what a person typed; None when it is not one."""
    return parse_whole(_CURRENCY.sub("", str(text)))


def parse_number(text) -> Decimal | None:
    """A number with or without decimals (rules in the module docstring); None otherwise."""
    value = _clean(text)
    if value.startswith("-"):
        amount = parse_number(value[1:])
        return None if amount is None else -amount
    if value.isdigit():
        return Decimal(value)
    split = _DECIMAL.match(value)
    if not split:
        return None
    head, mark, tail = split.groups()
    other = "," if mark == "." else "."
    if other in head or head.count(mark):
        # Two marks ("1.512,5"), or one repeated ("1.512.000"): the head holds the grouping.
        if mark in head:
            return parse_whole(value) if len(tail) == 3 else None
        whole = _ungroup(head)
        return None if whole is None else Decimal(f"{whole}.{tail}")
    if len(tail) == 3 and len(head) <= 3 and mark == get_format("THOUSAND_SEPARATOR"):
        return Decimal(head + tail)
    return Decimal(f"{head}.{tail}") if head.isdigit() else None


class GroupedIntegerField(forms.IntegerField):
    """A whole number typed with or without thousands separators ("1.512" or "1512")."""

    widget = GroupedNumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_whole(value)
        if number is None:
            raise ValidationError(
                _("Enter a whole number, e.g. %(example)s."),
                code="invalid",
                params={"example": format_number(1512)},
            )
        return int(number)


class GroupedDecimalField(forms.DecimalField):
    """A number with decimals typed the Indonesian way ("21,5", "1.512,75"); see the module
    docstring for "1.512" and "21.5"."""

    widget = GroupedNumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return Decimal(value)
        number = parse_number(value)
        if number is None:
            raise ValidationError(
                _("Enter a number, e.g. %(example)s."),
                code="invalid",
                params={"example": format_number(Decimal("1512.5"))},
            )
        return number

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, GroupedNumberInput):
            attrs.update({"inputmode": "decimal", "data-number": "decimal"})
        return attrs


class YearField(forms.IntegerField):
    """A year: four digits, never grouped (2026, not 2.026)."""

    widget = PlainNumberInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, PlainNumberInput):
            attrs["maxlength"] = "4"
        return attrs


class CoordinateField(forms.DecimalField):
    """A latitude or longitude as GPS writes it ("-3.4567"): a decimal point or comma, never
    thousands separators (so "-3.456" is not read as -3456)."""

    widget = PlainNumberInput

    def to_python(self, value):
        if isinstance(value, str) and value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, PlainNumberInput):
            attrs["inputmode"] = "decimal"
        return attrs


class RupiahField(forms.DecimalField):
    """A whole amount in Rupiah, typed the Indonesian way ("Rp 75.000.000", "75.000.000",
    "75000000" and "75.000.000,00" all mean seventy-five million)."""

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


# Model fields that hold a year or a map position rather than a quantity, by name.
YEAR_NAMES = re.compile(r"(^|_)year($|_)")
COORDINATE_NAMES = frozenset({"latitude", "longitude"})


def number_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """The `formfield_callback` of every ModelForm (see `pokja.kernel.forms.ModelForm`): integer
    and decimal model fields get the fields above; a form's `Meta.field_classes` still wins."""
    if "form_class" not in kwargs and not db_field.choices:
        name = db_field.name
        if isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = (
                CoordinateField if name in COORDINATE_NAMES else GroupedDecimalField
            )
        elif isinstance(db_field, models.IntegerField) and not isinstance(
            db_field, models.AutoField
        ):
            kwargs["form_class"] = YearField if YEAR_NAMES.search(name) else GroupedIntegerField
    return db_field.formfield(**kwargs)
