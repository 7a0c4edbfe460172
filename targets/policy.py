"""Who may read and enter the province's targets and achievements: the targets app's own rules,
built on the kernel's (pokja/kernel/policy.py).

A coordinator reads its province's targets (the figure per indicator, on the achievement page
and through the API) with its own kab/kota's share only: it needs the province's figure to
see what its share contributes to, and its scope is its own kab/kota. The pages that set the
province's targets beside every kab/kota's share (the targets, their split, the Rakerda page)
are therefore read only by those whose scope holds the whole province: its staff, admins and
national readers; for a coordinator they are a 404, as anything outside its scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pokja.kernel.scoping import code_in_scope

if TYPE_CHECKING:
    from pokja.kernel.accounts import User


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_read_province_targets(user: User, province_code: str) -> bool:
    """The province's targets, each with the shares the reader may see (the achievement page,
    the API): whoever's scope holds the province, and the coordinators of its kab/kota."""
    if not _active(user):
        return False
    if user.is_coordinator:
        return achievement_province_code(user) == province_code
    return code_in_scope(user, province_code)


def may_read_every_share(user: User, province_code: str) -> bool:
    """The targets, split and Rakerda pages, which show every kab/kota's share side by side:
    not a coordinator (see above)."""
    return (
        _active(user) and not user.is_coordinator and may_read_province_targets(user, province_code)
    )


def managed_province_code(user: User) -> str | None:
    """The province whose targets and Rakerda this user runs: a provincial staff member's own."""
    if _active(user) and user.is_provincial_staff:
        return user.region_id
    return None


def achievement_province_code(user: User) -> str | None:
    """Where a coordinator enters its kab/kota's achievements: the province it lies in."""
    if _active(user) and user.is_coordinator and user.region_id:
        return user.region.province_code
    return None
