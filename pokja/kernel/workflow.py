"""Every write of a record, in one place: save, delete and the verification transitions.

Each function is keyword-only, atomic, re-checks the user's scope inside its transaction, keeps
the history (with a reason) and refuses lost updates: a save names the version the editor
started from, a transition the status it expects. Views, admin, imports and the API call these;
the role rules come from `policy`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pokja.kernel import listeners, pagecache, policy
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
        raise PermissionDenied(policy.edit_refusal(user, record))


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


def _verification_changed(records: Sequence[models.Model], previous: Sequence[str | None]) -> None:
    """Tell the registered listeners, after the commit, about the records that became verified,
    stopped being verified or changed while verified: what they feed is computed again at once
    (the nightly run stays the full pass). After the commit, so a rollback tells nobody and a
    listener reads the committed rows."""
    changed = [
        record
        for record, before in zip(records, previous, strict=True)
        if Status.TERVERIFIKASI in (before, getattr(record, "status", None))
    ]
    if changed:
        transaction.on_commit(lambda: listeners.notify_verification(changed))


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
        policy.require_edit(user, current)
        _check_version(current, expected_version)
        if isinstance(record, Versioned):
            record.version = current.version
        previous_status = getattr(current, "status", None)
    else:
        policy.require_edit(user, record)
    if isinstance(record, Verifiable):
        _prepare_status(record, user, previous=previous_status)
    _write(record, reason)
    for formset in children:
        formset.instance = record
        formset.save()
    _assert_in_change_scope(user, record)
    _verification_changed([record], [previous_status])
    return record


def _prepare_status(record: Verifiable, user: User, previous: str | None) -> None:
    """The status a save leaves: one the user may set, with verifier and reason to match."""
    if record.status != previous and record.status not in policy.statuses_user_may_set(user):
        raise PermissionDenied(_("You may not give a record this status."))
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
    policy.require_edit(user, current)
    _check_version(current, expected_version)
    _assert_in_change_scope(user, current)
    current._change_reason = _("Deleted")
    remove_files_after_deleting_draft(current)
    delete_or_explain(current)


def _transition(
    record: Verifiable, user: User, status: str, reason: str, expected_status: str | None
) -> Verifiable:
    record.refresh_from_db()
    record.status = status
    record.rejection_reason = reason if status == Status.DITOLAK else ""
    if status == Status.TERVERIFIKASI:
        _mark_verified(record, user)
    else:
        record.verified_by, record.verified_at = None, None
    return record


def _current_for_transition(record: Verifiable, user: User, expected_status: str | None):
    """The stored row, locked; a status that moved since the user saw it is a conflict (409)
    before any refusal by role or state (403)."""
    current = _locked(record)
    _assert_in_change_scope(user, current)
    _check_status(current, expected_status)
    return current


@transaction.atomic
def record_submit(
    *, record: Verifiable, user: User, expected_status: str | None = None
) -> Verifiable:
    current = _current_for_transition(record, user, expected_status)
    policy.require_edit(user, current)
    policy.require_state(
        current.status in policy.SUBMITTABLE,
        _("Only a draft or a rejected record can be submitted."),
    )
    record = _transition(record, user, Status.DIAJUKAN, "", expected_status)
    _write(record, _("Submitted for verification"))
    return record


@transaction.atomic
def record_verify(
    *,
    record: Verifiable,
    user: User,
    expected_status: str | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Verifiable:
    """`expected_version`: the version the verifier looked at (a record edited since is a
    conflict, not verified unseen); `reason`: the history's words, "Verified" by default."""
    current = _current_for_transition(record, user, expected_status)
    _check_version(current, expected_version)
    policy.require_verify(user, current)
    policy.require_state(
        current.status != Status.TERVERIFIKASI, _("This record is already verified.")
    )
    record = _transition(record, user, Status.TERVERIFIKASI, "", expected_status)
    _write(record, reason or _("Verified"))
    _verification_changed([record], [None])
    return record


@dataclass
class BatchOutcome:
    """What a batch verification did: the records verified, and why each other one was not."""

    verified: list[Verifiable] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one sentence per record, translated
    missing: int = 0  # chosen but no longer in the user's scope (deleted, or never theirs)


def records_verify(
    *,
    model: type[Verifiable],
    items: Sequence[tuple[int, int]],
    user: User,
    note: str = "",
) -> BatchOutcome:
    """Verify several records of one kind, each as `record_verify` verifies one: its own
    transaction (a savepoint inside a request's), the policy for that record, the status and
    the version the verifier saw (`items`: (pk, version) pairs), its own history entry. A
    record refused, changed meanwhile or invalid is left as it is, with the reason, and the
    others proceed: they are separate submissions of separate owners, and the verifier opens
    the refused ones one by one. Records outside the user's scope are only counted
    (`missing`): outside the scope, nothing says whether a record exists."""
    outcome = BatchOutcome()
    records = model.objects.for_user(user).in_bulk([pk for pk, _version in items])
    reason = _("Verified together with %(count)s chosen records") % {"count": len(items)}
    if note:
        reason = f"{reason}: {note}"
    for pk, version in items:
        record = records.get(pk)
        if record is None:
            outcome.missing += 1
            continue
        label = f"“{record}”"
        try:
            verified = record_verify(
                record=record,
                user=user,
                expected_status=Status.DIAJUKAN,
                expected_version=version,
                reason=reason,
            )
        except StaleRecord as exc:
            outcome.refused.append(
                _(
                    "%(record)s was not verified: it changed after you opened the queue (now "
                    "%(status)s). Open it and check it again."
                )
                % {"record": label, "status": exc.current.get_status_display().lower()}
            )
        except PermissionDenied as exc:
            outcome.refused.append(
                _("%(record)s was not verified: %(reason)s") % {"record": label, "reason": exc}
            )
        except ValidationError as exc:
            outcome.refused.append(
                _("%(record)s was not verified: %(reason)s")
                % {"record": label, "reason": " ".join(exc.messages)}
            )
        else:
            outcome.verified.append(verified)
    return outcome


@transaction.atomic
def record_reject(
    *, record: Verifiable, user: User, reason: str, expected_status: str | None = None
) -> Verifiable:
    """Refuse a submission, with the reason its owner will read."""
    current = _current_for_transition(record, user, expected_status)
    policy.require_verify(user, current)
    policy.require_state(
        current.status == Status.DIAJUKAN, _("Only a submitted record can be rejected.")
    )
    record = _transition(record, user, Status.DITOLAK, reason, expected_status)
    _write(record, _("Rejected: %(reason)s") % {"reason": reason})
    return record


@transaction.atomic
def record_return(
    *, record: Verifiable, user: User, reason: str, expected_status: str | None = None
) -> Verifiable:
    """Send a verified record back for correction (it stops counting until verified again)."""
    current = _current_for_transition(record, user, expected_status)
    policy.require_verify(user, current)
    policy.require_state(
        current.status == Status.TERVERIFIKASI,
        _("Only a verified record can be returned for correction."),
    )
    record = _transition(record, user, Status.DITOLAK, reason, expected_status)
    _write(record, _("Returned for correction: %(reason)s") % {"reason": reason})
    _verification_changed([record], [Status.TERVERIFIKASI])
    return record


@transaction.atomic
def records_import(
    *,
    records: Sequence[models.Model],
    user: User,
    reason: str,
    status: str | None = None,
    batch_size: int = 500,
) -> dict[int, ValidationError]:
    """Write many records of one model at once (an upload) by `record_save`'s rules, in a few
    queries per batch rather than a dozen per record: the policy for each record, versions that
    refuse a lost update (`StaleRecord`), the model's own checks, the history with its reason,
    the scope re-checked after the write, the page cache told.

    `status` (Verifiable records): one the user may set in a form, or verified by whoever may
    verify the record (as on its page), with the verifier and date `record_verify` leaves.
    Relations and unique constraints are left to the database (an `IntegrityError`), not
    queried per record. Returns the records refused by their checks, by position; when there
    is any, nothing is written (and the caller reports them). A record the user may not change
    refuses the whole upload (`PermissionDenied`).
    """
    if not records:
        return {}
    model = type(records[0])
    stored = model._default_manager.select_for_update().in_bulk([r.pk for r in records if r.pk])
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    auto_now = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    now = timezone.now()
    errors = {}
    previous = []
    for index, record in enumerate(records):
        current = stored.get(record.pk) if record.pk else None
        previous.append(getattr(current, "status", None))
        if not policy.may_edit(user, current or record):
            raise PermissionDenied
        if current is not None:
            _check_version(current, getattr(record, "version", None))
        if status is not None:
            _import_status(record, user, getattr(current, "status", None), status, now)
        if isinstance(record, Versioned):
            record.version = current.version + 1 if current is not None else 1
        for f in auto_now:
            f.pre_save(record, add=current is None)  # bulk_update() does not call it
        try:
            record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors[index] = exc
    if errors:
        return errors
    history = {"default_user": user, "default_change_reason": reason, "batch_size": batch_size}
    new = [r for r in records if not r.pk]
    changed = [r for r in records if r.pk]
    bulk_create_with_history(new, model, **history)
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    bulk_update_with_history(changed, model, fields, **history)
    pks = [r.pk for r in records]
    if model.objects.for_user(user, CHANGE).filter(pk__in=pks).count() != len(set(pks)):
        raise PermissionDenied
    pagecache.bump()  # bulk writes send no signals
    _verification_changed(records, previous)
    return {}


def _import_status(record: Verifiable, user: User, previous: str | None, status: str, now) -> None:
    """Verified by a verifier, as `record_verify` leaves it; any other status by `record_save`'s
    rule (one the user may set in a form)."""
    if status == Status.TERVERIFIKASI and previous != status and policy.may_verify(user, record):
        record.status = status
        if not record.pk:
            record.created_by = user
        record.verified_by, record.verified_at = user, now
        record.rejection_reason = ""
        return
    record.status = status
    _prepare_status(record, user, previous=previous)
