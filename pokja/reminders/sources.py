"""The core app's reminder sources (registered in registrations.py). Each runs a fixed number of
queries whatever the number of regions, and says for whom an item is due."""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_noop

from pokja.kernel.registry import registry
from pokja.kernel.verification import Status
from pokja.models import Decree, Pokja, WorkPlan
from pokja.queue import overdue_before
from pokja.reminders.services import Due, ReminderContext


def sk_expiring(context: ReminderContext):
    """The current SK of each Pokja (or working group) that expires within the threshold or has
    expired, with no later SK to replace it."""
    limit = context.today + datetime.timedelta(days=settings.REMINDER_SK_EXPIRY_DAYS)
    rows = (
        Decree.objects.filter(context.region_q("pokja__region__code"))
        .verified()
        .filter(revoked_on__isnull=True)
        .values(
            "pk",
            "number",
            "valid_from",
            "valid_until",
            "working_group_id",
            "pokja__region_id",
            "pokja__region__name",
        )
    )
    latest = {}
    for row in rows:
        group = (row["pokja__region_id"], row["working_group_id"])
        if group not in latest or row["valid_from"] > latest[group]["valid_from"]:
            latest[group] = row
    for (code, _group), row in latest.items():
        until = row["valid_until"]
        if until is None or until > limit:
            continue
        expired = until < context.today
        params = {
            "number": row["number"],
            "expiry_date": until.isoformat(),
            "region": row["pokja__region__name"],
            "days": settings.REMINDER_SK_EXPIRY_DAYS,
        }
        for user_id in context.owners(code):
            yield Due(
                user_id=user_id,
                kind="sk_expiring",
                key=str(row["pk"]),
                title=gettext_noop("SK %(number)s expired on %(expiry_date)s")
                if expired
                else gettext_noop("SK %(number)s expires on %(expiry_date)s"),
                reason=gettext_noop(
                    "The Pokja of %(region)s needs a valid SK to count as effective: enter "
                    "the new SK."
                ),
                url=reverse("pokja:decree_create", kwargs={"code": code}),
                params=params,
                region=code,
                due_on=until,
            )


def workplan_next_year(context: ReminderContext):
    """From the configured month on: each active Pokja without a work plan for next year."""
    if context.today.month < settings.REMINDER_WORKPLAN_MONTH:
        return
    year = context.today.year + 1
    plans = WorkPlan.objects.filter(pokja=OuterRef("pk"), year=year, working_group__isnull=True)
    pokjas = (
        Pokja.objects.filter(context.region_q("region__code"), is_active=True)
        .filter(~Exists(plans))
        .values_list("region_id", "region__name")
    )
    for code, name in pokjas:
        for user_id in context.owners(code):
            yield Due(
                user_id=user_id,
                kind="workplan_next_year",
                key=f"{code}:{year}",
                title=gettext_noop("No work plan for %(year)s yet"),
                reason=gettext_noop(
                    "Next year's work plan of the Pokja of %(region)s is due before the year "
                    "starts."
                ),
                url=reverse("pokja:workplan_create", kwargs={"code": code}),
                params={"year": year, "region": name},
                region=code,
                due_on=datetime.date(context.today.year, 12, 31),
            )


def verification_waiting(context: ReminderContext):
    """Submissions waiting longer than the threshold, counted per kind and province, for the
    province's staff."""
    days = settings.REMINDER_VERIFICATION_DAYS
    before = overdue_before(context.today)  # what the queue marks "terlambat"
    for label, entry in registry.queue.items():
        queryset = entry.model.objects.all()
        code_field = queryset.region_code_field
        codes = (
            queryset.filter(context.region_q(code_field))
            .filter(status=Status.DIAJUKAN, updated_at__lt=before)
            .values_list(code_field, flat=True)
        )
        per_province = Counter(code.split(".")[0] for code in codes)
        for province, count in per_province.items():
            for user_id in context.verifiers(province):
                yield Due(
                    user_id=user_id,
                    kind="verification_waiting",
                    key=f"{label}:{province}",
                    title=gettext_noop("%(count)s %(records)s waiting for verification"),
                    reason=gettext_noop(
                        "Submitted more than %(days)s days ago: their owners wait for your answer."
                    ),
                    url=reverse("pokja:verification_queue"),
                    params={"count": count, "model": label, "days": days},
                    region=province,
                )


def rejected_records(context: ReminderContext):
    """Rejected (or returned) records not corrected yet, for those who enter the region's data
    (a village's operator for its Kampung KB records) and for whoever created the record, in
    plain words: "Laporan semester TPPS Kota Banjarmasin, semester 1 2026, ditolak: perbaiki dan
    kirim ulang", linked to the form that corrects it."""
    wanted = {pk for pks in context.users_by_region.values() for pk in pks}
    edit_urls = {rt.model: rt for rt in registry.record_types.values()}
    for label, entry in registry.queue.items():
        queryset = entry.model.objects.all()
        code_field = queryset.region_code_field
        records = (
            queryset.filter(context.region_q(code_field))
            .rejected()
            .select_related(*entry.select_related)
        )
        record_type = edit_urls.get(entry.model)
        for record in records:
            region = _region(record, code_field)
            users = set(context.owners(region.code))
            if record.created_by_id in wanted:
                users.add(record.created_by_id)
            for user_id in users:
                yield Due(
                    user_id=user_id,
                    kind="rejected",
                    key=f"{label}:{record.pk}",
                    title=gettext_noop(
                        "%(record_kind)s %(region)s, %(record)s, was rejected: correct it and "
                        "submit it again"
                    ),
                    reason=gettext_noop("The verifier's reason: %(reason)s."),
                    url=record_type.url("edit", record)
                    if record_type
                    else record.get_absolute_url(),
                    params={
                        "model": label,
                        "region": region.name,
                        "record": record.plain_label(),
                        "reason": record.rejection_reason[:150].rstrip(". "),
                    },
                    region=region.code,
                )


def _region(record, code_field: str):
    """The region a record belongs to, following its queryset's path to the region's code."""
    value = record
    for step in code_field.split("__")[:-1]:
        value = getattr(value, step)
    return value
