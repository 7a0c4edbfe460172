"""Numbers the Indonesian way, for templates (the `number` and `rupiah` filters), change history
and messages alike."""

from decimal import Decimal

from django.utils.formats import number_format


def format_number(value, places: int = 2) -> str:
    """`Decimal("-1E+2")` -> `-100`, `1234.5` -> `1.234,5`: grouped, no exponent, no trailing
    zeros, at most `places` decimals, in the active language's separators."""
    if value in (None, ""):
        return "–"
    amount = Decimal(str(value))
    text = format(amount.normalize(), "f")  # "f" never writes an exponent
    decimals = len(text.partition(".")[2])
    return number_format(amount, decimal_pos=min(decimals, int(places)), force_grouping=True)


def format_rupiah(value) -> str:
    """`1234567` -> `Rp 1.234.567` (separators follow the active language)."""
    if value in (None, ""):
        return "–"
    amount = Decimal(value).quantize(Decimal(1))
    return f"Rp {number_format(amount, decimal_pos=0, force_grouping=True)}"
