"""Reads of the Kampung KB pages: every figure aggregated in the database, scoped by the user.

A region's figures come from one grouped query whatever the number of Kampung KB: the Kampung
KB per child region (kab/kota of a province, province of the country) with their classes this
year and last year joined, and how many have had no profile for three months.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Substr
from django.utils import timezone

from kampungkb.models import KampungKB, Profile
from kampungkb.rules import CLASS_LABELS, CLASS_ORDER
from pokja.kernel.regions import Region
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.verification import Status

STALE_MONTHS = 3


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The first month that still counts as recent: with three months, in May that is March."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - (STALE_MONTHS - 1)
    return datetime.date(month // 12, month % 12 + 1, 1)


def recent_profile(today: datetime.date | None = None) -> Exists:
    """A submitted or verified profile of the last three months (drafts are not yet news)."""
    return Exists(
        Profile.objects.filter(kampung=OuterRef("pk"), period__gte=stale_cutoff(today)).exclude(
            status=Status.DRAF
        )
    )


def with_class(queryset, year: int):
    """Annotate Kampung KB with their class rank this year and last year (None: not computed).

    Two LEFT JOINs on the one-class-a-year key rather than two correlated subqueries: over the
    whole country PostgreSQL hashes each year's classes once instead of probing them per row.
    """
    return queryset.annotate(
        this_year=FilteredRelation("classes", condition=Q(classes__year=year)),
        last_year=FilteredRelation("classes", condition=Q(classes__year=year - 1)),
    ).annotate(rank=F("this_year__rank"), previous_rank=F("last_year__rank"))


@dataclass
class Figures:
    """The Kampung KB figures of one region (a kab/kota, a province or the country)."""

    code: str
    name: str
    villages: int = 0
    count: int = 0
    per_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASS_ORDER, 0))
    up: int = 0
    down: int = 0
    stale: int = 0

    @property
    def coverage(self) -> float | None:
        return round(100 * self.count / self.villages, 1) if self.villages else None

    @property
    def classified(self) -> int:
        return sum(self.per_class.values())

    @property
    def unclassified(self) -> int:
        return max(self.count - self.classified, 0)

    @property
    def class_counts(self) -> list[tuple[str, str, int]]:
        return [(level, CLASS_LABELS[level], self.per_class[level]) for level in CLASS_ORDER]

    def add(self, other: Figures) -> None:
        self.villages += other.villages
        self.count += other.count
        self.up += other.up
        self.down += other.down
        self.stale += other.stale
        for level in CLASS_ORDER:
            self.per_class[level] += other.per_class[level]


def village_counts(prefix_length: int) -> dict[str, int]:
    """Desa/kelurahan per region code prefix (2: province, 5: kab/kota). The village list
    changes once a year at most: cached for a day."""
    key = f"kampungkb:villages:{prefix_length}"
    counts = cache.get(key)
    if counts is None:
        rows = (
            Region.objects.filter(level__in=Region.VILLAGE_LEVELS)
            .annotate(prefix=Substr("code", 1, prefix_length))
            .values("prefix")
            .annotate(n=Count("code"))
        )
        counts = {row["prefix"]: row["n"] for row in rows}
        cache.set(key, counts, 24 * 3600)
    return counts


def _scoped_kampung(user, region: Region | None):
    queryset = KampungKB.objects.for_user(user).active()
    if region is not None:
        queryset = queryset.filter(region_scope_q("region__code", region.code))
    return queryset


def figures_by(user, region: Region | None, year: int, prefix_length: int) -> dict[str, Figures]:
    """The figures per child region, keyed by code prefix: 5 characters for kab/kota, 2 for
    provinces. Two queries: the child regions' names, then one grouped pass over the Kampung KB
    with this year's and last year's classes joined and their staleness."""
    names_filter = (
        Q(level__in=Region.KABUPATEN_KOTA_LEVELS) if prefix_length == 5 else Q(level="provinsi")
    )
    if region is not None:
        names_filter &= region_scope_q("code", region.code)
    children = Region.objects.filter(names_filter).values_list("code", "name")
    villages = village_counts(prefix_length)
    figures = {code: Figures(code, name, villages.get(code, 0)) for code, name in children}
    rows = (
        with_class(_scoped_kampung(user, region), year)
        .annotate(child=Substr("region_id", 1, prefix_length), recent=recent_profile())
        .values("child")
        .annotate(**_figure_counts())
    )
    for row in rows:
        item = figures.get(row["child"])
        if item is not None:
            item.count, item.stale, item.up, item.down = (
                row["count"],
                row["stale"],
                row["up"],
                row["down"],
            )
            item.per_class = {level: row[level] for level in CLASS_ORDER}
    return figures


def _figure_counts() -> dict:
    """The aggregates of a Figures over Kampung KB annotated by `with_class` and `recent`."""
    return {
        "count": Count("pk"),
        "stale": Count("pk", filter=Q(recent=False)),
        "up": Count("pk", filter=Q(rank__gt=F("previous_rank"))),
        "down": Count("pk", filter=Q(rank__lt=F("previous_rank"))),
        **{level: Count("pk", filter=Q(rank=i)) for i, level in enumerate(CLASS_ORDER)},
    }


def region_summary(user, region: Region, year: int) -> Figures:
    """One region's figures in one query (the region page's panel has a query budget): the
    village count rides along as an uncorrelated subquery."""
    villages = Region.objects.filter(level__in=Region.VILLAGE_LEVELS).filter(
        code__startswith=f"{region.code}."
    )
    village_count = Subquery(
        villages.order_by().values(n=Func(F("code"), function="COUNT")),
        output_field=IntegerField(),
    )
    kampung = with_class(_scoped_kampung(user, region), year).annotate(recent=recent_profile())
    stats = kampung.aggregate(villages=Max(village_count), **_figure_counts())
    # With no Kampung KB the subquery had no row to ride on: the village count stays unknown
    # (coverage "–") rather than cost the region page another query.
    return Figures(
        region.code,
        region.name,
        villages=stats["villages"] or 0,
        count=stats["count"],
        per_class={level: stats[level] for level in CLASS_ORDER},
        up=stats["up"],
        down=stats["down"],
        stale=stats["stale"],
    )


def ranking(rows: list[Figures]) -> list[Figures]:
    """Best first: the share of Kampung KB at Mandiri or Berkelanjutan, then coverage."""

    def key(item: Figures):
        upper = item.per_class["mandiri"] + item.per_class["berkelanjutan"]
        share = upper / item.classified if item.classified else 0
        return (-share, -(item.coverage or 0), item.code)

    return sorted(rows, key=key)


def totals(rows: list[Figures], code: str, name: str) -> Figures:
    total = Figures(code, name)
    for row in rows:
        total.add(row)
    return total


SORTS = {
    "nama": "name",
    "-nama": "-name",
    "desa": "region_id",
    "-desa": "-region_id",
    "kelas": "rank",
    "-kelas": "-rank",
    "pencanangan": "launched_on",
    "-pencanangan": "-launched_on",
}


def kampung_list(user, region: Region, year: int, *, level="", stale=False, query="", sort=""):
    """The Kampung KB of a region with their class this year and last year and their latest
    profile month, filtered and sorted (one query)."""
    queryset = with_class(_scoped_kampung(user, region), year)
    latest = Profile.objects.filter(kampung=OuterRef("pk")).exclude(status=Status.DRAF)
    queryset = queryset.annotate(
        last_period=Subquery(latest.order_by("-period").values("period")[:1]),
        recent=recent_profile(),
    ).select_related("region", "region__parent")
    if level in CLASS_ORDER:
        queryset = queryset.filter(rank=CLASS_ORDER.index(level))
    if stale:
        queryset = queryset.filter(recent=False)
    if query:
        queryset = queryset.filter(
            Q(name__icontains=query) | Q(region__name__icontains=query) | Q(region_id=query)
        )
    return queryset.order_by(SORTS.get(sort, "region_id"), "pk")
