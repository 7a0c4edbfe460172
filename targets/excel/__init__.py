"""Targets in Excel: the province's template workbook, its all-or-nothing import, and exports.

The template and the import use openpyxl directly: the template needs two header rows, cell
comments, column formats and data validation, and the import streams the sheet in read-only mode
and must know each cell's sheet row to report errors where the user will look for them. Exports
are plain tables, written as CSV or XLSX by pokja.kernel.spreadsheets (the same
way the effectiveness ranking is exported).

An import is checked completely before anything is written: every error of every row is
collected, and only a workbook without errors is written, in one transaction. The writes follow
`target_set` and `split_apply(method="manual")` of the target services, but in bulk
(`importing._write`): row by row, a national import took 50,000 queries and 25 s on
PostgreSQL; in bulk it takes about 400 queries and under 2 s (targets.devdata.bench).
"""

from targets.excel.exports import export_rows
from targets.excel.importing import ImportResult, RowError, import_targets
from targets.excel.layout import (
    EXPORT_FORMATS,
    EXPORT_KINDS,
    FIRST_DATA_ROW,
    FIRST_VALUE_COLUMN,
    TARGET_SHEET,
    XLSX_CONTENT_TYPE,
)
from targets.excel.template import build_template

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_KINDS",
    "FIRST_DATA_ROW",
    "FIRST_VALUE_COLUMN",
    "TARGET_SHEET",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "RowError",
    "build_template",
    "export_rows",
    "import_targets",
]
