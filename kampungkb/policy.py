"""Who may do what with Kampung KB: the app's own rules, built on the kernel's
(pokja/kernel/policy.py). Templates ask `{% may "manage_village_programs" region %}`: the action
is registered in KampungKBConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pokja.kernel.policy import may_change_region

if TYPE_CHECKING:
    from pokja.kernel.accounts import User


def may_manage_village_programs(user: User, kabupaten_kota_code: str) -> bool:
    """Register, change or close a kab/kota's Kampung KB, import them from Excel and recompute
    their classes: its coordinator, the province's staff, admins (a village operator only
    enters figures)."""
    if not (user.is_authenticated and user.is_active and user.can_change_data):
        return False
    if user.is_village_operator:
        return False
    return may_change_region(user, kabupaten_kota_code)


def may_work_offline(user: User) -> bool:
    """Keep the forms on the device and fill them without a connection: the village operator,
    whose own Kampung KB is all the device would hold."""
    return bool(user.is_authenticated and user.is_village_operator and user.can_change_data)
