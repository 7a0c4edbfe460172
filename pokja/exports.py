"""django-tables2's export, written through the portal's one spreadsheet writer.

The table library builds the rows (headers, column order, how each value is exported); the file
itself is written by pokja.kernel.spreadsheets, which keeps user text from becoming a formula.
`neutralise` and `neutralise_row` are that module's, named here too for older callers.
"""

from __future__ import annotations

from django_tables2.export import TableExport

from pokja.kernel.spreadsheets import neutralise, neutralise_row, table_file

__all__ = ["SafeTableExport", "neutralise", "neutralise_row"]


class SafeTableExport(TableExport):
    """TableExport whose file comes from pokja.kernel.spreadsheets, not from tablib."""

    def export(self):
        dataset = self.dataset
        return table_file(
            dataset.headers or [],
            (list(row) for row in dataset),
            title=dataset.title or "",
            export_format=self.format,
        )
