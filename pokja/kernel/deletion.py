"""Deleting a row that others still point to: a clear message instead of a ProtectedError."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def delete_or_explain(instance: models.Model) -> None:
    """Delete `instance`, or raise ValidationError naming what still refers to it.

    A bidang that SKs, plans or budgets still name is protected by the database (on_delete
    PROTECT); without this the user would get a 500 instead of knowing what to move first.
    """
    try:
        # A savepoint, so the failed DELETE leaves the surrounding transaction usable.
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        blockers = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        raise ValidationError(protected_message(instance, blockers)) from exc


def protected_message(instance: models.Model, blockers) -> str:
    counts: dict[str, int] = {}
    for blocker in blockers:
        label = str(capfirst(blocker._meta.verbose_name_plural))
        counts[label] = counts.get(label, 0) + 1
    listing = ", ".join(f"{label}: {count}" for label, count in sorted(counts.items()))
    return _(
        "%(object)s cannot be deleted because other records still refer to it (%(listing)s). "
        "Move or delete those records first."
    ) % {"object": instance, "listing": listing}
