"""A record's fields and its change history, as a person reads them on the record's page."""

from __future__ import annotations

from collections import defaultdict

from django.db import models

from pokja.kernel.numbers import format_number, format_rupiah


def list_labels(model, name: str, codes) -> str:
    """A JSON list of choice codes (["apbd", "dana_desa"]) as a person reads it ("APBD, Dana
    Desa"): the model names each list's choices in `choice_lists` ({field: TextChoices}); an
    unknown code is shown as it is."""
    choices = getattr(model, "choice_lists", {}).get(name)
    labels = dict(choices.choices) if choices is not None else {}
    return ", ".join(str(labels.get(code, code)) for code in codes)


def field_rows(record, names) -> list[tuple[str, object]]:
    """(label, value) pairs for a detail page: choice labels, Rupiah amounts, related names,
    lists of choices by their labels."""
    rows = []
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if field.choices:
            value = getattr(record, f"get_{name}_display")()
        elif isinstance(value, (list, tuple)):
            value = list_labels(type(record), name, value)
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
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                changes.append({"field": field, "old": change.old, "new": change.new})
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


def _display(field, value, names):
    if value in (None, ""):
        return "–"
    if field.is_relation:
        return names.get(field, {}).get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, (list, tuple)):
        return list_labels(field.model, field.name, value) or "–"
    if isinstance(field, models.DecimalField):  # Rupiah are whole; other figures keep decimals
        return format_rupiah(value) if field.decimal_places == 0 else format_number(value)
    return value
