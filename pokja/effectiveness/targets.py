"""Setting a province's yearly target of effective kab/kota: a write like every other."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pokja.kernel import policy
from pokja.models import EffectiveTarget, Region, User


@transaction.atomic
def effective_target_set(
    *, region: Region, year: int, target_count: int, user: User
) -> EffectiveTarget:
    if not (region.is_province and policy.may_manage_province(user, region.code)):
        raise PermissionDenied
    target = EffectiveTarget.objects.select_for_update().filter(
        region=region, year=year
    ).first() or EffectiveTarget(region=region, year=year)
    target.target_count = target_count
    target.full_clean()
    target._change_reason = _("Target set")
    target.save()
    return target
