"""Exports of the evidence lists written straight from the query, not cell by cell.

The columns come from the list's table (headers, order, defaults, how a value is exported), so
the file holds what the table library would have written; the rows come from one `values_list`
read in chunks. CSV is streamed as it is read; XLSX is written by openpyxl in write-only mode
(rows are not kept in memory) to a temporary file that is then streamed. Both are written by
pokja.kernel.spreadsheets, which keeps user text from becoming a formula.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.encoding import force_str

from pokja import tables
from pokja.kernel import spreadsheets
from pokja.models import WorkingGroup

CHUNK = 2000
CONTENT_TYPES = spreadsheets.CONTENT_TYPES


@dataclass(frozen=True)
class ExportColumn:
    header: str
    fields: tuple[str, ...]  # values_list paths this column reads
    convert: Callable  # the values read -> the cell


def _field(model, path: str):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


EMPTY = (None, "")


def _unless_empty(convert: Callable) -> Callable:
    """An empty value stays an empty cell, as in the table library's export (no default)."""
    return lambda value: None if value in EMPTY else convert(value)


def export_columns(table) -> list[ExportColumn]:
    """How each column of a model table is exported, read from the table itself."""
    model = table.Meta.model
    columns = []
    for bound in table.columns:
        column, name = bound.column, bound.name
        path = str(bound.accessor).replace(".", "__")
        header = force_str(bound.header, strings_only=True)
        if isinstance(column, tables.WorkingGroupColumn):
            kinds = {key: force_str(label) for key, label in WorkingGroup.Kind.choices}
            columns.append(
                ExportColumn(
                    header,
                    (f"{path}__name", f"{path}__kind"),
                    lambda n, k, kinds=kinds: f"{n} ({kinds.get(k, k)})" if n else None,
                )
            )
            continue
        field = _field(model, path)
        value_method = getattr(table, f"value_{name}", None)
        if field.choices:  # the label, as get_FOO_display gives it
            labels = {key: force_str(label) for key, label in field.flatchoices}
            convert = lambda v, labels=labels: labels.get(v, v)  # noqa: E731
        elif value_method is not None:
            convert = lambda v, m=value_method: m(value=v)  # noqa: E731
        elif isinstance(column, tables.RupiahColumn):
            convert = int
        else:
            convert = lambda v: v  # noqa: E731
        columns.append(ExportColumn(header, (path,), _unless_empty(convert)))
    return columns


def export_rows(queryset: QuerySet, columns: list[ExportColumn]) -> Iterator[list]:
    """The header, then every row of the (already scoped, filtered, ordered) queryset."""
    yield [column.header for column in columns]
    paths = [path for column in columns for path in column.fields]
    for values in queryset.values_list(*paths).iterator(chunk_size=CHUNK):
        row, position = [], 0
        for column in columns:
            width = len(column.fields)
            row.append(column.convert(*values[position : position + width]))
            position += width
        yield row


class _Echo:
    """A file-like object whose write returns the line, for a CSV writer in a streaming body."""

    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterator[list], filename: str) -> StreamingHttpResponse:
    writer = spreadsheets.csv_writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(rows: Iterator[list], title: str, target) -> None:
    spreadsheets.write_xlsx_rows(rows, title, target)


def xlsx_response(rows: Iterator[list], filename: str, title: str) -> HttpResponse:
    # The rows go to disk as they are read; the finished file is compressed and small
    # (a few MB for tens of thousands of rows), so it is sent in one piece.
    with tempfile.TemporaryFile() as target:
        write_xlsx(rows, title, target)
        target.seek(0)
        response = HttpResponse(target.read(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
