"""Which stored files stay (on disk or in the bucket), and which go.

- A file replaced by a newer one stays: the record's history still points to it (audit).
- When a draft is deleted, its files (the current one and every earlier version in its history)
  are removed once the deletion is committed: a draft was never evidence for anyone.
- Records deleted in any other status keep their files; their history references them.
- Housekeeping removes the portal's stored files that no record or history row refers to
  (orphans), once they are older than `ORPHAN_GRACE`: a file is written to the storage just
  before the row naming it is committed, and an upload in flight must not lose its file.
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from pokja.kernel.stored_files import all_names, modified_at

logger = logging.getLogger(__name__)

ORPHAN_GRACE = datetime.timedelta(days=1)


def remove_files_after_deleting_draft(record: models.Model) -> None:
    """Call before deleting `record`; removes its files if it is a draft and the delete commits."""
    from pokja.kernel.verification import Status, Verifiable

    if not isinstance(record, Verifiable) or record.status != Status.DRAF:
        return
    names = {record.document.name} if record.document else set()
    names |= set(record.history.exclude(document="").values_list("document", flat=True))
    names.discard("")
    own_history = (record.history.model, record.pk)
    if names:
        transaction.on_commit(lambda: _remove(sorted(names), own_history))


def _remove(names: list[str], own_history) -> None:
    for name in names:
        if _referenced_anywhere(name, own_history):
            continue  # another record (e.g. a copy) still points to the same file
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not remove %s", name)


def _file_columns():
    """(model, field name) of every file column, live tables and their history tables."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field.attname
                history = getattr(model, "history", None)
                if history is not None and hasattr(history, "model"):
                    yield history.model, field.attname


def _referenced_anywhere(name: str, own_history) -> bool:
    """Whether a row other than the deleted draft's own history rows refers to the file."""
    history_model, record_pk = own_history
    for model, column in _file_columns():
        rows = model._base_manager.filter(**{column: name})
        if model is history_model:
            rows = rows.exclude(id=record_pk)
        if rows.exists():
            return True
    return False


def referenced_files() -> set[str]:
    names: set[str] = set()
    for model, column in _file_columns():
        names.update(model._base_manager.exclude(**{column: ""}).values_list(column, flat=True))
    return names


def orphan_files() -> list[str]:
    """The stored files that no record and no history row refers to (their names)."""
    known = referenced_files()
    return sorted(name for name in all_names(default_storage) if name not in known)


def remove_orphan_files(now: datetime.datetime | None = None) -> list[str]:
    """Remove the orphans older than ORPHAN_GRACE; returns the names removed."""
    cutoff = (now or timezone.now()) - ORPHAN_GRACE
    removed = []
    for name in orphan_files():
        written = modified_at(name, default_storage)
        if written is None or written > cutoff:
            continue  # gone meanwhile, or perhaps an upload whose row is not committed yet
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not remove %s", name)
            continue
        removed.append(name)
    return removed
