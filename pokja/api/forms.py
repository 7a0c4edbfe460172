"""API input through the record type's own form: the same fields, scope-narrowed dropdowns,
status choices and (translated) messages as the web, so no rule is written twice.

JSON carries plain numbers and ISO dates, so the forms' Indonesian number formats ("63,41")
are switched off here: "63.41" must not become 6341.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import FileField, Model
from django.utils.translation import gettext as _

from pokja.kernel.records import RecordType

DELETE_MISSING = object()


def _plain(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return "" if value is None else value


def _unlocalise(form) -> None:
    for field in form.fields.values():
        field.localize = False
        field.widget.is_localized = False


def current_values(form) -> dict:
    """What the form posts when opened now and saved unchanged (a PATCH starts from this)."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(getattr(field, "model_field", None), FileField) or name == "document":
            continue
        data[name] = _plain(form.initial.get(name, field.initial))
    return data


MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


def shape_errors(fields: dict, values: dict) -> dict:
    """JSON nests where a form field takes one value: a list or an object given to a
    single-value field is refused here (Django's fields would fail on it with AttributeError)."""
    errors = {}
    for name, field in fields.items():
        value = values.get(name)
        if isinstance(value, dict) or (isinstance(value, list) and not isinstance(field, MULTIPLE)):
            errors[name] = [_("Give one value, not a list or an object.")]
    return errors


def rows_errors(formset_class, rows) -> list | None:
    """Inline rows must be a list of objects whose fields each hold one value."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return [{"detail": [_("Give a list of objects, one per row.")]}]
    fields = formset_class.form.base_fields
    errors = [shape_errors(fields, row) for row in rows]
    return errors if any(errors) else None


def record_form(record_type: RecordType, *, user, parent, instance, payload: dict, files=None):
    """The bound form: the record's current values overlaid with the payload's fields."""
    blank = record_type.form_class(instance=instance, user=user, parent=parent)
    data = current_values(blank) if instance.pk else {}
    data.update({k: v for k, v in payload.items() if k in blank.fields})
    data.pop("expected_version", None)
    form = record_type.form_class(
        data=data, files=files or {}, instance=instance, user=user, parent=parent
    )
    _unlocalise(form)
    form.keeps_uploads = False  # an API client sends its files again; nothing to show a token to
    return form


def children_formset(record_type: RecordType, *, instance, rows: list[dict]):
    """The record's inline rows (e.g. a work plan's activities) as its formset would receive
    them: the listed rows are the new set; an existing row not listed is deleted; a row with an
    `id` changes that row."""
    formset_class = record_type.formset_class
    prefix = formset_class(instance=instance).prefix
    existing = list(formset_class(instance=instance).get_queryset()) if instance.pk else []
    by_id = {row.get("id"): row for row in rows if row.get("id") is not None}
    new_rows = [row for row in rows if row.get("id") is None]
    field_names = list(formset_class.form.base_fields)
    data = {f"{prefix}-INITIAL_FORMS": len(existing), f"{prefix}-MIN_NUM_FORMS": 0}
    data[f"{prefix}-MAX_NUM_FORMS"] = 1000
    index = 0
    for child in existing:
        row = by_id.get(child.pk)
        current = {name: _plain(getattr(child, name, "")) for name in field_names}
        values = {**current, **(row or {})}
        for name in field_names:
            data[f"{prefix}-{index}-{name}"] = _plain(values.get(name))
        data[f"{prefix}-{index}-id"] = child.pk
        if row is None:
            data[f"{prefix}-{index}-DELETE"] = "on"
        index += 1
    for row in new_rows:
        for name in field_names:
            data[f"{prefix}-{index}-{name}"] = _plain(row.get(name))
        index += 1
    data[f"{prefix}-TOTAL_FORMS"] = index
    formset = formset_class(data=data, instance=instance)
    for form in formset.forms:
        _unlocalise(form)
    return formset


def form_errors(form) -> dict:
    """The form's messages by field, as the API answers them: a model rule about a field the
    form does not show (e.g. the parent `region`) under that field, the rest under
    `non_field_errors` (DRF's name for them)."""
    errors = {name: list(messages) for name, messages in form.errors.items()}
    outside = getattr(form, "outside_errors", {})
    general = [m for m in errors.pop(NON_FIELD_ERRORS, []) if not _named(m, outside)]
    errors.update(outside)
    if general:
        errors["non_field_errors"] = general
    return errors


def _named(message: str, outside: dict) -> bool:
    return any(message in messages for messages in outside.values())


def formset_errors(formset) -> list:
    errors = [dict(form.errors) for form in formset.forms]
    if formset.non_form_errors():
        errors.append({"detail": list(formset.non_form_errors())})
    return errors
