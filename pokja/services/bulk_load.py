"""Load a `dumpdata --format jsonl` file as `loaddata` does, but a batch of rows per INSERT.

`loaddata` saves row by row (an UPDATE, then an INSERT, for each one): restoring the 91,599
regions alone took minutes. This reads the same file with the same deserializer (natural keys
resolved, forward references deferred) and keeps loaddata's guarantees:

- rows are written *raw*: exactly the stored values, no `auto_now` or upload handling, no model
  signals (loaddata's signals carry `raw=True`, which history and the page cache ignore; the
  caller makes cached pages obsolete once, at the end);
- foreign keys are checked once every row is in (loaddata's `check_constraints`), inside the
  caller's transaction, so a broken reference fails the restore;
- the primary-key sequences are moved past the loaded ids, so the next new row gets a free id.

dumpdata writes each model's rows together, in dependency order, so each model's rows are
inserted before the rows that name them by natural key are read.
"""

from __future__ import annotations

from pathlib import Path

from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections

BATCH = 2000  # rows per INSERT: few round trips, bounded memory and statement size


def load_jsonl(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Insert every row of the file; returns the number of objects read. Call it inside a
    transaction (a failed constraint check leaves it to be rolled back)."""
    connection = connections[using]
    pending: list = []  # deserialized objects of one model, in the file's order
    deferred: list = []  # objects naming a row further on by natural key
    models: set = set()
    count = 0
    with path.open(encoding="utf-8") as stream, connection.constraint_checks_disabled():
        objects = serializers.deserialize(
            "jsonl", stream, using=using, handle_forward_references=True
        )
        for obj in objects:
            count += 1
            model = type(obj.object)
            if pending and (model is not type(pending[0].object) or len(pending) >= BATCH):
                _insert(pending, using)
                pending = []
            pending.append(obj)
            models.add(model)
            if obj.deferred_fields:
                deferred.append(obj)
        if pending:
            _insert(pending, using)
        for obj in deferred:
            obj.save_deferred_fields(using=using)  # a raw save: an UPDATE of the inserted row
    if count:
        tables = {model._meta.db_table for model in models}
        tables |= {
            field.remote_field.through._meta.db_table
            for model in models
            for field in model._meta.local_many_to_many
        }
        connection.check_constraints(table_names=sorted(tables))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return count


def _insert(objects: list, using: str) -> None:
    model = type(objects[0].object)
    fields = model._meta.local_concrete_fields
    rows = [obj.object for obj in objects]
    size = min(BATCH, connections[using].ops.bulk_batch_size(fields, rows) or BATCH)
    for start in range(0, len(rows), size):
        # raw=True: the values as stored (what Model.save_base(raw=True) inserts for loaddata),
        # where bulk_create would call each field's pre_save (auto_now would overwrite dates).
        model._base_manager.using(using)._insert(
            rows[start : start + size], fields=fields, raw=True, using=using
        )
    _insert_many_to_many(objects, using)


def _insert_many_to_many(objects: list, using: str) -> None:
    """The auto-created link tables: dumpdata writes them as lists inside their owner's row."""
    links: dict = {}
    model = type(objects[0].object)
    for obj in objects:
        for name, targets in (obj.m2m_data or {}).items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            links.setdefault(through, []).extend(
                through(**{source: obj.object.pk, target: pk}) for pk in targets
            )
    for through, rows in links.items():
        through._base_manager.using(using).bulk_create(rows, batch_size=BATCH)
