"""A record's fields and its change history, as a person reads them on the record's page."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from pokja.kernel.formfields import YEAR_NAMES
from pokja.kernel.numbers import format_number, format_rupiah


def list_labels(model, name: str, codes) -> str:
    """A JSON list of choice codes (["apbd", "dana_desa"]) as a person reads it ("APBD, Dana
    Desa"): the model names each list's choices in `choice_lists` ({field: TextChoices}); an
    unknown code is shown as it is."""
    choices = getattr(model, "choice_lists", {}).get(name)
    labels = dict(choices.choices) if choices is not None else {}
    return ", ".join(str(labels.get(code, code)) for code in codes)


def field_rows(record, names) -> list[tuple[str, object]]:
    """(label, value, kind) for a detail page: choice labels, grouped numbers ("1.481"), Rupiah
    amounts, related names, lists of choices by their labels."""
    rows = []
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if field.choices:
            value = getattr(record, f"get_{name}_display")()
        elif isinstance(value, (list, tuple)):
            value = list_labels(type(record), name, value)
        elif value is not None:
            value = _number(field, value)
        rows.append((field.verbose_name, value, field.get_internal_type()))
    return rows


def history_rows(record) -> list[dict]:
    """The record's history, newest first, each entry with its field-by-field changes.

    Related records (a working group, the verifying user) are shown by name, fetched with one
    query per kind of relation rather than one per change.
    """
    entries = list(record.history.select_related("history_user").order_by("history_date", "pk"))
    rows, related_ids = [], defaultdict(set)
    previous = None
    for entry in entries:
        changes = []
        if previous is not None:
            delta = entry.diff_against(previous, excluded_fields=["updated_at", "version"])
            changed = {change.field for change in delta.changes}
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                if _names_a_file(record, change.field) and change.field[:-5] in changed:
                    continue  # said once, by the file's own row
                old, new = change.old, change.new
                if isinstance(field, models.FileField):
                    old, new = _file_name(previous, field, old), _file_name(entry, field, new)
                changes.append({"field": field, "old": old, "new": new})
                if field.is_relation:
                    related_ids[field].update(v for v in (change.old, change.new) if v)
        rows.append({"entry": entry, "changes": changes})
        previous = entry
    names = {
        field: {pk: str(obj) for pk, obj in field.related_model._base_manager.in_bulk(ids).items()}
        for field, ids in related_ids.items()
    }
    for row in rows:
        row["changes"] = [
            {
                "field": c["field"].verbose_name,
                "old": _display(c["field"], c["old"], names),
                "new": _display(c["field"], c["new"], names),
            }
            for c in row["changes"]
        ]
    rows.reverse()
    return rows


def _names_a_file(record, name: str) -> bool:
    """Whether a field holds the original name of the file field before it (`document_name`
    of `document`)."""
    if not name.endswith("_name"):
        return False
    try:
        return isinstance(record._meta.get_field(name[:-5]), models.FileField)
    except FieldDoesNotExist:
        return False


def _file_name(entry, field, stored) -> str:
    """A file as a person knows it: the name it was uploaded with (kept beside it, e.g.
    `document_name`), never the storage path (`evidence/63.71/semesterreport/6f1a8….pdf`),
    which says nothing to the reader and tells where files lie. A file whose original name was
    not kept is named by its type."""
    if not stored:
        return ""
    original = getattr(entry, f"{field.name}_name", "")
    if original:
        return original
    extension = PurePath(str(stored)).suffix.lstrip(".").upper()
    return _("%(type)s file") % {"type": extension} if extension else _("file")


def _display(field, value, names):
    if value in (None, ""):
        return "–"
    if field.is_relation:
        return names.get(field, {}).get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, (list, tuple)):
        return list_labels(field.model, field.name, value) or "–"
    return _number(field, value)


def _number(field, value):
    """A number as the pages show it: grouped ("1.481"), Rupiah whole, a year as it is."""
    if isinstance(field, models.DecimalField):  # Rupiah are whole; other figures keep decimals
        return format_rupiah(value) if field.decimal_places == 0 else format_number(value)
    if isinstance(field, models.IntegerField) and not YEAR_NAMES.search(field.name):
        return format_number(value, 0)
    return value
