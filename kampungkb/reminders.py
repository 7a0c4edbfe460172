"""The Kampung KB's reminder sources ("Perlu tindakan" and the digest), for the village's
operator: this month's profile while it is missing, and the drafts not submitted yet. (A
returned profile or activity is the core's `rejected_records`, which reaches the operator as the
one who enters the village's data.) Registered in registrations.py; a fixed number of queries
whatever the number of Kampung KB."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_noop

from kampungkb.models import Activity, KampungKB, Profile
from kampungkb.record_types import ACTIVITIES, PROFILES
from pokja.kernel.verification import Status
from pokja.reminders.services import Due, ReminderContext


def profile_deadline(month: datetime.date) -> datetime.date:
    """The day a month's profile is due: the configured day of that month (its last day at
    most)."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(settings.REMINDER_KAMPUNGKB_PROFILE_DAY, last))


def profile_due(context: ReminderContext):
    """This month's profile of each active Kampung KB that has none yet, for its operators:
    due by the configured day, overdue after it."""
    month = context.today.replace(day=1)
    deadline = profile_deadline(month)
    entered = Profile.objects.filter(kampung=OuterRef("pk"), period=month)
    rows = (
        KampungKB.objects.active()
        .filter(context.region_q("region__code"))
        .filter(~Exists(entered))
        .values_list("pk", "region_id", "name")
    )
    late = context.today > deadline
    for pk, code, name in rows:
        for user_id in context.owners(code):
            yield Due(
                user_id=user_id,
                kind="kampungkb_profile_due",
                key=f"{pk}:{month:%Y-%m}",
                title=gettext_noop(
                    "Profile of %(kampung)s for %(period_month)s was due on %(due_date)s"
                )
                if late
                else gettext_noop(
                    "Profile of %(kampung)s for %(period_month)s: due by %(due_date)s"
                ),
                reason=gettext_noop(
                    "Enter this month's profile and submit it: the coordinator verifies it, and "
                    "the class is computed from the latest verified profile."
                ),
                url=PROFILES.create_url(KampungKB(pk=pk)),
                params={
                    "kampung": name,
                    "period_month": month.isoformat(),
                    "due_date": deadline.isoformat(),
                },
                region=code,
                due_on=deadline,
            )


def drafts(context: ReminderContext):
    """Profiles and activities saved as drafts and never submitted, for the village's
    operators: a draft is not verified, so it counts for nothing yet."""
    this_month = context.today.replace(day=1)
    profiles = (
        Profile.objects.filter(context.region_q("kampung__region__code"))
        .filter(status=Status.DRAF, kampung__is_active=True)
        .values_list("pk", "kampung__region_id", "kampung__name", "period")
    )
    for pk, code, name, period in profiles:
        for user_id in context.owners(code):
            yield Due(
                user_id=user_id,
                kind="kampungkb_draft",
                key=f"profil:{pk}",
                title=gettext_noop(
                    "Profile of %(kampung)s for %(period_month)s is a draft: submit it by "
                    "%(due_date)s"
                )
                if period == this_month
                else gettext_noop(
                    "Profile of %(kampung)s for %(period_month)s is a draft: submit it"
                ),
                reason=gettext_noop(
                    "A draft is not sent to the coordinator and does not count for the class: "
                    "check it and submit it."
                ),
                url=PROFILES.url("edit", Profile(pk=pk)),
                params={
                    "kampung": name,
                    "period_month": period.isoformat(),
                    "due_date": profile_deadline(period).isoformat(),
                },
                region=code,
                due_on=profile_deadline(period) if period == this_month else None,
            )
    activities = (
        Activity.objects.filter(context.region_q("kampung__region__code"))
        .filter(status=Status.DRAF, kampung__is_active=True)
        .values_list("pk", "kampung__region_id", "kampung__name", "held_on")
    )
    for pk, code, name, held_on in activities:
        for user_id in context.owners(code):
            yield Due(
                user_id=user_id,
                kind="kampungkb_draft",
                key=f"kegiatan:{pk}",
                title=gettext_noop(
                    "Activity of %(kampung)s on %(held_date)s is a draft: submit it"
                ),
                reason=gettext_noop(
                    "A draft is not sent to the coordinator, and its agencies do not count for "
                    "the class: check it and submit it."
                ),
                url=ACTIVITIES.url("edit", Activity(pk=pk)),
                params={"kampung": name, "held_date": held_on.isoformat()},
                region=code,
            )
