"""Writing Pokja records: saves that re-check scope, and the verification workflow.

Draf -> Diajukan -> Terverifikasi, or Diajukan -> Ditolak (with a reason) -> Diajukan again.
Provincial staff (and admins) may save straight as Terverifikasi and verify or reject
submissions; a coordinator works on its own kabupaten/kota up to Diajukan and never changes a
verified record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pokja.file_retention import remove_files_after_deleting_draft
from pokja.models import User, VerifiableRecord
from pokja.scoping import CHANGE
from pokja.services.deletion import delete_or_explain

Status = VerifiableRecord.Status


def statuses_user_may_set(user: User) -> list[str]:
    """The statuses a user may choose in a form, the usual one last (used as the default)."""
    if user.is_coordinator:
        return [Status.DRAF, Status.DIAJUKAN]
    if user.can_change_data:
        return [Status.DRAF, Status.DIAJUKAN, Status.TERVERIFIKASI]
    return []


def may_verify(user: User) -> bool:
    return user.can_change_data and not user.is_coordinator


def may_edit(user: User, record: models.Model) -> bool:
    """Whether the user may change this record (its region is assumed to be in scope)."""
    if not user.can_change_data:
        return False
    if isinstance(record, VerifiableRecord) and user.is_coordinator:
        return record.status != Status.TERVERIFIKASI
    return True


def _assert_in_change_scope(user: User, record: models.Model) -> None:
    """Re-read the saved row through the user's scope; refuse (and roll back) if it left it."""
    if not type(record).objects.for_user(user, CHANGE).filter(pk=record.pk).exists():
        raise PermissionDenied


@transaction.atomic
def record_save(*, record: models.Model, user: User, reason: str = "") -> models.Model:
    """Validate and save a record the user edited in a form (new or existing)."""
    if record.pk and not may_edit(user, type(record).objects.get(pk=record.pk)):
        raise PermissionDenied
    if isinstance(record, VerifiableRecord):
        if not record.pk:
            record.created_by = user
        if record.status == Status.TERVERIFIKASI and not record.verified_at:
            _mark_verified(record, user)
        elif record.status != Status.TERVERIFIKASI:
            record.verified_by, record.verified_at = None, None
        if record.status != Status.DITOLAK:
            record.rejection_reason = ""
    record.full_clean()
    record._change_reason = reason
    record.save()
    _assert_in_change_scope(user, record)
    return record


@transaction.atomic
def record_delete(*, record: models.Model, user: User) -> None:
    if not may_edit(user, record):
        raise PermissionDenied
    _assert_in_change_scope(user, record)
    record._change_reason = _("Deleted")
    remove_files_after_deleting_draft(record)
    delete_or_explain(record)


def _mark_verified(record: VerifiableRecord, user: User) -> None:
    record.verified_by = user
    record.verified_at = timezone.now()


def _transition(record: VerifiableRecord, user: User, status: str, reason: str) -> None:
    _assert_in_change_scope(user, record)
    record.status = status
    record.full_clean()
    record._change_reason = reason
    record.save()


@transaction.atomic
def record_submit(*, record: VerifiableRecord, user: User) -> VerifiableRecord:
    if record.status not in (Status.DRAF, Status.DITOLAK) or not may_edit(user, record):
        raise ValidationError(_("Only a draft or a rejected record can be submitted."))
    record.rejection_reason = ""
    _transition(record, user, Status.DIAJUKAN, _("Submitted for verification"))
    return record


@transaction.atomic
def record_verify(*, record: VerifiableRecord, user: User) -> VerifiableRecord:
    if not may_verify(user):
        raise PermissionDenied
    if record.status == Status.TERVERIFIKASI:
        raise ValidationError(_("This record is already verified."))
    record.rejection_reason = ""
    _mark_verified(record, user)
    _transition(record, user, Status.TERVERIFIKASI, _("Verified"))
    return record


@transaction.atomic
def record_reject(*, record: VerifiableRecord, user: User, reason: str) -> VerifiableRecord:
    if not may_verify(user):
        raise PermissionDenied
    if record.status != Status.DIAJUKAN:
        raise ValidationError(_("Only a submitted record can be rejected."))
    record.rejection_reason = reason
    record.verified_by, record.verified_at = None, None
    _transition(record, user, Status.DITOLAK, _("Rejected: %(reason)s") % {"reason": reason})
    return record
