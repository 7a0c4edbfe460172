"""The one writer of every CSV and XLSX file the portal generates, templates included.

Text a person typed (a Kampung KB's name, an SK number, a region name) must never reach a
spreadsheet as a formula: `=HYPERLINK("http://evil.example/","klik")` as a village name would
otherwise be a live link in the registry template, and `+cmd`, `-1+1` or `@SUM(A1)` are read as
formulas by Excel and LibreOffice too. So no module builds an `openpyxl.Workbook`, a `csv.writer`
or a tablib export itself (tests/test_hardening_formulas.py scans the sources); they come here.

- XLSX: every text value is written as a string cell (openpyxl's data type "s"), never as a
  formula, error code or anything else openpyxl would infer from it; formula-like text also gets
  the quote prefix, so Excel keeps it text when the user edits the cell. The text itself is left
  exactly as typed, so a template downloaded, edited and uploaded again changes nothing the user
  did not change.
- CSV: there are no types, so formula-like text gets a leading apostrophe, which spreadsheets
  show as text (the OWASP advice).
- Numbers, dates and booleans stay what they are, so they can still be summed and sorted.
- A formula the portal writes on purpose is a `Formula("=SUM(C2:C9)")`: the only way to write
  one, so each is visible in the code. (None is written today.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# What a spreadsheet reads as the start of a formula (a tab or carriage return may hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("\\/*?:[]", "-"))


class Formula(str):
    """A formula the portal itself writes on purpose (a total, never user text)."""


def is_formula_like(value) -> bool:
    return (
        isinstance(value, str)
        and not isinstance(value, Formula)
        and value.startswith(FORMULA_STARTS)
    )


# --- CSV -------------------------------------------------------------------------------------


def neutralise(value):
    """The value as a CSV cell: formula-like text gets a leading apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


def neutralise_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


class SafeCsvWriter:
    """csv.writer whose every row is neutralised first."""

    def __init__(self, stream: IO[str], **kwargs) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **kwargs)


def machine_csv_writer(stream: IO[str]):
    """A plain csv.writer for data no person opens (PostgreSQL's COPY FROM STDIN): an added
    apostrophe would change the data. Never for a file offered for download."""
    return csv.writer(stream)


# --- XLSX ------------------------------------------------------------------------------------


def new_workbook(*, write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def sheet_title(text: str) -> str:
    """A sheet name from any text (user data included): no characters Excel refuses, 31 at most."""
    return str(text).translate(_SHEET_TITLE_FORBIDDEN)[:31].strip("'") or "Sheet"


def _bind(cell: Cell, value) -> Cell:
    if isinstance(value, str) and not isinstance(value, Formula):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl refuses control characters
    try:
        cell.value = value
    except (ValueError, TypeError):  # a type openpyxl cannot store: its text, as tablib did
        value = str(value)
        cell.value = value
    if isinstance(value, str) and not isinstance(value, Formula):
        cell.data_type = "s"  # never "f" (formula) or "e" (an error code such as "#N/A")
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def cell(sheet, value) -> Cell:
    """A cell for `sheet.append([...])`, normal or write-only sheet alike."""
    return _bind(Cell(sheet, row=1, column=1), value)  # append() gives it its place


def _needs_a_cell(value) -> bool:
    """Whether openpyxl, given the bare value, could write something other than this text."""
    return isinstance(value, str) and (
        value.startswith(FORMULA_STARTS)
        or value in ERROR_CODES
        or ILLEGAL_CHARACTERS_RE.search(value) is not None
    )


def append(sheet, values: Iterable, *, font: Font | None = None) -> None:
    """Append one row of values to a sheet (normal or write-only), every text written as text.
    Plain values go in bare, as openpyxl writes them anyway: a cell object for every value
    made a 20,000-row list export half as slow again."""
    if font is not None:
        cells = [cell(sheet, value) for value in values]
        for each in cells:
            each.font = font
        sheet.append(cells)
        return
    sheet.append([cell(sheet, v) if _needs_a_cell(v) else v for v in values])


def write(sheet, row: int, column: int, value) -> Cell:
    """Set one cell of a normal sheet, text written as text."""
    return _bind(sheet.cell(row=row, column=column), value)


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx_rows(rows: Iterable[Iterable], title: str, target: IO[bytes]) -> None:
    """Rows (header first) to a write-only workbook: nothing kept in memory, for big lists."""
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    for row in rows:
        append(sheet, row)
    workbook.save(target)


# --- a plain table as CSV or XLSX ------------------------------------------------------------


def table_file(headers: Iterable, rows: Iterable[Iterable], *, title: str, export_format: str):
    """Headers and rows as the content of a CSV (text) or XLSX (bytes) download. The XLSX has a
    bold header row frozen at the top and columns as wide as their content, as tablib's had."""
    headers = [str(header) for header in headers]
    if export_format == "csv":
        text = io.StringIO()
        writer = csv_writer(text)
        writer.writerow(headers)
        writer.writerows(rows)
        return text.getvalue()
    if export_format != "xlsx":
        raise ValueError(f"Unknown export format {export_format!r}")
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    append(sheet, headers, font=Font(bold=True))
    sheet.freeze_panes = "A2"
    widths = [len(header) for header in headers]
    for row in rows:
        row = list(row)
        append(sheet, row)
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], len(str(value or "")))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60) + 2
    return save(workbook)


class Table:
    """Headers and rows that become a CSV or XLSX download (what tablib.Dataset was used for)."""

    def __init__(self, headers: Iterable, title: str = "") -> None:
        self.headers = [str(header) for header in headers]
        self.title = title
        self.rows: list[list] = []

    def append(self, row: Iterable) -> None:
        self.rows.append(list(row))

    def export(self, export_format: str):
        return table_file(self.headers, self.rows, title=self.title, export_format=export_format)
