"""Every write of a record, in one place: save, delete and the verification transitions.

Each function is keyword-only, atomic, re-checks the user's scope inside its transaction, keeps
the history (with a reason) and refuses lost updates: a save names the version the editor
started from, a transition the status it expects. Views, admin, imports and the API call these;
the role rules come from `policy`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pokja.kernel import policy
from pokja.kernel.deletion import delete_or_explain
from pokja.kernel.file_retention import remove_files_after_deleting_draft
from pokja.kernel.scoping import CHANGE
from pokja.kernel.verification import Status, Verifiable, Versioned

if TYPE_CHECKING:
    from pokja.kernel.accounts import User


class StaleRecord(Exception):  # noqa: N818 (named for what it is, as Django's own exceptions)
    """The record changed after the editor opened it; `current` is what is stored now."""

    def __init__(self, current: models.Model):
        super().__init__(f"{type(current).__name__} {current.pk} changed meanwhile")
        self.current = current


def _locked(record: models.Model) -> models.Model:
    """The stored row, locked until the transaction ends (a no-op lock on SQLite, which
    serialises writers anyway)."""
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def _assert_in_change_scope(user: User, record: models.Model) -> None:
    """Re-read the saved row through the user's scope; refuse (and roll back) if it left it."""
    if not type(record).objects.for_user(user, CHANGE).filter(pk=record.pk).exists():
        raise PermissionDenied


def _check_version(current: models.Model, expected_version: int | None) -> None:
    stale = isinstance(current, Versioned) and current.version != expected_version
    if expected_version is not None and stale:
        raise StaleRecord(current)


def _check_status(current: Verifiable, expected_status: str | None) -> None:
    if expected_status is not None and current.status != expected_status:
        raise StaleRecord(current)


def _write(record: models.Model, reason: str) -> None:
    if isinstance(record, Versioned):
        record.version = (record.version or 0) + 1 if record.pk else 1
    record.full_clean()
    record._change_reason = reason
    record.save()


def _mark_verified(record: Verifiable, user: User) -> None:
    record.verified_by = user
    record.verified_at = timezone.now()


@transaction.atomic
def record_save(
    *,
    record: models.Model,
    user: User,
    expected_version: int | None = None,
    children: Iterable = (),
    reason: str = "",
) -> models.Model:
    """Validate and save a record (new or existing) with its inline rows (`children`: bound,
    valid formsets), all or nothing."""
    previous_status = None
    if record.pk:
        current = _locked(record)
        if not policy.may_edit(user, current):
            raise PermissionDenied
        _check_version(current, expected_version)
        if isinstance(record, Versioned):
            record.version = current.version
        previous_status = getattr(current, "status", None)
    elif not policy.may_edit(user, record):
        raise PermissionDenied
    if isinstance(record, Verifiable):
        _prepare_status(record, user, previous=previous_status)
    _write(record, reason)
    for formset in children:
        formset.instance = record
        formset.save()
    _assert_in_change_scope(user, record)
    return record


def _prepare_status(record: Verifiable, user: User, previous: str | None) -> None:
    """The status a save leaves: one the user may set, with verifier and reason to match."""
    if record.status != previous and record.status not in policy.statuses_user_may_set(user):
        raise PermissionDenied
    if not record.pk:
        record.created_by = user
    if record.status == Status.TERVERIFIKASI and previous != Status.TERVERIFIKASI:
        _mark_verified(record, user)
    elif record.status != Status.TERVERIFIKASI:
        record.verified_by, record.verified_at = None, None
    if record.status != Status.DITOLAK:
        record.rejection_reason = ""


@transaction.atomic
def record_delete(*, record: models.Model, user: User, expected_version: int | None = None) -> None:
    current = _locked(record)
    if not policy.may_edit(user, current):
        raise PermissionDenied
    _check_version(current, expected_version)
    _assert_in_change_scope(user, current)
    current._change_reason = _("Deleted")
    remove_files_after_deleting_draft(current)
    delete_or_explain(current)


def _transition(
    record: Verifiable, user: User, status: str, reason: str, expected_status: str | None
) -> Verifiable:
    current = _locked(record)
    _assert_in_change_scope(user, current)
    _check_status(current, expected_status)
    record.refresh_from_db()
    record.status = status
    record.rejection_reason = reason if status == Status.DITOLAK else ""
    if status == Status.TERVERIFIKASI:
        _mark_verified(record, user)
    else:
        record.verified_by, record.verified_at = None, None
    return record


@transaction.atomic
def record_submit(
    *, record: Verifiable, user: User, expected_status: str | None = None
) -> Verifiable:
    if not policy.may_submit(user, _locked(record)):
        raise ValidationError(_("Only a draft or a rejected record can be submitted."))
    record = _transition(record, user, Status.DIAJUKAN, "", expected_status)
    _write(record, _("Submitted for verification"))
    return record


@transaction.atomic
def record_verify(
    *, record: Verifiable, user: User, expected_status: str | None = None
) -> Verifiable:
    if not policy.may_verify(user, record):
        raise PermissionDenied
    if _locked(record).status == Status.TERVERIFIKASI:
        raise ValidationError(_("This record is already verified."))
    record = _transition(record, user, Status.TERVERIFIKASI, "", expected_status)
    _write(record, _("Verified"))
    return record


@transaction.atomic
def record_reject(
    *, record: Verifiable, user: User, reason: str, expected_status: str | None = None
) -> Verifiable:
    """Refuse a submission, with the reason its owner will read."""
    if not policy.may_verify(user, record):
        raise PermissionDenied
    if _locked(record).status != Status.DIAJUKAN:
        raise ValidationError(_("Only a submitted record can be rejected."))
    record = _transition(record, user, Status.DITOLAK, reason, expected_status)
    _write(record, _("Rejected: %(reason)s") % {"reason": reason})
    return record


@transaction.atomic
def record_return(
    *, record: Verifiable, user: User, reason: str, expected_status: str | None = None
) -> Verifiable:
    """Send a verified record back for correction (it stops counting until verified again)."""
    if not policy.may_verify(user, record):
        raise PermissionDenied
    if _locked(record).status != Status.TERVERIFIKASI:
        raise ValidationError(_("Only a verified record can be returned for correction."))
    record = _transition(record, user, Status.DITOLAK, reason, expected_status)
    _write(record, _("Returned for correction: %(reason)s") % {"reason": reason})
    return record
