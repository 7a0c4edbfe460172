"""The one scoping mechanism of the portal.

Every model that belongs to a region gets a queryset with `.for_user(user, action)`. Every view,
form dropdown, export and API call starts from it, so a user never sees or changes what lies
outside the region they were given. Regions are keyed by their Kemendagri code, so "inside the
scope of 63" is simply "code 63 or a code that starts with 63.".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from pokja.kernel.accounts import User

VIEW = "view"
CHANGE = "change"


def region_scope_q(code_field: str, region_code: str) -> Q:
    """Match `region_code` itself and every region below it."""
    return Q(**{code_field: region_code}) | Q(**{f"{code_field}__startswith": f"{region_code}."})


class ScopedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may see (`view`) or change (`change`).

    Subclasses name the path from the model to the region's code in `region_code_field`.
    """

    region_code_field = "region__code"

    def for_user(self, user: User, action: str = VIEW) -> ScopedQuerySet:
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if action == CHANGE and not user.can_change_data:
            return self.none()
        if user.has_national_scope:
            return self.all()
        if not user.region_id:
            return self.none()
        return self.filter(region_scope_q(self.region_code_field, user.region_id))


def code_in_scope(user: User, region_code: str) -> bool:
    """The same rule as `for_user(user, VIEW)`, for a code already in hand (no query)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_national_scope:
        return True
    scope = user.region_id
    return bool(scope) and (region_code == scope or region_code.startswith(f"{scope}."))
