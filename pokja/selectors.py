"""Read-side queries of the core app. Each starts from a scoped queryset."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import models
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from pokja.models import (
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    User,
    WorkPlan,
)
from pokja.numbers import format_number
from pokja.templatetags.portal import rupiah


def region_for_user(user: User, code: str) -> Region:
    """The region with this code if the user may see it; 404 otherwise (never a 403)."""
    return get_object_or_404(Region.objects.for_user(user).select_related("parent"), code=code)


def visible_children(user: User, region: Region) -> QuerySet[Region]:
    return (
        Region.objects.for_user(user).filter(parent=region).annotate(child_count=Count("children"))
    )


def pokja_page(user: User, region: Region) -> dict:
    """Everything the Pokja page shows, one query per section whatever the number of rows."""
    pokja = Pokja.objects.for_user(user).filter(region=region).first()
    if pokja is None:
        return {"pokja": None}
    members = list(pokja.members.select_related("working_group"))
    return {
        "pokja": pokja,
        "working_groups": list(pokja.working_groups.annotate(member_count=Count("members"))),
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


def field_rows(record, names) -> list[tuple[str, object]]:
    """(label, value) pairs for a detail page: choice labels, Rupiah amounts, related names."""
    rows = []
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if field.choices:
            value = getattr(record, f"get_{name}_display")()
        rows.append((field.verbose_name, value, field.get_internal_type()))
    return rows


def history_rows(record) -> list[dict]:
    """The record's history, newest first, each entry with its field-by-field changes.

    Related records (a working group, the verifying user) are shown by name, fetched with one
    query per kind of relation rather than one per change.
    """
    entries = list(record.history.select_related("history_user").order_by("history_date", "pk"))
    rows, related_ids = [], defaultdict(set)
    previous = None
    for entry in entries:
        changes = []
        if previous is not None:
            delta = entry.diff_against(previous, excluded_fields=["updated_at"])
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                changes.append({"field": field, "old": change.old, "new": change.new})
                if field.is_relation:
                    related_ids[field].update(v for v in (change.old, change.new) if v)
        rows.append({"entry": entry, "changes": changes})
        previous = entry
    names = {
        field: {pk: str(obj) for pk, obj in field.related_model._base_manager.in_bulk(ids).items()}
        for field, ids in related_ids.items()
    }
    for row in rows:
        row["changes"] = [
            {
                "field": c["field"].verbose_name,
                "old": _display(c["field"], c["old"], names),
                "new": _display(c["field"], c["new"], names),
            }
            for c in row["changes"]
        ]
    rows.reverse()
    return rows


def _display(field, value, names):
    if value in (None, ""):
        return "–"
    if field.is_relation:
        return names.get(field, {}).get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DecimalField):  # Rupiah are whole; other figures keep decimals
        return rupiah(value) if field.decimal_places == 0 else format_number(value)
    return value
