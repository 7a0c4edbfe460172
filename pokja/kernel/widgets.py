"""Widgets shared by the forms of every app: numbers, Rupiah amounts, dates, evidence files."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class _NumberTextInput(forms.TextInput):
    """A text input for a number (type=number refuses "1.512"): what the person typed is shown
    back as typed ("75.000" is not 75); a stored number through `format_amount`."""

    defaults: dict = {}

    def __init__(self, attrs=None):
        super().__init__({**self.defaults, **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            return value
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return self.format_amount(amount)

    def format_amount(self, amount: Decimal) -> str:
        raise NotImplementedError


class RupiahInput(_NumberTextInput):
    """A whole Rupiah amount with thousands separators; static/js/numbers.js keeps them while
    typing."""

    defaults = {"inputmode": "numeric", "autocomplete": "off", "data-rupiah": ""}

    def format_amount(self, amount: Decimal) -> str:
        return number_format(amount.quantize(Decimal(1)), decimal_pos=0, force_grouping=True)


class GroupedNumberInput(_NumberTextInput):
    """A number shown with the active language's thousands separators ("1.512", "21,5");
    static/js/numbers.js keeps them while typing; `GroupedDecimalField` switches it to decimals
    (inputmode and data-number)."""

    defaults = {"inputmode": "numeric", "autocomplete": "off", "data-number": "integer"}

    def format_amount(self, amount: Decimal) -> str:
        text = format(amount.normalize(), "f")  # 21.50 -> "21,5", 1E+3 -> "1.000"
        decimals = len(text.partition(".")[2])
        return number_format(amount, decimal_pos=decimals, force_grouping=True)


class PlainNumberInput(forms.TextInput):
    """A number that is not a quantity (a year, a map position): digits as typed, never grouped."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


class DateInput(forms.DateInput):
    """dd/mm/yyyy in every browser, whatever its own language (a native date input shows the
    browser's format, mm/dd/yyyy in an English Chromium). ISO dates are still accepted."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class EvidenceFileInput(forms.ClearableFileInput):
    """The document of a record: the current file links to the download view (the storage path
    is not served), and a file kept from a refused submit (pokja.kernel.kept_uploads) is shown
    with its token, so it is not chosen again."""

    download_url = ""
    kept = None  # the KeptUpload the form set after an error

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        context["widget"]["kept"] = self.kept
        return context


def use_evidence_widget(form, name: str, download_url: str) -> None:
    """Give `form.fields[name]` the evidence widget with the record's download link."""
    field = form.fields[name]
    widget = EvidenceFileInput(attrs=field.widget.attrs)
    widget.download_url = download_url
    field.widget = widget
