"""The targets app's reminder sources: province targets not final before the Rakerda, and
achievements missing for the last closed period."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_noop

from pokja.kernel.registry import registry
from pokja.reminders.services import Due, ReminderContext
from targets.models import Achievement, Indicator, ProvinceTarget, RegionTarget
from targets.services.achievements import MONTHS, QUARTERS


def rakerda_date(year: int) -> datetime.date:
    month, day = (int(part) for part in settings.REMINDER_RAKERDA_DATE.split("-"))
    return datetime.date(year, month, day)


def targets_not_final(context: ReminderContext):
    """From the lead time before a year's Rakerda on: the province's draft targets of that year,
    counted, for the province's staff."""
    lead = datetime.timedelta(days=settings.REMINDER_RAKERDA_LEAD_DAYS)
    for year in (context.today.year, context.today.year + 1):
        rakerda = rakerda_date(year)
        if context.today < rakerda - lead:
            continue
        counts = defaultdict(int)
        drafts = ProvinceTarget.objects.filter(
            context.region_q("region__code"), year=year, status=ProvinceTarget.Status.DRAF
        ).values_list("region_id", flat=True)
        for code in drafts:
            counts[code] += 1
        for code, count in counts.items():
            for user_id in context.owners(code):
                yield Due(
                    user_id=user_id,
                    kind="targets_not_final",
                    key=f"{code}:{year}",
                    title=gettext_noop("%(count)s targets for %(year)s are not final"),
                    reason=gettext_noop("Finalise them before the Rakerda of %(rakerda_date)s."),
                    url=reverse("targets:index", args=[code, year]),
                    params={"count": count, "year": year, "rakerda_date": rakerda.isoformat()},
                    region=code,
                    due_on=rakerda,
                )


def last_period(frequency: str, today: datetime.date) -> tuple[int, int]:
    """(year, period) of the last closed period of an indicator's reporting."""
    if frequency == Indicator.Frequency.MONTHLY:
        if today.month == 1:
            return today.year - 1, MONTHS[-1]
        return today.year, today.month - 1
    if frequency == Indicator.Frequency.QUARTERLY:
        closed = (today.month - 1) // 3
        if closed == 0:
            return today.year - 1, QUARTERS[-1]
        return today.year, QUARTERS[closed - 1]
    return today.year - 1, Achievement.YEARLY


def achievements_missing(context: ReminderContext):
    """Each kab/kota with a target share for an indicator whose last closed period has no
    achievement yet (computed indicators excepted), for those who enter its data."""
    indicators = Indicator.objects.filter(is_active=True).exclude(
        code__in=list(registry.achievement_sources)
    )
    wanted = {}
    for indicator in indicators:
        year, period = last_period(indicator.frequency, context.today)
        wanted[indicator.pk] = (year, period, indicator.name, indicator.code)
    if not wanted:
        return
    years = {values[0] for values in wanted.values()}
    shares = RegionTarget.objects.filter(
        context.region_q("region__code"),
        province_target__indicator_id__in=wanted,
        province_target__year__in=years,
    ).values_list("region_id", "province_target__indicator_id", "province_target__year")
    expected = {
        (code, indicator_id)
        for code, indicator_id, year in shares
        if wanted[indicator_id][0] == year
    }
    if not expected:
        return
    entered = set(
        Achievement.objects.filter(
            context.region_q("region__code"),
            indicator_id__in=wanted,
            year__in=years,
        ).values_list("region_id", "indicator_id", "year", "period")
    )
    missing = defaultdict(list)
    for code, indicator_id in expected:
        year, period, name, indicator_code = wanted[indicator_id]
        if (code, indicator_id, year, period) not in entered:
            missing[(code, year, period)].append((name, indicator_code))
    for (code, year, period), found in missing.items():
        names = [name for name, _code in found]
        # The grid opens on the first missing indicator and the period.
        query = urlencode({"indicator": min(found)[1], "period": period})
        url = reverse("targets:achievements", args=[code.split(".")[0], year])
        for user_id in context.owners(code):
            yield Due(
                user_id=user_id,
                kind="achievements_missing",
                key=f"{code}:{year}:{period}",
                title=gettext_noop("Achievements for %(period)s not entered: %(count)s indicators"),
                reason=gettext_noop("Missing: %(names)s."),
                url=f"{url}?{query}",
                params={
                    "period": _period_text(year, period),
                    "count": len(names),
                    "names": ", ".join(sorted(names))[:200],
                },
                region=code,
            )


def _period_text(year: int, period: int) -> str:
    if period == Achievement.YEARLY:
        return str(year)
    if period in QUARTERS:
        return f"Q{period - 100} {year}"
    return f"{period:02d}/{year}"
