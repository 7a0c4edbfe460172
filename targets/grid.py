"""Read side of the achievement grid: which kab/kota a user enters for one indicator and period,
what is stored already, which rows the user may still change, and the targets beside them.

Four queries whatever the province's size; the view only parses input and calls the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from targets.models import Achievement, Indicator, ProvinceTarget, RegionTarget
from targets.services import achievements as achievement_services


@dataclass
class AchievementGrid:
    indicator: Indicator
    year: int
    period: int
    regions: list[Region]
    existing: dict[str, Achievement]
    editable: list[str]  # region codes whose value this user may still enter or change
    targets: dict[str, Decimal]

    def rows(self, field_for: Callable[[str], object]) -> list[dict]:
        """One row per region: its target, stored achievement and input (if editable)."""
        return [
            {
                "region": region,
                "target": self.targets.get(region.code),
                "achievement": self.existing.get(region.code),
                "field": field_for(region.code) if region.code in self.editable else None,
            }
            for region in self.regions
        ]


def achievement_grid(
    user: User, province: Region, indicator: Indicator, year: int, period: int
) -> AchievementGrid:
    regions = grid_regions(user, province, indicator)
    codes = [r.code for r in regions]
    existing = {
        a.region_id: a
        for a in Achievement.objects.for_user(user).filter(
            region_id__in=codes, indicator=indicator, year=year, period=period
        )
    }
    editable = [
        code
        for code in codes
        if user.can_change_data and achievement_services.may_edit(user, existing.get(code))
    ]
    return AchievementGrid(
        indicator=indicator,
        year=year,
        period=period,
        regions=regions,
        existing=existing,
        editable=editable,
        targets=_targets(user, province, indicator, year),
    )


def grid_regions(user: User, province: Region, indicator: Indicator) -> list[Region]:
    """A coordinator's own kab/kota; staff every kab/kota of the province (and, for a rate, the
    province itself: its figure is its own measurement, never an average)."""
    if user.is_coordinator:
        return [user.region]
    regions = list(
        Region.objects.for_user(user).kabupaten_kota().filter(parent=province).order_by("code")
    )
    if not indicator.is_additive:
        regions.insert(0, province)
    return regions


def _targets(user: User, province: Region, indicator: Indicator, year: int) -> dict:
    """The kab/kota shares and the province's own target, for reference next to the inputs."""
    targets = {
        s.region_id: s.value
        for s in RegionTarget.objects.for_user(user).filter(
            province_target__region=province,
            province_target__indicator=indicator,
            province_target__year=year,
        )
    }
    if not user.is_coordinator:
        province_target = ProvinceTarget.objects.filter(
            region=province, indicator=indicator, year=year
        ).first()
        if province_target:
            targets[province.code] = province_target.value
    return targets
