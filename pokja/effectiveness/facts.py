"""The evidence the engine judges, loaded for one batch of regions with one query per kind.

Only the columns the rules read are fetched (values_list, no model instances), and only for the
regions of the batch, so the engine's memory stays bounded by the batch size whatever the number
of regions (see engine.BATCH_SIZE).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Min, Sum

from pokja.effectiveness import rules
from pokja.models import BudgetAllocation, Decree, IndicatorDocument, WorkingGroup, WorkPlan


def load_facts(codes: dict, years: list[int]) -> dict[int, rules.PokjaFacts]:
    """All evidence of the Pokja of regions in a code range ({"gte": first, "lte": last}), by
    Pokja id: one query per kind of evidence."""
    first, last = min(years), max(years)
    facts: dict[int, rules.PokjaFacts] = defaultdict(rules.PokjaFacts)
    in_batch = _in_range(codes)

    decrees = Decree.objects.filter(**in_batch).values_list(
        "pokja_id",
        "pk",
        "number",
        "status",
        "valid_from",
        "valid_until",
        "revoked_on",
        "working_group_id",
    )
    for pokja_id, *values in decrees:
        facts[pokja_id].decrees.append(rules.DecreeFact(*values))

    plans = WorkPlan.objects.filter(year__range=(first, last), **in_batch)
    for pokja_id, *values in plans.values_list(
        "pokja_id", "pk", "year", "title", "status", "working_group_id"
    ):
        facts[pokja_id].plans.append(rules.PlanFact(*values))

    # The database counts each document's indicators: the rule only asks "at least one?".
    documents = IndicatorDocument.objects.filter(
        year_start__lte=last, year_end__gte=first, **in_batch
    ).annotate(indicator_count=Count("indicators"))
    for pokja_id, *values in documents.values_list(
        "pokja_id",
        "pk",
        "title",
        "status",
        "year_start",
        "year_end",
        "indicator_count",
        "working_group_id",
    ):
        facts[pokja_id].documents.append(rules.DocumentFact(*values))

    # The database sums the lines; ordered by their first line so the cited line is stable
    # between runs (an unchanged region must give an unchanged row, see engine._fingerprint).
    budgets = (
        BudgetAllocation.objects.filter(is_operational=True, year__range=(first, last), **in_batch)
        .values_list("pokja_id", "working_group_id", "year", "status")
        .annotate(total=Sum("amount"), first_pk=Min("pk"))
        .order_by("first_pk")
    )
    for pokja_id, group_id, year, status, total, first_pk in budgets:
        facts[pokja_id].budgets.append(
            rules.BudgetFact(
                year=year, status=status, total=total, pk=first_pk, working_group_id=group_id
            )
        )
    return facts


def load_groups(codes: dict) -> dict[int, list[dict]]:
    """The active working groups of the Pokja of regions in a code range, by Pokja id."""
    groups = defaultdict(list)
    rows = WorkingGroup.objects.filter(is_active=True, **_in_range(codes))
    for pokja_id, pk, name, kind in rows.values_list("pokja_id", "pk", "name", "kind"):
        groups[pokja_id].append({"pk": pk, "name": name, "kind": kind})
    return groups


def _in_range(codes: dict) -> dict:
    return {f"pokja__region_id__{bound}": code for bound, code in codes.items()}
