"""Writing many model rows at once through PostgreSQL's COPY, for the jobs that write thousands.

Django's bulk_create prepares every value of every row in Python and sends one long statement
the server parses again: for the effectiveness engine's first run down to kecamatan (about
15,500 assessments with three JSON columns each, and as many change records) that took about
two thirds of the run. COPY streams the same rows as text. `copy_upsert` inserts or updates
through a temporary table and one INSERT ... ON CONFLICT, as bulk_create(update_conflicts=True)
does; `copy_insert` only inserts.

Both take unsaved model instances and write every concrete column but the primary key, with
the field's own pre_save (auto_now_add dates filled in). PostgreSQL only: callers keep
bulk_create for other databases. No signals are sent, as with bulk_create.
"""

from __future__ import annotations

import datetime
import io
import json
import operator

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


def _json(field):
    encode = (field.encoder or json.JSONEncoder)().encode  # what json.dumps(cls=...) does

    def text(value) -> str:
        return "\\N" if value is None else encode(value).translate(_ESCAPES)

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


def _stream(objs, fields) -> io.StringIO:
    columns = [
        (_getter(f), _json(f) if isinstance(f, models.JSONField) else _plain) for f in fields
    ]
    buffer = io.StringIO()
    write = buffer.write
    for obj in objs:
        write("\t".join([text(get(obj)) for get, text in columns]))
        write("\n")
    buffer.seek(0)
    return buffer


def copy_insert(model, objs: list) -> None:
    """Insert the rows of `objs` (unsaved instances of `model`)."""
    if not objs:
        return
    fields = _columns(model)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", _stream(objs, fields))


def copy_upsert(model, objs: list, *, unique_fields: list[str], update_fields: list[str]) -> None:
    """Insert the rows of `objs`, or update `update_fields` of the row with the same
    `unique_fields` (a unique constraint of the table)."""
    if not objs:
        return
    quote = connection.ops.quote_name
    meta = model._meta
    fields = _columns(model)
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
        cursor.copy_expert(f"COPY {staging} ({names}) FROM STDIN", _stream(objs, fields))
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
        )
        cursor.execute(f"DROP TABLE {staging}")
