"""Demo targets and achievements for Kalimantan Selatan (63) and Sulawesi Selatan (73).

Two Rakerda years: last year's targets are split and final, with verified achievements that
include regions under and over target; this year's targets are final except one indicator whose
split is still a draft, with the counts achieved so far.

Stunting has targets only, measured by SSGI, never typed achievements: its achievement is the
stunting app's verified survey figure of the target's source, with its publication. A published
province target keeps its value (Kalimantan Selatan 18.1 % in 2023 and 14 % in 2024, Sulawesi
Selatan 23.9 % in 2025); the others are generated from the SSGI 2022 figures (Kalsel 24.6 %,
Sulsel 27.2 %) and their "base used" says "Ilustrasi".

Every row is marked `is_demo`; a rerun deletes the demo rows of the two provinces and writes them
again, and never touches rows someone entered. The figures are fixed (derived from the region
codes, not from a random generator), so every run gives the same demo.
"""

from __future__ import annotations

import zlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pokja.kernel.indicators import seed_catalogue
from pokja.kernel.regions import Region
from pokja.kernel.registry import registry
from pokja.kernel.scoping import region_scope_q
from pokja.services.regions import load_regions
from targets.models import (
    Achievement,
    DataSource,
    Indicator,
    NationalTarget,
    ProvinceTarget,
    RegionTarget,
)
from targets.services.split import split_proportional

PROVINCES = ("63", "73")
DRAFT_THIS_YEAR = "peserta-kb-baru"
STUNTING_2022 = {"63": Decimal("24.6"), "73": Decimal("27.2")}  # SSGI 2022
STUNTING_YEARLY_DROP = Decimal("2.4")
STUNTING_FLOOR = Decimal("14.0")  # the national target (Perpres 72/2021)
STUNTING_PUBLISHED_TARGETS = {
    ("63", 2023): Decimal("18.1"),
    ("63", 2024): Decimal("14.0"),
    ("73", 2025): Decimal("23.9"),
}
ILLUSTRATIVE = "Ilustrasi: target contoh untuk demo"

# Province targets last year and this year. Counts are split over the kab/kota; rates give each
# kab/kota its own target around the province's. Stunting follows STUNTING_2022.
PROVINCE_TARGETS = {
    "peserta-kb-baru": {"63": (78_000, 80_000), "73": (190_000, 195_000)},
    "peserta-kb-aktif": {"63": (520_000, 530_000), "73": (1_150_000, 1_170_000)},
    "jumlah-kampung-kb": {"63": (310, 330), "73": (720, 760)},
    "mcpr": {"63": ("62.0", "62.8"), "73": ("50.5", "51.5")},
    "unmet-need": {"63": ("8.5", "8.0"), "73": ("13.0", "12.5")},
}
# How far a kab/kota's own rate target may lie from the province's, either way.
RATE_SPREAD = {"mcpr": Decimal(5), "unmet-need": Decimal(2), "stunting": Decimal(3)}
# Achievement as a share of target (for lower-is-better: target / achievement). Below 0.9 is
# "belum", 0.9-1 "hampir", from 1 "tercapai"; every province gets some of each.
PERFORMANCE = [
    Decimal("0.78"),
    Decimal("0.93"),
    Decimal("1.04"),
    Decimal("1.12"),
    Decimal("0.86"),
    Decimal("1.00"),
    Decimal("1.20"),
    Decimal("0.97"),
]
CENT = Decimal("0.01")
# A demo target of a computed count: this much above what was counted the year before.
COUNT_GROWTH = Decimal("1.05")


def seed_demo_targets() -> dict[str, int]:
    """Write the demo targets and achievements of 63 and 73; return how many rows of each."""
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is never seeded with production settings.")
    if not Region.objects.kabupaten_kota().filter(parent_id__in=PROVINCES).exists():
        load_regions()
    codes = [*PROVINCE_TARGETS, "stunting"]
    if Indicator.objects.filter(code__in=codes).count() < len(codes):
        seed_catalogue(Indicator, NationalTarget)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    this_year = timezone.localdate().year
    years = (this_year - 1, this_year)

    with transaction.atomic():
        in_provinces = _in_provinces("region__code")
        ProvinceTarget.objects.filter(is_demo=True, region_id__in=PROVINCES).delete()
        Achievement.objects.filter(is_demo=True).filter(in_provinces).delete()
        # Rows someone entered for real stay, and the demo leaves their slots alone.
        taken_targets = set(
            ProvinceTarget.objects.filter(region_id__in=PROVINCES, year__in=years).values_list(
                "region_id", "indicator_id", "year"
            )
        )
        taken_achievements = set(
            Achievement.objects.filter(in_provinces).values_list(
                "region_id", "indicator_id", "year", "period"
            )
        )

        targets, shares, achievements = [], [], []
        for province in Region.objects.filter(code__in=PROVINCES).order_by("code"):
            regions = list(Region.objects.kabupaten_kota().filter(parent=province).order_by("code"))
            for indicator in indicators.values():
                for year in years:
                    if (province.code, indicator.pk, year) in taken_targets:
                        continue
                    target, region_values = _target(province, regions, indicator, year)
                    targets.append(target)
                    shares += [
                        RegionTarget(province_target=target, region_id=r, value=v)
                        for r, v in region_values.items()
                    ]
                    achievements += _achievements(
                        province, indicator, year, target.value, region_values, this_year
                    )

        reason = "Demo"
        bulk_create_with_history(targets, ProvinceTarget, default_change_reason=reason)
        for share in shares:
            share.province_target_id = share.province_target.pk
        bulk_create_with_history(
            shares, RegionTarget, batch_size=1000, default_change_reason=reason
        )
        achievements = [
            a
            for a in achievements
            if (a.region_id, a.indicator_id, a.year, a.period) not in taken_achievements
        ]
        bulk_create_with_history(
            achievements, Achievement, batch_size=1000, default_change_reason=reason
        )
    return {
        "province_targets": len(targets),
        "region_targets": len(shares),
        "achievements": len(achievements),
    }


def _in_provinces(field: str) -> Q:
    q = Q()
    for code in PROVINCES:
        q |= region_scope_q(field, code)
    return q


def _target(province, regions, indicator, year) -> tuple[ProvinceTarget, dict[str, Decimal]]:
    this_year = timezone.localdate().year
    value = _province_value(province.code, indicator.code, year, this_year)
    counted = _counted_last_year(indicator, regions, year)
    if counted:
        # A computed count (Kampung KB): the target lies a little above what the demo's own
        # records counted the year before, split in proportion to it, so no kab/kota reads
        # 700 % of a target set without looking at its villages.
        value = Decimal(round(sum(counted.values()) * COUNT_GROWTH))
    if indicator.is_additive:
        bases = [counted.get(r.code, 0) if counted else _weight(r.code) for r in regions]
        split = split_proportional(int(value), bases)
        region_values = {r.code: Decimal(s) for r, s in zip(regions, split, strict=True)}
    else:
        spread = RATE_SPREAD[indicator.code]
        region_values = {
            r.code: max(Decimal(0), value + _offset(r.code, spread)).quantize(CENT) for r in regions
        }
    draft = year == this_year and indicator.code == DRAFT_THIS_YEAR
    base_label = "Capaian tahun sebelumnya (demo)" if indicator.is_additive else ""
    stunting = indicator.code == "stunting"
    if stunting and (province.code, year) not in STUNTING_PUBLISHED_TARGETS:
        base_label = ILLUSTRATIVE
    target = ProvinceTarget(
        region=province,
        indicator=indicator,
        year=year,
        value=value,
        status=ProvinceTarget.Status.DRAF if draft else ProvinceTarget.Status.FINAL,
        method=(
            ProvinceTarget.Method.PROPORTIONAL
            if indicator.is_additive
            else ProvinceTarget.Method.MANUAL
        ),
        base_label=base_label,
        measured_by=DataSource.SSGI if stunting else DataSource.UNSTATED,
        is_demo=True,
        is_illustrative=(province.code, year) not in STUNTING_PUBLISHED_TARGETS or not stunting,
    )
    return target, region_values


def _counted_last_year(indicator, regions, year: int) -> dict[str, Decimal]:
    """What the portal counts for a computed additive indicator (the number of Kampung KB) in
    each kab/kota the year before the target's (else in its year); empty for every other
    indicator, or when nothing is counted."""
    if not indicator.is_additive or indicator.code not in registry.achievement_sources:
        return {}
    codes = [r.code for r in regions]
    counted = registry.computed_achievements(indicator.code, codes, [year - 1, year])
    for counted_year in (year - 1, year):  # the year before, else (all launched since) the year
        values = {code: v for (code, y), v in counted.items() if y == counted_year and v}
        if values:
            return values
    return {}


def _province_value(province_code: str, indicator_code: str, year: int, this_year: int) -> Decimal:
    if (province_code, year) in STUNTING_PUBLISHED_TARGETS and indicator_code == "stunting":
        return STUNTING_PUBLISHED_TARGETS[(province_code, year)].quantize(CENT)
    if indicator_code == "stunting":
        drop = STUNTING_YEARLY_DROP * (year - 2022)
        return max(STUNTING_FLOOR, STUNTING_2022[province_code] - drop).quantize(CENT)
    last, current = PROVINCE_TARGETS[indicator_code][province_code]
    return Decimal(str(current if year == this_year else last)).quantize(CENT)


def _achievements(province, indicator, year, province_target, region_values, this_year):
    """Last year: the yearly figure of every kab/kota (and the province's own, for rates).
    This year: the counts achieved up to last month; rates are only measured once a year."""
    rows = []
    if indicator.code in registry.achievement_sources:
        return rows  # computed from the app's own verified figures, with their source
    if year == this_year:
        month = timezone.localdate().month - 1
        if not indicator.is_additive or month < 1:
            return rows
        for code, target in region_values.items():
            actual = target * _performance(code, indicator.code) * month / 12
            rows.append(_achievement(code, indicator, year, month, actual.to_integral_value()))
        return rows
    for code, target in region_values.items():
        rows.append(_achievement(code, indicator, year, 0, _actual(code, indicator, target)))
    if not indicator.is_additive:
        rows.append(
            _achievement(
                province.code,
                indicator,
                year,
                0,
                _actual(province.code, indicator, province_target),
            )
        )
    return rows


def _actual(code: str, indicator: Indicator, target: Decimal) -> Decimal:
    factor = _performance(code, indicator.code)
    if indicator.direction == Indicator.Direction.LOWER:
        actual = target / factor
    else:
        actual = target * factor
    if indicator.is_additive:
        return actual.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return actual.quantize(CENT, rounding=ROUND_HALF_UP)


def _achievement(region_code, indicator, year, period, value) -> Achievement:
    return Achievement(
        region_id=region_code,
        indicator=indicator,
        year=year,
        period=period,
        value=Decimal(value).quantize(CENT),
        status=Achievement.Status.TERVERIFIKASI,
        is_demo=True,
    )


def _hash(text: str) -> int:
    return zlib.crc32(text.encode())


def _weight(code: str) -> int:
    """A kab/kota's fixed share weight, 50-199: bigger and smaller regions alike."""
    return 50 + _hash(code) % 150


def _offset(code: str, spread: Decimal) -> Decimal:
    step = Decimal(_hash(f"offset-{code}") % 201 - 100) / 100  # -1.00 .. 1.00
    return (spread * step).quantize(Decimal("0.1"))


def _performance(code: str, indicator_code: str) -> Decimal:
    return PERFORMANCE[_hash(f"{code}-{indicator_code}") % len(PERFORMANCE)]
