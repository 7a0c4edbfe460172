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

from django.db import connection, models

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _text(field, value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        text = json.dumps(value, cls=field.encoder)
    elif isinstance(value, bool):
        return "t" if value else "f"
    elif isinstance(value, datetime.date):  # datetimes too: ISO 8601 with their offset
        return value.isoformat()
    else:
        text = str(value)
    return text.translate(_ESCAPES)


def _stream(objs, fields) -> io.StringIO:
    buffer = io.StringIO()
    for obj in objs:
        values = (_text(f, f.pre_save(obj, add=True)) for f in fields)
        buffer.write("\t".join(values))
        buffer.write("\n")
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
