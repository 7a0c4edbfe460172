"""Writing targets: setting a province target, splitting it, finalising and reopening it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pokja.kernel import indicators, policy
from pokja.kernel.accounts import User
from pokja.kernel.numbers import format_number
from pokja.kernel.regions import Region
from targets.models import Indicator, ProvinceTarget, RegionTarget
from targets.services.split import SplitError, split_equal, split_proportional


def kabupaten_kota_of(province: Region) -> list[Region]:
    return list(Region.objects.kabupaten_kota().filter(parent=province).order_by("code"))


def province_own_share(indicator: Indicator, value: Decimal | None) -> Decimal:
    """What a province target keeps for the province itself: 1 of a count whose province figure
    takes in the province's own unit (the effective Pokja), 0 of any other."""
    if indicator.code in indicators.PROVINCE_COUNTS_ITSELF and value is not None and value >= 1:
        return Decimal(1)
    return Decimal(0)


@transaction.atomic
def target_set(
    *,
    province: Region,
    indicator: Indicator,
    year: int,
    value: Decimal,
    user: User,
    measured_by: str | None = None,
) -> ProvinceTarget:
    """Set the province's target; `measured_by` (None: unchanged) names the data source whose
    figures are judged against it."""
    if not policy.may_manage_province(user, province.code):
        raise PermissionDenied
    target = ProvinceTarget.objects.filter(region=province, indicator=indicator, year=year).first()
    if target and target.is_final:
        raise ValidationError(_("This target is final: reopen it before changing it."))
    target = target or ProvinceTarget(region=province, indicator=indicator, year=year)
    target.value = value
    if measured_by is not None:
        target.measured_by = measured_by
    target.updated_by = user
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def split_apply(
    *,
    target: ProvinceTarget,
    method: str,
    user: User,
    values: dict[str, Decimal] | None = None,
    bases: dict[str, Decimal] | None = None,
    base_label: str = "",
) -> list[RegionTarget]:
    """Store the kab/kota targets: typed by hand, split equally, or in proportion to bases.

    Additive indicators are split in whole units that add up to the province target; for
    rates an "equal" split gives every kab/kota the province's own target.
    """
    if not policy.may_manage_province(user, target.region.code):
        raise PermissionDenied
    if target.is_final:
        raise ValidationError(_("This target is final: reopen it before changing the split."))
    regions = kabupaten_kota_of(target.region)
    codes = [r.code for r in regions]
    try:
        shares = _shares(target, method, codes, values or {}, bases or {})
    except SplitError as exc:
        raise ValidationError(_("Every base is zero: enter a base, or split equally.")) from exc
    RegionTarget.objects.filter(province_target=target).exclude(region_id__in=codes).delete()
    existing = {s.region_id: s for s in target.shares.all()}
    saved = []
    for code in codes:
        share = existing.get(code) or RegionTarget(province_target=target, region_id=code)
        share.value = shares[code]
        share.base_value = (bases or {}).get(code)
        share.full_clean(exclude=["province_target", "region"])
        share.save()
        saved.append(share)
    target.method = method
    target.base_label = base_label
    target.updated_by = user
    target.save()
    return saved


def _shares(target, method, codes, values, bases) -> dict[str, Decimal]:
    additive = target.indicator.is_additive
    if method == ProvinceTarget.Method.PROPORTIONAL and not additive:
        # 14,00 % split in proportion would give 1,00 % here and 2,00 % there: rates don't add.
        raise ValidationError(
            _(
                "A rate is not split in proportion: give each regency/city its own target, "
                "or split equally to give every one the province's target."
            )
        )
    if method == ProvinceTarget.Method.MANUAL:
        missing = [c for c in codes if values.get(c) is None]
        if missing:
            raise ValidationError(
                _("Enter a target for every regency/city: %(codes)s is missing.")
                % {"codes": ", ".join(missing)}
            )
        if additive and any(Decimal(values[c]) % 1 for c in codes):
            raise ValidationError(_("A count is split in whole units."))
        return {c: Decimal(values[c]) for c in codes}
    if method == ProvinceTarget.Method.EQUAL and not additive:
        return {c: target.value for c in codes}
    if target.value % 1:
        raise ValidationError(_("A count target must be a whole number to be split."))
    total = int(target.value - province_own_share(target.indicator, target.value))
    if method == ProvinceTarget.Method.EQUAL:
        shares = split_equal(total, len(codes))
    else:
        shares = split_proportional(total, [bases.get(c) or 0 for c in codes])
    return {c: Decimal(s) for c, s in zip(codes, shares, strict=True)}


def split_difference(target: ProvinceTarget) -> Decimal | None:
    """Province target, less what it keeps for the province itself, minus the sum of its kab/kota
    shares (None for rates: no sum is forced)."""
    if not target.indicator.is_additive:
        return None
    own = province_own_share(target.indicator, target.value)
    return target.value - own - sum((s.value for s in target.shares.all()), Decimal(0))


@transaction.atomic
def target_finalise(*, target: ProvinceTarget, user: User) -> ProvinceTarget:
    if not policy.may_manage_province(user, target.region.code):
        raise PermissionDenied
    codes = {r.code for r in kabupaten_kota_of(target.region)}
    shared = set(target.shares.values_list("region_id", flat=True))
    if codes - shared:
        raise ValidationError(_("Split the target over every regency/city before finalising."))
    difference = split_difference(target)
    if difference:
        raise ValidationError(
            _("The regency/city targets must add up to the province target: %(diff)s off.")
            % {"diff": format_number(difference)}
        )
    target.status = ProvinceTarget.Status.FINAL
    target.updated_by = user
    target._change_reason = _("Finalised")
    target.save()
    return target


@transaction.atomic
def target_reopen(*, target: ProvinceTarget, user: User) -> ProvinceTarget:
    if not policy.may_manage_province(user, target.region.code):
        raise PermissionDenied
    target.status = ProvinceTarget.Status.DRAF
    target.updated_by = user
    target._change_reason = _("Reopened")
    target.save()
    return target
