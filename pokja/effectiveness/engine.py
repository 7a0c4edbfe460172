"""Recomputing effectiveness for many regions at once, in a fixed number of queries.

The engine loads every fact it needs with one query per kind of evidence, judges each region in
memory (pokja/effectiveness/rules.py), and writes all assessments with one upsert. A lock held by
the live process (locks.py) makes sure two overlapping runs never both write, and one region's
odd data is logged in the run instead of aborting the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Min, Sum
from django.utils import timezone

from pokja.effectiveness import rules
from pokja.effectiveness.locks import EngineLock
from pokja.effectiveness.runs import fail_abandoned_runs
from pokja.kernel.scoping import region_scope_q
from pokja.models import (
    Assessment,
    AssessmentChange,
    AssessmentRun,
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Region,
    WorkingGroup,
    WorkPlan,
)

logger = logging.getLogger(__name__)

LOCK_NAME = "effectiveness"
JUDGED_LEVELS = (Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS)


class EngineBusy(Exception):
    """Another run holds the lock."""


# --- The lock -------------------------------------------------------------------------------
# Held by the live process only (locks.py): a killed worker frees it at once.

_held: dict[str, EngineLock] = {}


def acquire_lock(holder: str) -> bool:
    lock = EngineLock(LOCK_NAME)
    if not lock.acquire():
        return False
    _held[holder] = lock
    return True


def release_lock(holder: str) -> None:
    lock = _held.pop(holder, None)
    if lock is not None:
        lock.release()


# --- Loading facts --------------------------------------------------------------------------


def _scoped(queryset, field: str, scope_code: str | None):
    return queryset.filter(region_scope_q(field, scope_code)) if scope_code else queryset


def load_facts(scope_code: str | None, years: list[int]) -> dict[int, rules.PokjaFacts]:
    """All evidence of the Pokja in scope, by Pokja id: one query per kind of evidence."""
    first, last = min(years), max(years)
    facts: dict[int, rules.PokjaFacts] = defaultdict(rules.PokjaFacts)
    field = "pokja__region__code"

    decrees = _scoped(Decree.objects.all(), field, scope_code).values_list(
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

    plans = _scoped(WorkPlan.objects.filter(year__range=(first, last)), field, scope_code)
    for pokja_id, *values in plans.values_list(
        "pokja_id", "pk", "year", "title", "status", "working_group_id"
    ):
        facts[pokja_id].plans.append(rules.PlanFact(*values))

    documents = _scoped(
        IndicatorDocument.objects.filter(year_start__lte=last, year_end__gte=first),
        field,
        scope_code,
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

    budgets = (
        _scoped(
            BudgetAllocation.objects.filter(is_operational=True, year__range=(first, last)),
            field,
            scope_code,
        )
        .values("pokja_id", "working_group_id", "year", "status")
        .annotate(total=Sum("amount"), first_pk=Min("pk"))
        .order_by()
    )
    for row in budgets:
        facts[row["pokja_id"]].budgets.append(
            rules.BudgetFact(
                year=row["year"],
                status=row["status"],
                total=row["total"],
                pk=row["first_pk"],
                working_group_id=row["working_group_id"],
            )
        )
    return facts


# --- The run --------------------------------------------------------------------------------


def recompute(
    *,
    years: list[int],
    scope_code: str | None = None,
    trigger: str = AssessmentRun.Trigger.COMMAND,
    requested_by=None,
    run: AssessmentRun | None = None,
    today: date | None = None,
) -> AssessmentRun:
    """Recompute every region in scope (all, a province, or one region) for the given years."""
    today = today or timezone.localdate()
    if run is None:
        run = AssessmentRun.objects.create(
            trigger=trigger, scope_code=scope_code or "", years=years, requested_by=requested_by
        )
    holder = f"run-{run.pk}"
    if not acquire_lock(holder):
        run.status = AssessmentRun.Status.SKIPPED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        raise EngineBusy
    try:
        fail_abandoned_runs(exclude_pk=run.pk)
        run.status = AssessmentRun.Status.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
        with transaction.atomic():
            _compute_and_store(run, years, scope_code or None, today)
        run.status = AssessmentRun.Status.DONE
    except Exception as exc:
        logger.exception("Effectiveness run %s failed", run.pk)
        run.status = AssessmentRun.Status.FAILED
        run.errors = [*run.errors, {"region": "", "error": repr(exc)}]
        raise
    finally:
        run.finished_at = timezone.now()
        run.save()
        release_lock(holder)
    return run


def _compute_and_store(run: AssessmentRun, years: list[int], scope_code, today: date) -> None:
    regions = list(
        _scoped(Region.objects.filter(level__in=JUDGED_LEVELS), "code", scope_code).values_list(
            "code", "pokja__id"
        )
    )
    facts = load_facts(scope_code, years)
    groups = defaultdict(list)
    group_rows = _scoped(
        WorkingGroup.objects.filter(is_active=True), "pokja__region__code", scope_code
    )
    for pokja_id, pk, name, kind in group_rows.values_list("pokja_id", "pk", "name", "kind"):
        groups[pokja_id].append({"pk": pk, "name": name, "kind": kind})
    existing = {
        (a.region_id, a.year): a
        for a in _scoped(Assessment.objects.filter(year__in=years), "region__code", scope_code)
    }
    now = timezone.now()
    assessments, changes, errors = [], [], []
    for code, pokja_id in regions:
        for year in years:
            try:
                assessment = _assess(code, pokja_id, facts, groups, year, today, now, run)
            except Exception as exc:  # one region's odd data must not abort the others
                logger.exception("Assessing %s for %s failed", code, year)
                errors.append({"region": code, "year": year, "error": repr(exc)})
                continue
            previous = existing.get((code, year))
            change = _change(previous, assessment, run)
            if previous and not change:
                assessment.changed_at = previous.changed_at
            if change:
                changes.append(change)
            assessments.append(assessment)
    Assessment.objects.bulk_create(
        assessments,
        update_conflicts=True,
        unique_fields=["region", "year"],
        update_fields=[
            "sk_met",
            "plan_met",
            "indicator_met",
            "budget_met",
            "score",
            "is_effective",
            "has_pokja",
            "assessed_on",
            "evidence",
            "reasons",
            "groups",
            "computed_at",
            "changed_at",
            "run",
        ],
    )
    AssessmentChange.objects.bulk_create(changes)
    run.region_count = len(regions)
    run.change_count = len(changes)
    run.errors = errors


def _assess(code, pokja_id, facts, groups, year, today, now, run) -> Assessment:
    pokja_facts = facts.get(pokja_id, rules.PokjaFacts()) if pokja_id else None
    judgement = rules.judge(pokja_facts, year, today)
    results = judgement.results
    group_breakdown = []
    for group in groups.get(pokja_id, []):
        group_judgement = rules.judge_group(pokja_facts, group["pk"], year, today)
        group_breakdown.append(
            {
                **group,
                "score": group_judgement.score,
                "met": {c: r.met for c, r in group_judgement.results.items()},
                "reasons": {c: r.reason for c, r in group_judgement.results.items() if r.reason},
            }
        )
    return Assessment(
        region_id=code,
        year=year,
        sk_met=results["sk"].met,
        plan_met=results["plan"].met,
        indicator_met=results["indicator"].met,
        budget_met=results["budget"].met,
        score=judgement.score,
        is_effective=judgement.is_effective,
        has_pokja=pokja_id is not None,
        assessed_on=rules.assessment_date(year, today),
        evidence={c: r.evidence for c, r in results.items() if r.evidence},
        reasons={c: r.reason for c, r in results.items() if r.reason},
        groups=group_breakdown,
        computed_at=now,
        changed_at=now,
        run=run,
    )


def _change(previous: Assessment | None, new: Assessment, run) -> AssessmentChange | None:
    """What differs from the previous run's result; None when nothing that matters changed."""
    criteria = {
        c: [previous.met(c) if previous else None, new.met(c)]
        for c in rules.CRITERIA
        if previous is None or previous.met(c) != new.met(c)
    }
    if previous is not None and not criteria:
        return None
    return AssessmentChange(
        region_id=new.region_id,
        year=new.year,
        run=run,
        old_score=previous.score if previous else None,
        new_score=new.score,
        was_effective=previous.is_effective if previous else None,
        is_effective=new.is_effective,
        criteria=criteria,
    )
