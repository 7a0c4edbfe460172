"""What every CSV/XLSX export shares: text that a spreadsheet would run as a formula is defused.

A cell starting with `=`, `+`, `-` or `@` (or a tab/carriage return followed by one) is read by
Excel and LibreOffice as a formula, so an SK number typed as `=HYPERLINK(...)` would become a
live link in the exported file. Such text gets a leading apostrophe, which spreadsheets show as
plain text. Numbers and dates stay as they are so they can still be summed and sorted.
"""

from __future__ import annotations

from collections.abc import Iterable

from django_tables2.export import TableExport
from tablib import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a spreadsheet should show it: formula-like text becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def neutralise_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


class SafeTableExport(TableExport):
    """django-tables2's export with every cell passed through `neutralise`."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append(neutralise_row(row))
        return safe
