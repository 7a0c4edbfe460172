"""Read-side queries of the core app. Each starts from a scoped queryset."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from pokja.models import (
    AdvocacyActivity,
    BudgetAllocation,
    Decree,
    GdpkDocument,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    User,
    WorkingGroup,
    WorkPlan,
)


def region_for_user(user: User, code: str) -> Region:
    """The region with this code if the user may see it; 404 otherwise (never a 403)."""
    return get_object_or_404(Region.objects.for_user(user).select_related("parent"), code=code)


def visible_children(user: User, region: Region) -> QuerySet[Region]:
    return (
        Region.objects.for_user(user).filter(parent=region).annotate(child_count=Count("children"))
    )


@dataclass(frozen=True)
class WorkingGroupTeam:
    """One working group of a region's Pokja as another app shows it: the group, its latest SK
    (by the date it was set) and its members."""

    group: WorkingGroup
    decree: Decree | None
    members: list[Member]


def working_group_team(user: User, region: Region, kind: str) -> WorkingGroupTeam | None:
    """The region's Pokja working group of this kind (a `WorkingGroup.Kind` value), for the apps
    above the core: they read Pokja's groups, SKs and members here, never from its models (an
    import contract keeps it so). None when the region has no such group or the user may not see
    it. Three queries at most."""
    if kind not in WorkingGroup.Kind.values:
        raise ValueError(f"unknown working group kind: {kind!r}")
    group = WorkingGroup.objects.for_user(user).filter(pokja__region=region, kind=kind).first()
    if group is None:
        return None
    return WorkingGroupTeam(
        group=group,
        decree=Decree.objects.filter(working_group=group).order_by("-set_on").first(),
        members=list(Member.objects.filter(working_group=group)),
    )


def working_group_since(kind: str, region_codes: list[str] | None = None) -> dict[str, date | None]:
    """The regions whose Pokja has an active working group of this kind, with the date the
    group was formed (None when unknown): for a rule that applies only where such a team exists
    (a TPPS owes its semester reports). Not scoped: the nightly jobs read every region. One
    query."""
    if kind not in WorkingGroup.Kind.values:
        raise ValueError(f"unknown working group kind: {kind!r}")
    groups = WorkingGroup.objects.filter(kind=kind, is_active=True, pokja__is_active=True)
    if region_codes is not None:
        groups = groups.filter(pokja__region_id__in=region_codes)
    since: dict[str, date | None] = {}
    for code, formed_on in groups.values_list("pokja__region_id", "formed_on"):
        # The earliest of a region's groups of this kind; an unknown date means "from the start".
        if code in since and (since[code] is None or formed_on is None):
            since[code] = None
        else:
            since[code] = min(filter(None, [since.get(code), formed_on]), default=None)
    return since


def pokja_page(user: User, region: Region) -> dict:
    """Everything the Pokja page shows, one query per section whatever the number of rows."""
    pokja = Pokja.objects.for_user(user).filter(region=region).first()
    if pokja is None:
        return {"pokja": None}
    members = list(pokja.members.select_related("working_group"))
    working_groups = list(pokja.working_groups.annotate(member_count=Count("members")))
    return {
        "pokja": pokja,
        "working_groups": working_groups,
        "members": members,
        "element_counts": _element_counts(members),
        "decrees": list(Decree.objects.filter(pokja=pokja).select_related("working_group")),
        "work_plans": list(
            WorkPlan.objects.filter(pokja=pokja)
            .select_related("working_group")
            .annotate(activity_count=Count("activities"))
        ),
        "indicator_documents": list(
            IndicatorDocument.objects.filter(pokja=pokja)
            .select_related("working_group")
            .annotate(indicator_count=Count("indicators"))
        ),
        "budgets": list(
            BudgetAllocation.objects.filter(pokja=pokja).select_related("working_group")
        ),
        "gdpk_documents": list(GdpkDocument.objects.filter(region=region)),
        "advocacy_group": next(
            (g for g in working_groups if g.kind == WorkingGroup.Kind.ADVOKASI), None
        ),
        "advocacy_activities": list(
            AdvocacyActivity.objects.filter(working_group__pokja=pokja).order_by("-held_on")[:50]
        ),
    }


def _element_counts(members: list[Member]) -> dict:
    """Members per element (government or not) and per category: is the Pokja cross-sector?"""
    by_element = Counter(m.element for m in members)
    by_category = Counter(m.get_category_display() for m in members)
    return {
        "government": by_element[Member.Element.PEMERINTAH],
        "non_government": by_element[Member.Element.NON_PEMERINTAH],
        "categories": sorted(by_category.items()),
        "is_cross_sector": all(by_element.values()) and len(by_element) == 2,
    }
