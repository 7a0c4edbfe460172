"""Writing many model rows at once through PostgreSQL's COPY, for the jobs that write thousands.

Django's bulk_create prepares every value of every row in Python and sends one long statement
the server parses again: for the effectiveness engine's first run down to kecamatan (about
15,500 assessments with three JSON columns each, and as many change records) that took about
two thirds of the run. COPY streams the same rows as text. `copy_upsert` inserts or updates
through a temporary table and one INSERT ... ON CONFLICT, as bulk_create(update_conflicts=True)
does; `copy_insert` only inserts.

Both take unsaved model instances and write every concrete column but the primary key, with
the field's own pre_save (auto_now_add dates filled in). `copy_insert_rows` and
`copy_upsert_rows` take plain tuples instead, in the order of the fields named: a job writing
tens of thousands of rows need not build a model instance for each (the engine's first run down
to kecamatan spent more on those than on COPY itself), and may hand a JSON column text it
encoded once for many rows (`Json`). PostgreSQL only: callers keep bulk_create for other
databases. No signals are sent, as with bulk_create.
"""

from __future__ import annotations

import datetime
import itertools
import json
import operator
from collections.abc import Iterable, Iterator

from django.db import connection, models

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _plain(value) -> str:
    """A value of a column other than JSON in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too: ISO 8601 with their offset
        return value.isoformat()
    return str(value).translate(_ESCAPES)


class Json(str):
    """A JSON column's value already encoded, written as it is (the caller encoded it with the
    field's encoder, or as that encoder would)."""


def _json(field):
    encode = (field.encoder or json.JSONEncoder)().encode  # what json.dumps(cls=...) does

    def text(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, Json):
            return value.translate(_ESCAPES)
        return encode(value).translate(_ESCAPES)

    return text


def _getter(field):
    """How a row's value of `field` is read: the field's pre_save where it fills the value in
    (auto_now_add dates, files), the attribute itself otherwise (most columns: the engine
    streams some 400,000 values on a first run down to kecamatan, a call each counts)."""
    fills_in = type(field).pre_save is not models.Field.pre_save
    if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
        fills_in = False
    if fills_in:
        return lambda obj: field.pre_save(obj, add=True)
    return operator.attrgetter(field.attname)


def _converter(field):
    return _json(field) if isinstance(field, models.JSONField) else _plain


def _stream(rows, fields) -> CopyText:
    """COPY's text of `rows` (tuples in the order of `fields`), made as COPY reads it."""
    converters = [_converter(f) for f in fields]
    return CopyText(
        "\t".join([text(value) for text, value in zip(converters, row, strict=True)]) + "\n"
        for row in rows
    )


class CopyText:
    """A file that COPY FROM STDIN reads (psycopg2's copy_expert calls `read`) while its lines
    are still being made: a few hundred lines a read, the empty string at the end. When the
    rows come from a generator that computes them (the engine judges a region as COPY asks for
    its row), the server stores one part while Python makes the next."""

    LINES_A_READ = 200

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines

    def read(self, _size: int = -1) -> str:
        return "".join(itertools.islice(self._lines, self.LINES_A_READ))


def _values(objs, fields):
    """Each instance's values of `fields`, as the rows functions take them."""
    getters = [_getter(f) for f in fields]
    return ([get(obj) for get in getters] for obj in objs)


def _fields(model, names: list[str]) -> list:
    return [model._meta.get_field(name) for name in names]


def copy_insert(model, objs: list) -> None:
    """Insert the rows of `objs` (unsaved instances of `model`)."""
    fields = _columns(model)
    _copy_insert(model, fields, _values(objs, fields), bool(objs))


def copy_insert_rows(model, names: list[str], rows: Iterable[tuple]) -> None:
    """Insert `rows`, tuples of the values of the fields `names` (by name or attname, e.g.
    "region" or "region_id"). A column left out takes the database's default, which is not the
    model field's: name every column that has none.

    `rows` may be a generator: COPY reads it as it makes the rows (none: no statement)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is not None:
        _copy_insert(model, _fields(model, names), itertools.chain((first,), rows), True)


def _copy_insert(model, fields, rows, any_rows: bool) -> None:
    if not any_rows:
        return
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", _stream(rows, fields))


def copy_upsert(model, objs: list, *, unique_fields: list[str], update_fields: list[str]) -> None:
    """Insert the rows of `objs`, or update `update_fields` of the row with the same
    `unique_fields` (a unique constraint of the table)."""
    fields = _columns(model)
    _copy_upsert(model, fields, _values(objs, fields), bool(objs), unique_fields, update_fields)


def copy_upsert_rows(
    model, names: list[str], rows: list[tuple], *, unique_fields: list[str], update_fields
) -> None:
    """`copy_upsert` of plain tuples, in the order of the fields `names` (as copy_insert_rows)."""
    _copy_upsert(model, _fields(model, names), rows, bool(rows), unique_fields, update_fields)


def _copy_upsert(model, fields, rows, any_rows: bool, unique_fields, update_fields) -> None:
    if not any_rows:
        return
    quote = connection.ops.quote_name
    meta = model._meta
    names = ", ".join(quote(f.column) for f in fields)
    table = quote(meta.db_table)
    staging = quote(f"{meta.db_table}_copy")
    conflict = ", ".join(quote(meta.get_field(name).column) for name in unique_fields)
    updates = ", ".join(
        f"{quote(meta.get_field(name).column)} = EXCLUDED.{quote(meta.get_field(name).column)}"
        for name in update_fields
    )
    # Table and column names come from the model; the rows go through COPY, never into SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
        )
        cursor.copy_expert(f"COPY {staging} ({names}) FROM STDIN", _stream(rows, fields))
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
        )
        cursor.execute(f"DROP TABLE {staging}")
