"""Writes of the Kampung KB registry: register, change, close (through the kernel's workflow,
which checks the policy and the scope inside the transaction and keeps the history)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kampungkb.models import KampungKB
from pokja.kernel import workflow


def kampung_save(*, kampung: KampungKB, user, expected_version: int | None = None) -> KampungKB:
    return workflow.record_save(record=kampung, user=user, expected_version=expected_version)


def kampung_close(*, kampung: KampungKB, user, closed_on: datetime.date, reason: str) -> KampungKB:
    """Close a Kampung KB: it stops counting, keeps its profiles, classes and history."""
    if not kampung.is_active:
        raise ValidationError(_("This Kampung KB is already closed."))
    kampung.is_active = False
    kampung.closed_on = closed_on
    kampung.closing_reason = reason
    return workflow.record_save(
        record=kampung,
        user=user,
        expected_version=kampung.version,
        reason=_("Closed: %(reason)s") % {"reason": reason},
    )
