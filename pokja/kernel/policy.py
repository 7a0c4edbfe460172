"""Who may do what: the one place where the portal's role rules are written.

Views, forms, templates (through the `may` tag) and services ask these functions; none of them
re-states a role rule. The rules of an app's own pages live in that app's `policy` module, built
on these; an app adds the actions a template may ask about with `add_action` in
its `ready()`, so this module names no app. Scope (which regions a user reaches) is `scoping`'s
job: a policy function that takes an object assumes it was read through `for_user`, and the
services re-check the scope inside their transaction.

The roles:
- Admin: everything, everywhere; manages accounts in Django admin.
- Staf Provinsi: enters and verifies the data of its province and the kab/kota in it; sets the
  province's targets and recomputes its effectiveness.
- Koordinator: its own kab/kota; enters its data up to "Diajukan", never changes verified data.
- Pusat: reads everything, changes nothing.
- Village operator (Operator Kampung KB): its own desa/kelurahan; enters the records a village's
  operator enters up to "Diajukan", nothing else.

Village records (a model with `entered_by_village_operator = True`, e.g. the Kampung KB profile)
are verified closer to the village: the kab/kota coordinator verifies, rejects or returns them
within its kab/kota, as provincial staff do within the province.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pokja.kernel.scoping import code_in_scope
from pokja.kernel.verification import Status, Verifiable

if TYPE_CHECKING:
    from django.db import models

    from pokja.kernel.accounts import User

# Statuses a record may be submitted from (again).
SUBMITTABLE = (Status.DRAF, Status.DITOLAK)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _is_admin(user: User) -> bool:
    return _active(user) and user.role == user.Role.ADMIN


def is_village_record(record) -> bool:
    """Entered by a village operator and verified by the kab/kota coordinator (see above)."""
    return bool(getattr(record, "entered_by_village_operator", False))


def region_code_of(obj: models.Model) -> str:
    """The Kemendagri code of the region an object belongs to, following its queryset's path."""
    path = type(obj).objects.all().region_code_field.split("__")
    value = obj
    for step in path[:-1]:
        value = getattr(value, step)
    return getattr(value, path[-1])


# --- Regions -------------------------------------------------------------------------------


def may_view_region(user: User, code: str) -> bool:
    return code_in_scope(user, code)


def may_change_region(user: User, code: str) -> bool:
    """Enter data for this region (the services still re-check the scope on save)."""
    return _active(user) and user.can_change_data and code_in_scope(user, code)


def may_manage_province(user: User, province_code: str) -> bool:
    """Targets, the split, the recompute button: the province's own staff, and admins."""
    if _is_admin(user):
        return True
    return _active(user) and user.is_provincial_staff and user.region_id == province_code


def may_read_run_log(user: User) -> bool:
    """The effectiveness runs' log (page and API): admins, and provincial staff (the runs that
    covered their province); the selector narrows the rows."""
    return _is_admin(user) or (_active(user) and user.is_provincial_staff)


# --- Records -------------------------------------------------------------------------------


def may_verify(user: User, record: models.Model | None = None) -> bool:
    """Verify, reject or return submissions: provincial staff and admins, within their scope;
    a coordinator only the village records of its kab/kota. Without a record: whether the
    user verifies the province's records (Pokja evidence, achievements)."""
    if not (_active(user) and user.can_change_data) or user.is_village_operator:
        return False
    if user.is_coordinator:
        return (
            record is not None
            and is_village_record(record)
            and may_change_region(user, region_code_of(record))
        )
    return record is None or may_change_region(user, region_code_of(record))


def queue_shows_kind(user: User, model: type[models.Model]) -> bool:
    """Whether the verification queue lists this kind of record for the user. A coordinator's
    queue holds only what it verifies (village records): its own kab/kota's submissions wait
    for the province. Other roles see every kind in their scope (readers read it)."""
    return not user.is_coordinator or is_village_record(model)


def may_edit(user: User, record: models.Model) -> bool:
    """Change or delete this record. A coordinator never touches a verified record."""
    if not (_active(user) and user.can_change_data):
        return False
    if user.is_village_operator and not is_village_record(record):
        return False
    if (record.pk or user.is_village_operator) and not may_change_region(
        user, region_code_of(record)
    ):
        return False
    if isinstance(record, Verifiable) and (user.is_coordinator or user.is_village_operator):
        return record.status != Status.TERVERIFIKASI
    return True


# --- Refusals ------------------------------------------------------------------------------
# One rule for "you may see it but may not change it", on the web and the API alike: outside
# the scope is 404 (the caller read the object through `for_user`); in scope but refused by
# role or by the record's state is 403 with the reason below; invalid input is 400; a stale
# version or a status that moved meanwhile is 409.


def edit_refusal(user: User, record: models.Model) -> str:
    """Why `may_edit` refuses, in the user's language."""
    if not (_active(user) and user.can_change_data):
        return _("Your account may read this data but not change it.")
    if isinstance(record, Verifiable) and record.status == Status.TERVERIFIKASI:
        return _("A verified record can no longer be changed by a coordinator.")
    return _("You may not change this record.")


def require_change_region(user: User, code: str) -> None:
    """Adding a record under a parent the user sees (e.g. a national reader adding an SK)."""
    if not may_change_region(user, code):
        if not (_active(user) and user.can_change_data):
            raise PermissionDenied(_("Your account may read this data but not change it."))
        raise PermissionDenied(_("You may not change this record."))


def require_edit(user: User, record: models.Model) -> None:
    """PermissionDenied (403) with the reason unless the user may change this record."""
    if not may_edit(user, record):
        raise PermissionDenied(edit_refusal(user, record))


def require_verify(user: User, record: models.Model) -> None:
    if not may_verify(user, record):
        raise PermissionDenied(_("You may not verify, reject or return this record."))


def require_state(allowed: bool, message: str) -> None:
    """A transition the record's state does not allow (e.g. verifying a verified record)."""
    if not allowed:
        raise PermissionDenied(message)


def may_submit(user: User, record: Verifiable) -> bool:
    return record.status in SUBMITTABLE and may_edit(user, record)


def statuses_user_may_set(user: User) -> list[str]:
    """The statuses a user may choose in a form, the usual one last (used as the default).

    "Ditolak" is never chosen in a form: it is the verifier's answer, given with a reason. So a
    coordinator who corrects a rejected record submits it again by saving it.
    """
    if not (_active(user) and user.can_change_data):
        return []
    if user.is_coordinator or user.is_village_operator:
        return [Status.DRAF, Status.DIAJUKAN]
    return [Status.DRAF, Status.DIAJUKAN, Status.TERVERIFIKASI]


def status_after_save(user: User, *, submit: bool) -> str:
    """The status a record is left in when it is saved without a status choice (a grid of
    figures): verified for whoever may set "Terverifikasi" (their own entry needs no second
    look), otherwise submitted when the user submits it, else a draft."""
    allowed = statuses_user_may_set(user)
    if Status.TERVERIFIKASI in allowed:
        return Status.TERVERIFIKASI
    return Status.DIAJUKAN if submit and Status.DIAJUKAN in allowed else Status.DRAF


def may_use_verification_queue(user: User) -> bool:
    """Verifiers, and coordinators (for their villages' submissions)."""
    return may_verify(user) or (_active(user) and user.is_coordinator)


def region_levels_for_role(role: str) -> tuple[str, ...]:
    """The level of region an account of this role is scoped to (none for national roles)."""
    from pokja.kernel.accounts import User
    from pokja.kernel.regions import Region

    return {
        User.Role.STAF_PROVINSI: (Region.Level.PROVINSI,),
        User.Role.KOORDINATOR: Region.KABUPATEN_KOTA_LEVELS,
    }.get(role, ())


def may_read_evidence_lists(user: User) -> bool:
    """The cross-region lists of the Pokja's evidence (the "Daftar" menu: SK, work plans,
    budgets…): every role but the village operator, whose one village holds no Pokja record
    (its work is the Kampung KB's profile and activities)."""
    return _active(user) and not user.is_village_operator


def home_leads_with_due_items(user: User) -> bool:
    """Whether the user's home (their region's page) starts with what needs their action: the
    village operator's, whose month is a profile and its activities. Other roles' homes are
    dashboards, with "Perlu tindakan" in the navbar."""
    return _active(user) and user.is_village_operator


def reminded_roles() -> tuple[str, ...]:
    """The roles that enter and verify data: "Perlu tindakan" computes items for them, never for
    admins or national readers (who would get every item of the country)."""
    from pokja.kernel.accounts import User

    return (User.Role.KOORDINATOR, User.Role.STAF_PROVINSI, User.Role.OPERATOR_KAMPUNG_KB)


def may_have_due_items(user: User) -> bool:
    """Whether "Perlu tindakan" (its navbar link, its page) means anything to the user."""
    return _active(user) and user.role in reminded_roles()


def may_administer_accounts(user: User) -> bool:
    """Django admin: accounts and reference data, for the Admin role only."""
    return _is_admin(user)


# The actions a template may ask about with `{% may "action" obj as flag %}`.
ACTIONS = {
    "edit": may_edit,
    "delete": may_edit,
    "submit": may_submit,
    "verify": may_verify,
    "manage_province": lambda user, region: may_manage_province(user, region.province_code),
    "change_region": lambda user, region: may_change_region(user, region.code),
    "use_queue": lambda user, _obj=None: may_use_verification_queue(user),
}


def add_action(name: str, rule: Callable) -> None:
    """Let templates ask `{% may "name" obj as flag %}`: `rule(user, obj) -> bool`, a rule of
    the app's own policy module, registered in the app's `ready()`."""
    ACTIONS[name] = rule


def allows(user: User, action: str, obj=None) -> bool:
    return ACTIONS[action](user, obj)
