"""Writes of the stunting app that are not a single record's save: the nightly overdue
computation and the convergence actions' checklist (record saves go through the kernel's
workflow)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pokja.kernel import pagecache, policy, workflow
from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from stunting.models import ConvergenceAction, OverdueReport, SemesterReport, semester_due_on
from stunting.models.reports import REPORTING_LEVELS, ReportStatus, semester_end
from stunting.selectors import reporting_teams

# A report counts as delivered once submitted; a returned one is owed again.
DELIVERED = (ReportStatus.DIAJUKAN, ReportStatus.DITERIMA)


def semesters_past_due(today: datetime.date) -> list[tuple[int, int]]:
    first = settings.STUNTING_FIRST_REPORT_YEAR
    return [
        (year, semester)
        for year in range(first, today.year + 1)
        for semester in (1, 2)
        if semester_due_on(year, semester) < today
    ]


def is_due(formed_on: datetime.date | None, year: int, semester: int) -> bool:
    """A team owes the report of every semester that ended after it was formed (an unknown
    formation date: every semester from `STUNTING_FIRST_REPORT_YEAR`)."""
    return formed_on is None or semester_end(year, semester) >= formed_on


@transaction.atomic
def compute_overdue_reports(today: datetime.date | None = None) -> int:
    """Rewrite the list of reports still owed after their deadline: every province and kab/kota
    with a TPPS times every semester past due since the team was formed, minus the reports
    delivered. Five queries whatever the number of regions, safe to run twice (the rows are
    replaced, conflicts ignored)."""
    today = today or timezone.localdate()
    semesters = semesters_past_due(today)
    teams = reporting_teams()
    codes = list(
        Region.objects.filter(level__in=REPORTING_LEVELS, code__in=list(teams)).values_list(
            "code", flat=True
        )
    )
    delivered = set(
        SemesterReport.objects.filter(
            status__in=DELIVERED, year__gte=settings.STUNTING_FIRST_REPORT_YEAR
        ).values_list("region_id", "year", "semester")
    )
    rows = [
        OverdueReport(
            region_id=code,
            year=year,
            semester=semester,
            due_on=semester_due_on(year, semester),
            computed_on=today,
        )
        for code in codes
        for year, semester in semesters
        if is_due(teams[code], year, semester) and (code, year, semester) not in delivered
    ]
    OverdueReport.objects.all().delete()
    OverdueReport.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    pagecache.bump()  # bulk writes send no signals
    return len(rows)


def nightly(*, run=None) -> None:
    """The nightly job registered with the kernel (see stunting/registrations.py); runs after
    the nightly effectiveness recompute."""
    compute_overdue_reports()


# --- the 8 convergence actions ------------------------------------------------------------


def may_score(user: User, region: Region) -> bool:
    """The province scores its kab/kota: its staff and admins."""
    return policy.may_manage_province(user, region.province_code)


@transaction.atomic
def action_save(
    *, action: ConvergenceAction, user: User, expected_version: int | None, scoring: bool
) -> ConvergenceAction:
    """Save one action's status (the kab/kota or the province) or its score (the province)."""
    if scoring and not may_score(user, action.region):
        raise PermissionDenied
    if not policy.may_change_region(user, action.region_id):
        raise PermissionDenied
    return workflow.record_save(record=action, user=user, expected_version=expected_version)
