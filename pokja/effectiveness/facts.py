"""The evidence the engine judges, loaded for the Pokja of one batch with one query per kind.

Only the columns the rules read are fetched (values_list, no model instances), and only for the
Pokja the engine judges again, so its memory stays bounded by the batch size whatever the number
of regions (see engine.BATCH_SIZE). A write to any of the tables read here moves the Pokja's
evidence stamp (inputs.py): a table added here must be added to stamps.EVIDENCE, or a change
to it would go unnoticed (tests/test_effectiveness_inputs.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Min, Q, Sum

from pokja.effectiveness import rules
from pokja.kernel import indicators
from pokja.models import BudgetAllocation, Decree, IndicatorDocument, WorkingGroup, WorkPlan


def load_facts(in_batch: dict, years: list[int]) -> dict[int, rules.PokjaFacts]:
    """All evidence of the Pokja that `in_batch` selects (a filter on the evidence: by Pokja id
    or by region code range), by Pokja id: one query per kind of evidence."""
    first, last = min(years), max(years)
    facts: dict[int, rules.PokjaFacts] = defaultdict(rules.PokjaFacts)

    decrees = Decree.objects.filter(**in_batch).values_list(
        "pokja_id",
        "pk",
        "number",
        "status",
        "valid_from",
        "valid_until",
        "revoked_on",
        "working_group_id",
        "set_on",
    )
    for pokja_id, *values in decrees:
        facts[pokja_id].decrees.append(rules.DecreeFact(*values))

    plans = WorkPlan.objects.filter(year__range=(first, last), **in_batch)
    for pokja_id, *values in plans.values_list(
        "pokja_id", "pk", "year", "title", "status", "working_group_id"
    ):
        facts[pokja_id].plans.append(rules.PlanFact(*values))

    # The database counts each document's indicators, those of the list apart from those
    # written in as "Other": the rule only asks "at least one of the list?".
    other = Q(indicators__indicator=indicators.OTHER)
    documents = IndicatorDocument.objects.filter(
        year_start__lte=last, year_end__gte=first, **in_batch
    ).annotate(
        indicator_count=Count("indicators", filter=~other),
        other_count=Count("indicators", filter=other),
    )
    for pokja_id, *values in documents.values_list(
        "pokja_id",
        "pk",
        "title",
        "status",
        "year_start",
        "year_end",
        "indicator_count",
        "working_group_id",
        "other_count",
    ):
        facts[pokja_id].documents.append(rules.DocumentFact(*values))

    # The database sums the lines; ordered by their first line so the cited line is stable
    # between runs.
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


def load_groups(in_batch: dict) -> dict[int, list[dict]]:
    """The active working groups of the Pokja that `in_batch` selects, by Pokja id."""
    groups = defaultdict(list)
    rows = WorkingGroup.objects.filter(is_active=True, **in_batch)
    for pokja_id, pk, name, kind in rows.values_list("pokja_id", "pk", "name", "kind"):
        groups[pokja_id].append({"pk": pk, "name": name, "kind": kind})
    return groups
