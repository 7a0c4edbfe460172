"""The demo's submissions as a Monday finds them: submitted over the last weeks, not all in the
second the demo was seeded, so the verification queue shows days waited and what is overdue."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import models
from django.utils import timezone

from pokja.kernel import pagecache
from pokja.kernel.registry import registry
from pokja.kernel.verification import Status

# Days waited cycle over this many values by record id: about a third past the threshold.
SPREAD_DAYS = 21


def spread_demo_waiting() -> None:
    """Back-date each demo record awaiting verification by 0-20 days (by its id, so reseeding
    gives the same queue). A bulk update: no history entry, and the page cache is told."""
    now = timezone.now()
    today = timezone.localdate()
    for entry in registry.queue.values():
        model = entry.model
        waiting = model.objects.filter(is_demo=True, status=Status.DIAJUKAN)
        # A monthly record (a Kampung KB profile) is not submitted before its month begins.
        dated = any(
            f.name == "period" and isinstance(f, models.DateField)
            for f in model._meta.concrete_fields
        )
        by_days = defaultdict(list)
        for pk, period in waiting.values_list("pk", "period" if dated else "pk"):
            days = (pk * 5) % SPREAD_DAYS
            if dated and period:
                days = min(days, max((today - period).days, 0))
            by_days[days].append(pk)
        for days, pks in by_days.items():
            model.objects.filter(pk__in=pks).update(
                updated_at=now - datetime.timedelta(days=days, hours=days % 5)
            )
    pagecache.bump()
