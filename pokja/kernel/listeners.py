"""Who wants to hear that a record's verified state changed (`registry.add_verification_listener`
fills it in an app's `ready()`; the workflow tells it after each commit). A module of its own:
the workflow cannot import the registry, which names the record types whose pages import the
workflow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.db import models

# model label ("kampungkb.profile") -> dotted paths of fn(records)
VERIFICATION_LISTENERS: dict[str, list[str]] = {}


def add_verification_listener(model: type[models.Model], dotted_path: str) -> None:
    paths = VERIFICATION_LISTENERS.setdefault(model._meta.label_lower, [])
    if dotted_path not in paths:
        paths.append(dotted_path)


def notify_verification(records: list[models.Model]) -> None:
    """Call the listeners of these records' models, each once with its records."""
    by_model: dict[str, list[models.Model]] = {}
    for record in records:
        by_model.setdefault(record._meta.label_lower, []).append(record)
    for label, rows in by_model.items():
        for dotted_path in VERIFICATION_LISTENERS.get(label, []):
            import_string(dotted_path)(rows)
